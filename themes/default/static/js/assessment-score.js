// Scores an assessment from a record's answers, exactly as docs/content-format.md describes:
// a section's score is the mean of its answered scored items (reverse items reversed, checks
// 1 for yes and 0 for no, choices their option's points); the overall score is the mean of
// the section scores, only when every scored section uses the one shared scale.

/** The name of the scale a section's scale items use. */
export function sectionScaleName(def, section) {
  const names = Object.keys(def.scales || {});
  return section.scale || def.default_scale || (names.length === 1 ? names[0] : null);
}

/** The scored item type of a section ("scale", "check", "choice"), or null for notes only. */
export function sectionType(section) {
  const scored = section.items.find((item) => item.type !== "text");
  return scored ? scored.type : null;
}

function scaleBounds(scale) {
  const values = scale.map((option) => option.value);
  return [Math.min(...values), Math.max(...values)];
}

/** The lowest and highest score a section can have, or null when nothing in it is scored. */
export function sectionRange(def, section) {
  const type = sectionType(section);
  if (type === "scale") {
    const scale = def.scales[sectionScaleName(def, section)];
    return scale ? scaleBounds(scale) : null;
  }
  if (type === "check") return [0, 1];
  if (type === "choice") {
    const points = section.items.flatMap((item) => (item.options || []).map((o) => o.points));
    return points.length ? [Math.min(...points), Math.max(...points)] : null;
  }
  return null;
}

/**
 * The points one answer earns, or null when unanswered or not a valid answer. `raw` is the
 * form value: a scale value, "1"/"0" for a check, the option's value for a choice.
 */
export function itemPoints(def, section, item, raw, { reversed = true } = {}) {
  if (raw === undefined || raw === null || raw === "") return null;
  if (item.type === "scale") {
    const scale = def.scales[sectionScaleName(def, section)] || [];
    const value = Number(raw);
    if (!scale.some((option) => option.value === value)) return null;
    const [low, high] = scaleBounds(scale);
    return item.reverse && reversed ? low + high - value : value;
  }
  if (item.type === "check") return raw === "1" ? 1 : raw === "0" ? 0 : null;
  if (item.type === "choice") {
    const option = (item.options || []).find((o) => o.value === raw);
    return option ? option.points : null;
  }
  return null;
}

/** The band a score falls in: [min, max), the last band including its max. */
export function bandFor(bands, score) {
  if (score === null || !bands || !bands.length) return null;
  const last = bands.length - 1;
  return bands.find((b, i) => score >= b.min && (score < b.max || (i === last && score <= b.max))) || null;
}

/** Every scored section's result for `answers` (an object of item id to form value). */
export function scoreSections(def, answers, visible = () => true) {
  return def.sections
    .filter((section) => sectionType(section) !== null)
    .map((section) => {
      const scored = section.items.filter((item) => item.type !== "text" && visible(item));
      const points = scored
        .map((item) => itemPoints(def, section, item, answers[item.id]))
        .filter((p) => p !== null);
      const score = points.length ? points.reduce((a, b) => a + b, 0) / points.length : null;
      const result = {
        id: section.id,
        title: section.title,
        type: sectionType(section),
        range: sectionRange(def, section),
        answered: points.length,
        total: scored.length,
        score,
        band: bandFor(section.bands, score),
      };
      if (result.type === "check") result.inPlace = points.filter((p) => p === 1).length;
      return result;
    });
}

/** The one scale every scored section shares, or null (then there is no overall score). */
export function sharedScale(def) {
  const scored = def.sections.filter((s) => sectionType(s) !== null);
  if (!scored.length || scored.some((s) => sectionType(s) !== "scale")) return null;
  const first = sectionScaleName(def, scored[0]);
  return scored.every((s) => sectionScaleName(def, s) === first) ? first : null;
}

/** The overall result: the mean of the answered section scores, or null without a shared scale. */
export function overallScore(def, sections) {
  const scaleName = sharedScale(def);
  if (!scaleName) return null;
  const scores = sections.map((s) => s.score).filter((s) => s !== null);
  const score = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  return { score, range: scaleBounds(def.scales[scaleName]), band: bandFor(def.bands, score) };
}

/** A score as readers see it: two decimals at most, "not answered yet" when empty. */
export function formatScore(score) {
  if (score === null || score === undefined) return "not answered yet";
  return String(Math.round(score * 100) / 100);
}

/**
 * A check section's count, e.g. "4 of 6 in place", naming the unanswered checks too: the band
 * reads the answered ones only, so "1 of 4 in place" alone would hide why it is high.
 */
export function checkCount(result) {
  const open = result.total - result.answered;
  return `${result.inPlace} of ${result.total} in place${open ? `, ${open} not answered yet` : ""}`;
}

/** One line describing a section result, e.g. "3.5 of 5: Borderline" or "4 of 6 in place". */
export function describeSection(result) {
  if (result.score === null) return `${result.title}: not answered yet`;
  const band = result.band ? `: ${result.band.label}` : "";
  if (result.type === "check") return `${result.title}: ${checkCount(result)}${band}`;
  return `${result.title}: ${formatScore(result.score)} of ${result.range[1]}${band}`;
}
