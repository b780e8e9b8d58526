// Builds the results, comparison, landscape and team tables and the bar chart with
// createElement and textContent only: answers and imported strings never become HTML.

const SVG = "http://www.w3.org/2000/svg";

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? "")));
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A table with a caption, a header row and body rows (cells are strings), in a box that
 * scrolls sideways on a phone and that keyboard users can focus to scroll.
 */
export function table(caption, head, rows, rowClass = () => "") {
  const body = rows.map((row, i) => {
    const tr = el("tr", rowClass(i) ? { class: rowClass(i) } : {});
    row.forEach((cell, c) => tr.append(c === 0 ? el("th", { scope: "row" }, cell) : el("td", {}, cell)));
    return tr;
  });
  const grid = el("table", {}, el("caption", {}, caption), el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col" }, h)))), el("tbody", {}, ...body));
  return el("div", { class: "table-scroll", role: "region", tabindex: "0", "aria-label": caption }, grid);
}

function scoreText(result, score) {
  if (result.score === null) return result.notApplicable ? "not applicable" : "not answered yet";
  if (result.type === "check") return score.checkCount(result);
  return `${score.formatScore(result.score)} (${result.range[0]} to ${result.range[1]})${result.notApplicable ? `; ${result.notApplicable} not applicable, left out` : ""}`;
}

/** "Overall", or what it is when it is not the plain mean of the sections. */
function overallTitle(overall) {
  return overall.rule === "lowest" ? "Overall (the lowest section)" : "Overall";
}

/**
 * A horizontal bar per section, each bar's length its score within the section's range, in
 * HTML so its words keep the page's type size on a phone (an SVG scaled to a 390 px screen
 * shrank them to 8 px). Each bar takes its band's colour (the band's place among its section's
 * bands: first a concern, last a strength) and names the band in words, so colour is never the
 * only sign; an axis shows the scale's values.
 */
export function barChart(idBase, results, score) {
  const described = results.map((r) => score.describeSection(r)).join("; ");
  const chart = el("div", { class: "assessment-chart", role: "img", "aria-labelledby": `${idBase}-chart-title ${idBase}-chart-desc` },
    el("p", { class: "chart-title", id: `${idBase}-chart-title` }, "Section scores"),
    el("p", { class: "visually-hidden", id: `${idBase}-chart-desc` }, described));
  const key = (r) => r.range.join(" to ");
  const shared = results.every((r) => key(r) === key(results[0]));
  for (const result of results) {
    const [low, high] = result.range;
    const share = result.score === null ? 0 : (result.score - low) / (high - low || 1);
    const bar = el("span", { class: "chart-bar" });
    bar.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
    const value = result.score === null ? "–" : result.type === "check" ? `${result.inPlace}/${result.total}` : score.formatScore(result.score);
    const row = el("div", { class: `chart-row chart-row--${bandTone(result)}` },
      el("span", { class: "chart-label" }, result.title),
      el("span", { class: "chart-track" }, bar),
      el("span", { class: "chart-reading" }, el("span", { class: "chart-value" }, value), result.band ? el("span", { class: "chart-band" }, result.band.label) : ""));
    chart.append(row);
    if (!shared) chart.append(axis(result.range, score));
  }
  if (shared && results.length) chart.append(axis(results[0].range, score));
  return chart;
}

/** "low", "mid" or "high": where the result's band sits among its section's bands. */
function bandTone(result) {
  const bands = result.bands || [];
  const at = bands.indexOf(result.band);
  if (!result.band || at < 0) return "none";
  return at === 0 && bands.length > 1 ? "low" : at === bands.length - 1 ? "high" : "mid";
}

/** The scale's values under the bars: every whole step of a short scale, else five steps. */
function axis([low, high], score) {
  const steps = high - low > 0 && high - low <= 10 && Number.isInteger(low) && Number.isInteger(high) ? high - low : 4;
  const ticks = el("span", { class: "chart-ticks" });
  for (let i = 0; i <= steps; i++) {
    const tick = el("span", { class: "chart-tick" }, score.formatScore(low + ((high - low) * i) / steps));
    tick.style.left = `${(i / steps) * 100}%`;
    ticks.append(tick);
  }
  return el("div", { class: "chart-axis", "aria-hidden": "true" }, el("span", { class: "chart-label" }), ticks);
}

function dayLabel(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
}

/**
 * The results view: whose answers they are (with the assessment version and dates, for the
 * printed report), the chart, then a table of the same numbers with bands and guidance.
 * `about` is { name, label, version, updated }.
 */
export function resultsView(idBase, results, overall, score, about = null) {
  const guidance = (r) => `${r.band ? r.band.text : ""}${score.gateNote(r)}`.trim();
  const rows = results.map((r) => [r.title, scoreText(r, score), r.band ? r.band.label : "", guidance(r)]);
  if (overall) {
    const range = { ...overall, type: "scale", title: "Overall" };
    rows.push([overallTitle(overall), scoreText(range, score), overall.band ? overall.band.label : "", guidance(overall)]);
  }
  const frag = document.createDocumentFragment();
  if (about) {
    const changed = dayLabel(about.updated);
    frag.append(el("p", { class: "assessment-record-title" }, `${about.label}: ${about.name}`));
    frag.append(el("p", { class: "assessment-record-meta" }, `Assessment version ${about.version}. ${changed ? `Answers last changed on ${changed}. ` : ""}Report made on ${dayLabel(new Date().toISOString())}.`));
  }
  frag.append(barChart(idBase, results, score), table("Scores by section", ["Section", "Score", "Reading", "What it suggests"], rows));
  return frag;
}

function signed(change, score) {
  if (change === null) return "";
  const rounded = score.formatScore(change);
  return change > 0 ? `+${rounded}` : change === 0 ? "no change" : rounded;
}

/** Section scores now and at a snapshot, with the change. */
export function comparison(now, then, takenLabel, score) {
  const rows = now.map((n) => {
    const t = then.find((r) => r.id === n.id) || { score: null };
    const change = n.score !== null && t.score !== null ? n.score - t.score : null;
    return [n.title, score.formatScore(t.score), score.formatScore(n.score), signed(change, score)];
  });
  return table(`Section scores on ${takenLabel} and now`, ["Section", takenLabel, "Now", "Change"], rows);
}

/** The landscape: every record side by side with its section (and overall) scores. */
export function landscape(rows, sectionTitles, nameHeading, hasOverall, score) {
  const head = [nameHeading, ...sectionTitles, ...(hasOverall ? ["Overall", "Reading"] : [])];
  const body = rows.map((row) => [
    row.name,
    ...row.results.map((r) => (r.score === null ? "–" : r.type === "check" ? `${r.inPlace} of ${r.total}` : score.formatScore(r.score))),
    ...(hasOverall ? [score.formatScore(row.overall.score), row.overall.band ? row.overall.band.label : ""] : []),
  ]);
  return table("Your records", head, body);
}

/**
 * The team view of one subject: a summary line, section means with their band, then per
 * section a table of items: the flag first (so it shows on a phone without scrolling), the
 * figures, the counts per option and each person's answer in a column of its own.
 */
export function teamView(sections, people, score) {
  const frag = document.createDocumentFragment();
  const fmt = (v) => (v === null ? "–" : score.formatScore(v));
  const flagged = sections.flatMap((s) => s.items).filter((i) => i.flagged).length;
  frag.append(el("p", { class: "team-summary" }, `${people.length} ${people.length === 1 ? "response" : "responses"}. ${flagged} ${flagged === 1 ? "question" : "questions"} to talk through.`));
  const sectionRows = sections.map((s) => [s.title, s.mean === null ? "–" : `${fmt(s.mean)}${s.band ? `: ${s.band.label}` : ""}`, fmt(s.lowest), fmt(s.highest), String(s.count)]);
  frag.append(table("Section scores across the team", ["Section", "Mean", "Lowest", "Highest", "Answered"], sectionRows));
  for (const section of sections) {
    const rows = section.items.map((i) => [
      `${i.text}${i.reverse ? " (reversed item: answers shown as given)" : ""}`,
      i.flagged ? "Talk this through" : "",
      fmt(i.mean),
      fmt(i.lowest),
      fmt(i.highest),
      `${i.count}${i.notApplicable ? ` (+${i.notApplicable} not applicable)` : ""}`,
      i.counts,
      ...i.each,
    ]);
    frag.append(table(`${section.title}: answers by item`, ["Item", "Discuss", "Mean", "Lowest", "Highest", "Answered", "Answers", ...people], rows, (n) => (section.items[n].flagged ? "is-flagged" : "")));
  }
  return frag;
}
