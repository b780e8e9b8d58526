// Keeps a reader's answers in this browser's localStorage, under a key holding the site's base
// path, the assessment id and version: several named records (one per partner, say), each with
// dated snapshots. Nothing is ever sent anywhere.
//
// localStorage belongs to the whole origin, and on GitHub Pages every site of one owner
// (owner.github.io/*) shares it: the base path in the key keeps two toolkits' answers apart.
// (It does not hide them from a hostile site on the same origin; see the README.) Keys written
// before the base path was added (`partnerkit-assessment:{id}:{version}`) are moved on load.

const PREFIX = "partnerkit-assessment:";
// This file is `{base}js/assessment-store.js`, so the base path is one folder up.
const BASE = new URL("..", import.meta.url).pathname;
const SCOPE = `${PREFIX}${BASE}:`;

/** The storage key of one assessment version. */
export function storageKey(id, version) {
  return `${SCOPE}${id}:${version}`;
}

/** Every key under `prefix`. */
function keysStartingWith(prefix) {
  const keys = [];
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key && key.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

/** Every key this assessment has used on this site, whatever its version. */
export function keysOf(id) {
  return keysStartingWith(`${SCOPE}${id}:`);
}

/** Keys this assessment was saved under before keys held the base path. */
function unscopedKeysOf(id) {
  return keysStartingWith(`${PREFIX}${id}:`);
}

/**
 * Moves answers saved under unscoped keys to this site's keys. An old key is removed only
 * once its answers are safely under the new one; if the new key is already taken, both stay.
 */
function moveUnscoped(id) {
  for (const old of unscopedKeysOf(id)) {
    const scoped = `${SCOPE}${old.slice(PREFIX.length)}`;
    try {
      if (localStorage.getItem(scoped) !== null) continue;
      localStorage.setItem(scoped, localStorage.getItem(old));
      localStorage.removeItem(old);
    } catch {
      return; // storage full or blocked: the old key keeps the answers
    }
  }
}

export function newRecordId() {
  return `r${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** The key of the reader's role, which every form on every page shares. */
export function roleKey() {
  return `${PREFIX}role`;
}

/** The role the reader chose last, on any page ("" for every role). */
export function loadRole() {
  try {
    return localStorage.getItem(roleKey()) || "";
  } catch {
    return "";
  }
}

export function saveRole(role) {
  try {
    localStorage.setItem(roleKey(), role);
  } catch {
    // Without storage the role still applies to this page.
  }
}

export function newRecord(name) {
  return { id: newRecordId(), name, subject: "", answers: {}, updated: new Date().toISOString(), snapshots: [] };
}

function emptyState(id, version) {
  const first = newRecord("My answers");
  return { format: "partnerkit-assessment", assessment: id, version, answerFormat: 2, current: first.id, records: [first] };
}

function readKey(key) {
  try {
    const state = JSON.parse(localStorage.getItem(key));
    return state && Array.isArray(state.records) && state.records.length ? state : null;
  } catch {
    return null;
  }
}

/**
 * Loads the saved state: this version's, else the newest saved under an older version (its
 * answers load as they are; `migratedFrom` names the version they came from).
 */
export function load(id, version) {
  moveUnscoped(id);
  const own = readKey(storageKey(id, version));
  if (own) return own;
  const older = keysOf(id)
    .map(readKey)
    .filter(Boolean)
    .sort((a, b) => latest(b).localeCompare(latest(a)))[0];
  if (older) return { ...older, migratedFrom: String(older.version), version };
  return emptyState(id, version);
}

function latest(state) {
  return state.records.map((r) => r.updated || "").sort().pop() || "";
}

/** Saves the state under this version's key; false when the browser refuses (private mode, full). */
export function save(state) {
  const { migratedFrom, ...kept } = state;
  try {
    localStorage.setItem(storageKey(state.assessment, state.version), JSON.stringify(kept));
    return true;
  } catch {
    return false;
  }
}

/** A register's saved rows (a register is stored like an assessment, under its id and version). */
export function loadRegister(id, version) {
  const saved = readAny(storageKey(id, version)) || keysOf(id).map(readAny).find((state) => state && Array.isArray(state.rows));
  const rows = saved && Array.isArray(saved.rows) ? saved.rows : [];
  return { format: "partnerkit-register", assessment: id, version, rows };
}

function readAny(key) {
  try {
    return JSON.parse(localStorage.getItem(key));
  } catch {
    return null;
  }
}

/**
 * What each record of assessment `id` says overall, by subject (the newest saved version):
 * the summaries assessment.js keeps in each record, for a register row to show beside it.
 */
export function subjectSummaries(id) {
  const states = keysOf(id).map(readKey).filter(Boolean);
  const newest = states.sort((a, b) => latest(b).localeCompare(latest(a)))[0];
  const summaries = new Map();
  for (const record of newest ? newest.records : []) {
    const subject = (record.subject || "").trim();
    if (subject && !summaries.has(subject)) summaries.set(subject, record.summary || null);
  }
  return summaries;
}


/** Removes every key of this assessment, all versions (and any not yet moved), and returns how many there were. */
export function deleteAll(id) {
  const keys = [...keysOf(id), ...unscopedKeysOf(id)];
  keys.forEach((key) => localStorage.removeItem(key));
  return keys.length;
}

export function currentRecord(state) {
  return state.records.find((r) => r.id === state.current) || state.records[0];
}

/** Adds a dated copy of the record's answers to its snapshots and returns it. */
export function takeSnapshot(record) {
  const snapshot = { taken: new Date().toISOString(), subject: record.subject, answers: { ...record.answers } };
  record.snapshots.push(snapshot);
  return snapshot;
}
