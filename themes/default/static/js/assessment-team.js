// The team view's numbers: several people's answers to one assessment about one subject (a
// partner), per item and per section, with the items whose answers lie 2 points or more apart
// flagged for discussion. Item figures use the answers as given (a reverse item is not
// reversed, and is marked); section figures are the section scores, with the band of their
// mean. "Not applicable" answers are counted apart and left out of every mean.

const SPREAD_TO_DISCUSS = 2;

function summary(values) {
  if (!values.length) return { count: 0, mean: null, lowest: null, highest: null, flagged: false };
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { count: values.length, mean, lowest, highest, flagged: highest - lowest >= SPREAD_TO_DISCUSS };
}

/** The subjects the responses are about, in the order first met ("" for none named). */
export function subjects(responses) {
  return [...new Set(responses.map((r) => r.subject))];
}

/** "At our office: 2; Don't know: 1": how many chose each option, for the options chosen. */
function optionCounts(def, section, item, responses, score, io) {
  const counts = new Map();
  for (const { answers } of responses) {
    const raw = answers[item.id];
    if (raw === undefined || raw === "") continue;
    const label = io.answerLabel(def, section, item, raw, score);
    counts.set(label, (counts.get(label) || 0) + 1);
  }
  return [...counts].map(([label, n]) => `${label}: ${n}`).join("; ");
}

/**
 * Per section and item figures for `responses` (each { who, answers }), all about one subject.
 * Items carry each person's answer by label, in the order of `responses`.
 */
export function aggregate(def, responses, score, io) {
  const scored = responses.map(({ answers }) => score.scoreSections(def, answers));
  return def.sections
    .filter((section) => score.sectionType(section) !== null)
    .map((section) => {
      const sectionScores = scored.map((results) => results.find((r) => r.id === section.id)?.score ?? null);
      const items = section.items
        .filter((item) => item.type !== "text")
        .map((item) => {
          const values = responses
            .map(({ answers }) => score.itemPoints(def, section, item, answers[item.id], { reversed: false }))
            .filter((v) => v !== null);
          const notApplicable = responses.filter(({ answers }) => score.isNotApplicable(def, section, item, answers[item.id])).length;
          const each = responses.map(({ answers }) => (answers[item.id] === undefined ? "" : io.answerLabel(def, section, item, answers[item.id], score)));
          const counts = item.type === "choice" || notApplicable ? optionCounts(def, section, item, responses, score, io) : "";
          return { id: item.id, text: item.text, reverse: Boolean(item.reverse), notApplicable, each, counts, ...summary(values) };
        });
      const figures = summary(sectionScores.filter((s) => s !== null));
      return { id: section.id, title: section.title, band: score.bandFor(section.bands, figures.mean), ...figures, items };
    });
}
