// Export and import of saved answers. Exports are loss-free JSON (every record, snapshot and
// answer, with the assessment id and version) and CSV (one row per answer). Imported files
// are untrusted: `parseExport` checks their shape, types, ids and values and throws an Error
// whose message says what does not match; callers show strings with textContent only.

const MAX_TEXT = 10000;
const MAX_NAME = 300;
const MAX_RECORDS = 500;

/** Every item of the definition by id, with its section. */
export function itemIndex(def) {
  const index = new Map();
  for (const section of def.sections) for (const item of section.items) index.set(item.id, { section, item });
  return index;
}

/** The answers of `records` whose item ids the definition no longer has. */
export function unknownItemIds(def, records) {
  const index = itemIndex(def);
  const ids = new Set();
  for (const record of records) {
    for (const answers of [record.answers, ...(record.snapshots || []).map((s) => s.answers)]) {
      Object.keys(answers).filter((id) => !index.has(id)).forEach((id) => ids.add(id));
    }
  }
  return [...ids];
}

/** The JSON export: everything saved for this assessment. */
export function exportJson(state) {
  const records = state.records.map(({ id, name, subject, answers, updated, snapshots }) => ({ id, name, subject, answers, updated, snapshots }));
  const file = { format: "partnerkit-assessment", assessment: state.assessment, version: state.version, answerFormat: ANSWER_FORMAT, exported: new Date().toISOString(), records };
  return JSON.stringify(file, null, 2);
}

/** A CSV cell: always quoted, and never read by a spreadsheet as a formula. */
export function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The CSV export: a header row, then one row per answer of every record, in question order. */
export function exportCsv(state, def, score) {
  const index = itemIndex(def);
  const rows = [["record", "subject", "section", "item", "question", "answer", "points"]];
  for (const record of state.records) {
    const given = (id) => record.answers[id] !== undefined && record.answers[id] !== null && record.answers[id] !== "";
    for (const [itemId, { section, item }] of index) {
      if (!given(itemId)) continue;
      const raw = record.answers[itemId];
      const points = score.itemPoints(def, section, item, raw);
      rows.push([record.name, record.subject, section.title, item.id, item.text, answerLabel(def, section, item, raw, score), points ?? ""]);
    }
    for (const itemId of Object.keys(record.answers).filter((id) => !index.has(id) && given(id))) {
      rows.push([record.name, record.subject, "(not in this assessment)", itemId, "", record.answers[itemId], ""]);
    }
  }
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/**
 * Answers saved before choice options had values (`answerFormat` below 2) name the option by
 * its position ("0" for the first); turns them into the option's value, in place.
 */
export function migrateChoicePositions(def, answerSets) {
  const index = itemIndex(def);
  for (const answers of answerSets) {
    if (!isObject(answers)) continue;
    for (const [id, raw] of Object.entries(answers)) {
      const item = index.get(id)?.item;
      if (item?.type !== "choice" || typeof raw !== "string" || !/^\d+$/.test(raw)) continue;
      const option = (item.options || [])[Number(raw)];
      if (option) answers[id] = option.value;
    }
  }
}

/** Every answers object in `records` (their current answers and their snapshots'). */
export function answerSets(records) {
  return (Array.isArray(records) ? records : []).filter(isObject).flatMap((r) => [r.answers, ...(Array.isArray(r.snapshots) ? r.snapshots.filter(isObject).map((s) => s.answers) : [])]);
}

/** The answer format this version writes: choices saved by option value, not position. */
export const ANSWER_FORMAT = 2;

/** What an answer says in words: the option's label, or the text itself. */
export function answerLabel(def, section, item, raw, score) {
  if (item.type === "text") return raw;
  if (score.isNotApplicable(def, section, item, raw)) return score.naOption(def, section, item).label;
  if (item.type === "check") return raw === "1" ? "Yes" : "No";
  if (item.type === "choice") return item.options.find((o) => o.value === raw)?.label ?? raw;
  const scale = (def.scales[score.sectionScaleName(def, section)] || []).filter((o) => !o.na);
  return scale.find((o) => o.value === Number(raw))?.label ?? raw;
}

function fail(message) {
  throw new Error(message);
}

function short(text) {
  const s = String(text);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function checkString(value, what, max, { optional = false } = {}) {
  if (optional && (value === undefined || value === null)) return "";
  if (typeof value !== "string") fail(`${what} should be text.`);
  if (value.length > max) fail(`${what} is longer than ${max} characters.`);
  return value;
}

/** Checks one answers object: text values, and valid values for the items the form knows. */
function checkAnswers(def, answers, where, score) {
  if (!isObject(answers)) fail(`${where}: "answers" should be an object of item ids and answers.`);
  const index = itemIndex(def);
  const entries = Object.entries(answers).map(([id, value]) => {
    checkString(value, `${where}: the answer to "${short(id)}"`, MAX_TEXT);
    const found = index.get(id);
    if (found && found.item.type !== "text" && value !== "" && !score.isValidAnswer(def, found.section, found.item, value)) {
      fail(`${where}: "${short(value)}" is not one of the options of item "${id}".`);
    }
    return [checkString(id, `${where}: an item id`, 200), value];
  });
  // fromEntries defines own properties, so a "__proto__" key stays a plain answer.
  return Object.fromEntries(entries);
}

function checkRecord(def, raw, position, score) {
  const where = `Record ${position}`;
  if (!isObject(raw)) fail(`${where} is not an object.`);
  const snapshots = raw.snapshots === undefined ? [] : raw.snapshots;
  if (!Array.isArray(snapshots)) fail(`${where}: "snapshots" should be a list.`);
  return {
    id: typeof raw.id === "string" && /^[A-Za-z0-9_-]{1,40}$/.test(raw.id) ? raw.id : null,
    name: checkString(raw.name, `${where}: "name"`, MAX_NAME) || `Record ${position}`,
    subject: checkString(raw.subject, `${where}: "subject"`, MAX_NAME, { optional: true }),
    answers: checkAnswers(def, raw.answers, where, score),
    updated: checkString(raw.updated, `${where}: "updated"`, 40, { optional: true }),
    snapshots: snapshots.map((snap, i) => {
      const at = `${where}, snapshot ${i + 1}`;
      if (!isObject(snap)) fail(`${at} is not an object.`);
      const taken = checkString(snap.taken, `${at}: "taken"`, 40);
      if (Number.isNaN(Date.parse(taken))) fail(`${at}: "taken" is not a date.`);
      const subject = checkString(snap.subject, `${at}: "subject"`, MAX_NAME, { optional: true });
      return { taken, subject, answers: checkAnswers(def, snap.answers, at, score) };
    }),
  };
}

/** Parses and checks an exported file's text; returns its version and records, or throws. */
export function parseExport(text, def, score) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    fail("The file is not valid JSON.");
  }
  if (!isObject(data) || data.format !== "partnerkit-assessment") fail("The file is not an answers file exported from this toolkit.");
  if (data.assessment !== def.id) fail(`The file holds answers to "${short(data.assessment)}", not to "${def.id}".`);
  if (typeof data.version !== "string" && typeof data.version !== "number") fail('The file has no "version".');
  if (!Array.isArray(data.records) || !data.records.length) fail("The file holds no records.");
  if (data.records.length > MAX_RECORDS) fail(`The file holds more than ${MAX_RECORDS} records.`);
  if (data.answerFormat !== ANSWER_FORMAT) migrateChoicePositions(def, answerSets(data.records));
  const records = data.records.map((record, i) => checkRecord(def, record, i + 1, score));
  return { version: String(data.version), records };
}
