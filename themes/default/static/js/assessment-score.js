// Scores an assessment from a record's answers, exactly as docs/content-format.md describes:
// a section's score is the mean of its answered scored items (reverse items reversed, checks
// 1 for yes and 0 for no, choices their option's points; "not applicable" answers left out);
// the overall score, only when every scored section uses the one shared scale, follows the
// `overall` rule (mean, weighted mean or lowest section). Gates then cap a band, with a reason.

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
  const values = scale.filter((option) => !option.na).map((option) => option.value);
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
    const points = section.items.flatMap((item) => (item.options || []).filter((o) => !o.na).map((o) => o.points));
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
    const scale = (def.scales[sectionScaleName(def, section)] || []).filter((option) => !option.na);
    const value = Number(raw);
    if (!/^-?\d+$/.test(String(raw)) || !scale.some((option) => option.value === value)) return null;
    const [low, high] = scaleBounds(scale);
    return item.reverse && reversed ? low + high - value : value;
  }
  if (item.type === "check") return raw === "1" ? 1 : raw === "0" ? 0 : null;
  if (item.type === "choice") {
    const option = (item.options || []).find((o) => o.value === raw);
    return option && !option.na ? option.points : null;
  }
  return null;
}

/** The "not applicable / don't know" option an item offers, or null. */
export function naOption(def, section, item) {
  if (item.type === "scale") return (def.scales[sectionScaleName(def, section)] || []).find((o) => o.na) || null;
  if (item.type === "choice") return (item.options || []).find((o) => o.na) || null;
  return null;
}

/** True when `raw` is the item's "not applicable" answer: answered, but without points. */
export function isNotApplicable(def, section, item, raw) {
  const na = naOption(def, section, item);
  return Boolean(na) && raw === (item.type === "scale" ? "na" : na.value);
}

/** True when `raw` is a valid answer to the item, scored or not applicable. */
export function isValidAnswer(def, section, item, raw) {
  return itemPoints(def, section, item, raw) !== null || isNotApplicable(def, section, item, raw);
}

/** The band a score falls in: [min, max), the last band including its max. */
export function bandFor(bands, score) {
  if (score === null || !bands || !bands.length) return null;
  const last = bands.length - 1;
  return bands.find((b, i) => score >= b.min && (score < b.max || (i === last && score <= b.max))) || null;
}

/** Every scored section's result for `answers` (an object of item id to form value). */
export function scoreSections(def, answers, visible = () => true) {
  const results = def.sections
    .filter((section) => sectionType(section) !== null)
    .map((section) => {
      const scored = section.items.filter((item) => item.type !== "text" && visible(item));
      const points = scored
        .map((item) => itemPoints(def, section, item, answers[item.id]))
        .filter((p) => p !== null);
      const notApplicable = scored.filter((item) => isNotApplicable(def, section, item, answers[item.id])).length;
      const score = points.length ? points.reduce((a, b) => a + b, 0) / points.length : null;
      const result = {
        id: section.id,
        title: section.title,
        type: sectionType(section),
        range: sectionRange(def, section),
        answered: points.length,
        notApplicable,
        total: scored.length,
        score,
        band: bandFor(section.bands, score),
        // The section's bands, for the chart's colour of a band (its place among them).
        bands: section.bands || [],
        gate: null,
      };
      if (result.type === "check") result.inPlace = points.filter((p) => p === 1).length;
      return result;
    });
  // Section gates read the bands before any capping, so their order does not matter.
  const context = { def, answers, results: results.map((r) => ({ ...r })), visible };
  for (const result of results) {
    const section = def.sections.find((s) => s.id === result.id);
    Object.assign(result, applyGates(section.gates, section.bands, result.band, context));
  }
  return results;
}

/** The one scale every scored section shares, or null (then there is no overall score). */
export function sharedScale(def) {
  const scored = def.sections.filter((s) => sectionType(s) !== null);
  if (!scored.length || scored.some((s) => sectionType(s) !== "scale")) return null;
  const first = sectionScaleName(def, scored[0]);
  return scored.every((s) => sectionScaleName(def, s) === first) ? first : null;
}

/** How the overall score is made: "mean" (weighted, if weights are given) or "lowest". */
function combine(overall, sections) {
  const answered = sections.filter((s) => s.score !== null);
  if (!answered.length) return null;
  if (overall.rule === "lowest") return Math.min(...answered.map((s) => s.score));
  const weight = (s) => (overall.weights || {})[s.id] ?? 1;
  const total = answered.reduce((sum, s) => sum + weight(s), 0);
  return answered.reduce((sum, s) => sum + weight(s) * s.score, 0) / total;
}

/**
 * The overall result, or null without a shared scale. `answers` lets gates on single
 * questions hold; without them only gates on section bands apply.
 */
export function overallScore(def, sections, answers = {}) {
  const scaleName = sharedScale(def);
  if (!scaleName) return null;
  const overall = def.overall || { rule: "mean", weights: {}, gates: [] };
  const score = combine(overall, sections);
  const band = bandFor(def.bands, score);
  const context = { def, answers, results: sections, visible: () => true };
  return { score, range: scaleBounds(def.scales[scaleName]), rule: overall.rule || "mean", ...applyGates(overall.gates, def.bands, band, context) };
}

/** Whether a gate's condition holds (see docs/content-format.md for the three forms). */
function holds(when, { def, answers, results, visible }) {
  if (when.band !== undefined) return results.find((r) => r.id === when.section)?.band?.label === when.band;
  if (when.unanswered) {
    const section = def.sections.find((s) => s.id === when.section);
    return section.items.some((item) => item.type !== "text" && visible(item) && (answers[item.id] === undefined || answers[item.id] === ""));
  }
  for (const section of def.sections) {
    const item = section.items.find((i) => i.id === when.item);
    if (!item) continue;
    const points = itemPoints(def, section, item, answers[item.id]);
    return points === null || points < when.below;
  }
  return false;
}

/**
 * Caps `band` at the first gate that holds and names a lower band; returns the band and the
 * gate that set it (null when none did), so readers see the reason.
 */
function applyGates(gates, bands, band, context) {
  if (!band || !gates || !gates.length) return { band, gate: null };
  let capped = { band, gate: null };
  for (const gate of gates) {
    const cap = bands.findIndex((b) => b.label === gate.at_most);
    if (cap < 0 || bands.indexOf(capped.band) <= cap || !holds(gate.when, context)) continue;
    capped = { band: bands[cap], gate };
  }
  return capped;
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

/** " Held at this reading: REASON" when a gate capped the band, else "". */
export function gateNote(result) {
  return result && result.gate ? ` Held at this reading: ${result.gate.reason}` : "";
}

/** ", 1 not applicable" when answers were left out of the mean as not applicable. */
export function naNote(result) {
  return result.notApplicable ? `, ${result.notApplicable} not applicable` : "";
}

/** One line describing a section result, e.g. "3.5 of 5: Borderline" or "4 of 6 in place". */
export function describeSection(result) {
  if (result.score === null) return `${result.title}: ${result.notApplicable ? "every answer not applicable" : "not answered yet"}`;
  const band = result.band ? `: ${result.band.label}` : "";
  if (result.type === "check") return `${result.title}: ${checkCount(result)}${band}`;
  return `${result.title}: ${formatScore(result.score)} of ${result.range[1]}${naNote(result)}${band}`;
}
