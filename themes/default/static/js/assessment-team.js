// The team view's numbers: several people's answers to one assessment, per item and per
// section, with the items whose answers lie 2 points or more apart flagged for discussion.
// Item figures use the answers as given (a reverse item is not reversed); section figures
// are the section scores.

const SPREAD_TO_DISCUSS = 2;

function summary(values) {
  if (!values.length) return { count: 0, mean: null, lowest: null, highest: null, flagged: false };
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { count: values.length, mean, lowest, highest, flagged: highest - lowest >= SPREAD_TO_DISCUSS };
}

/** Per section and item figures for `responses` (each an answers object). */
export function aggregate(def, responses, score) {
  const scored = responses.map((answers) => score.scoreSections(def, answers));
  return def.sections
    .filter((section) => score.sectionType(section) !== null)
    .map((section) => {
      const sectionScores = scored.map((results) => results.find((r) => r.id === section.id)?.score ?? null);
      const items = section.items
        .filter((item) => item.type !== "text")
        .map((item) => {
          const values = responses
            .map((answers) => score.itemPoints(def, section, item, answers[item.id], { reversed: false }))
            .filter((v) => v !== null);
          return { id: item.id, text: item.text, ...summary(values) };
        });
      return { id: section.id, title: section.title, ...summary(sectionScores.filter((s) => s !== null)), items };
    });
}
