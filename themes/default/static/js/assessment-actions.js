// The reader's saved work around the form: named records (one per partner, say) and their
// side-by-side landscape, dated snapshots and their comparison, JSON and CSV export, JSON
// import, the team view and "Delete all my answers". `app` is the AssessmentApp of
// assessment.js. Imported files are untrusted: they go through io.parseExport, and their
// strings are shown with textContent only.

const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** "1 record", "2 records". */
function count(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function dateLabel(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function fillSelect(select, options, selected) {
  select.replaceChildren(...options.map(([value, label]) => {
    const option = document.createElement("option");
    option.value = value;
    option.textContent = label;
    option.selected = value === selected;
    return option;
  }));
}

/** Redraws the record list, snapshot list, comparison and landscape. */
export function refreshPanels(app) {
  const { state, record, score, views, def } = app;
  fillSelect(app.$(".js-record"), state.records.map((r) => [r.id, app.recordName(r)]), record.id);
  const nameInput = app.$(".js-record-name");
  if (nameInput && document.activeElement !== nameInput) nameInput.value = record.name;
  const snapshotSelect = app.$(".js-snapshot-select");
  const chosen = snapshotSelect.value;
  const snapshots = record.snapshots.map((s, i) => [String(i), `Snapshot of ${dateLabel(s.taken)}`]);
  fillSelect(snapshotSelect, snapshots.length ? snapshots : [["", "No snapshots yet"]], chosen || String(snapshots.length - 1));
  const snapshot = record.snapshots[Number(snapshotSelect.value)];
  const compare = app.$(".js-compare");
  if (snapshot) {
    compare.replaceChildren(views.comparison(app.sectionResults(), app.sectionResults(snapshot.answers), dateLabel(snapshot.taken), score));
  } else {
    compare.replaceChildren(views.el("p", {}, "Take a snapshot to compare this record with its later self."));
  }
  const rows = state.records.map((r) => {
    const results = app.sectionResults(r.answers);
    return { name: app.recordName(r), results, overall: score.overallScore(def, results, r.answers) };
  });
  const titles = rows[0].results.map((r) => r.title);
  const nameHeading = def.subject ? def.subject.label : "Record";
  app.$(".js-landscape").replaceChildren(views.landscape(rows, titles, nameHeading, Boolean(score.sharedScale(def)), score));
}

/** Names answers kept for items this version no longer has, and an older saved version. */
function showNotice(app, extra = "") {
  const notice = app.$(".js-notice");
  const unknown = app.io.unknownItemIds(app.def, app.state.records);
  const parts = [];
  if (app.state.migratedFrom) parts.push(`These answers were saved with version ${app.state.migratedFrom} of this assessment.`);
  if (unknown.length) parts.push(unknownNote(unknown));
  if (extra) parts.push(extra);
  notice.textContent = parts.join(" ");
  notice.hidden = parts.length === 0;
}

/**
 * A short note on answers to questions this assessment does not have (from an older version,
 * or a file made elsewhere): how many, and a few of their ids, however many there are.
 */
export function unknownNote(ids) {
  const shown = ids.slice(0, 3).map((id) => `"${id.length > 40 ? `${id.slice(0, 40)}…` : id}"`);
  const more = ids.length > shown.length ? ` and ${ids.length - shown.length} more` : "";
  const what = ids.length === 1 ? "1 answer is to a question" : `${ids.length} answers are to questions`;
  return `${what} not in this assessment (${shown.join(", ")}${more}). They are kept in your exports.`;
}

function offerDownload(app, text, type, extension) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const day = new Date().toISOString().slice(0, 10);
  const link = app.views.el("a", { href: url, download: `${app.def.id}-${day}.${extension}`, class: `js-download-${extension}` }, `Download the ${extension.toUpperCase()} file again`);
  const area = app.$(".js-downloads");
  area.querySelector(`.js-download-${extension}`)?.remove();
  area.append(link);
  link.click();
}

function exportAs(app, kind) {
  const missing = app.flagRequired();
  const text = kind === "json" ? app.io.exportJson(app.state) : app.io.exportCsv(app.state, app.def, app.score);
  offerDownload(app, text, kind === "json" ? "application/json" : "text/csv;charset=utf-8", kind);
  const note = missing.length ? ` ${missing.length === 1 ? "1 required question is" : `${missing.length} required questions are`} still unanswered.` : "";
  app.announce(`Exported ${count(app.state.records.length, "record")} as ${kind.toUpperCase()}.${note}`);
}

async function readFile(file) {
  if (file.size > MAX_FILE_BYTES) throw new Error(`${file.name} is larger than 5 MB.`);
  return file.text();
}

/** Adds imported records, replacing saved records with the same id, and shows the first. */
async function importFile(app, input) {
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  try {
    const parsed = app.io.parseExport(await readFile(file), app.def, app.score);
    // A lone untouched record (a fresh start) gives way to the imported ones.
    const [only, ...others] = app.state.records;
    if (!others.length && !Object.keys(only.answers).length && !only.snapshots.length && !only.subject) app.state.records = [];
    const ids = parsed.records.map((record) => {
      const at = record.id ? app.state.records.findIndex((r) => r.id === record.id) : -1;
      if (at >= 0) app.state.records[at] = record;
      else app.state.records.push({ ...record, id: record.id || app.store.newRecordId() });
      return app.state.records[at >= 0 ? at : app.state.records.length - 1].id;
    });
    app.state.current = ids[0];
    app.upgradeState();
    app.store.save(app.state);
    app.fillForm();
    const from = parsed.version === String(app.def.version) ? "" : ` They were saved with version ${parsed.version}.`;
    showNotice(app, `Imported ${count(parsed.records.length, "record")} from ${file.name}.${from}`);
    app.announce(`Imported ${count(parsed.records.length, "record")}.`);
  } catch (error) {
    app.$(".js-notice").hidden = false;
    app.$(".js-notice").textContent = `Import failed: ${error.message}`;
    app.announce(`Import failed: ${error.message}`);
  }
}

/** Reads several exported files and shows the team's figures; nothing leaves the browser. */
async function showTeam(app, input) {
  const responses = [];
  const problems = [];
  for (const file of input.files) {
    try {
      const parsed = app.io.parseExport(await readFile(file), app.def, app.score);
      const several = parsed.records.length > 1;
      parsed.records.forEach((record, i) => responses.push({
        who: several ? `${file.name} (${record.name || `record ${i + 1}`})` : file.name,
        subject: (record.subject || "").trim(),
        answers: record.answers,
      }));
    } catch (error) {
      problems.push(`${file.name}: ${error.message}`);
    }
  }
  app.teamResponses = responses;
  const problemList = app.$(".js-team-problems");
  problemList.replaceChildren(...problems.map((p) => app.views.el("li", {}, p)));
  problemList.hidden = !problems.length;
  const subjects = app.team.subjects(responses);
  const chooser = app.$(".js-team-subject");
  const noName = app.def.subject ? `(no ${app.def.subject.label.toLowerCase()} named)` : "All responses";
  fillSelect(chooser, subjects.map((s) => [s, s || noName]), subjects[0] ?? "");
  app.$(".js-team-chooser").hidden = subjects.length < 2;
  renderTeam(app);
  const about = subjects.length > 1 ? ` about ${count(subjects.length, "subject")}; showing ${subjects[0] || noName}` : "";
  app.announce(`Team view: ${count(responses.length, "response")} read${about}${problems.length ? `, ${count(problems.length, "file")} skipped` : ""}.`);
}

/** Shows the team's figures for the chosen subject only: partners are never mixed. */
function renderTeam(app) {
  const chosen = app.$(".js-team-subject").value;
  const responses = (app.teamResponses || []).filter((r) => r.subject === chosen);
  const out = app.$(".js-team");
  if (!responses.length) {
    out.replaceChildren();
    return;
  }
  const sections = app.team.aggregate(app.def, responses, app.score, app.io);
  out.replaceChildren(app.views.teamView(sections, responses.map((r) => r.who), app.score));
}

function switchTo(app, id, message) {
  app.state.current = id;
  app.store.save(app.state);
  app.fillForm();
  app.announce(message);
}

/** Connects the record, snapshot, export, import, team and delete controls. */
export function wire(app) {
  const on = (selector, event, handler) => app.$(selector).addEventListener(event, handler);
  on(".js-record", "change", (event) => switchTo(app, event.target.value, `Showing the record ${app.recordName(app.state.records.find((r) => r.id === event.target.value) || app.record)}.`));
  if (app.$(".js-record-name")) {
    on(".js-record-name", "input", (event) => {
      app.record.name = event.target.value;
      app.store.save(app.state);
      refreshPanels(app);
    });
    on(".js-record-name", "change", () => app.announce(`Record renamed to ${app.record.name}.`));
  }
  on(".js-new-record", "click", () => {
    const record = app.store.newRecord(app.def.subject ? "" : `Record ${app.state.records.length + 1}`);
    app.state.records.push(record);
    switchTo(app, record.id, app.def.subject ? `Started a new record. Fill in: ${app.def.subject.label}.` : `Started a new record, ${record.name}.`);
    // Focus the name (the subject, when there is one) so typing names the record at once.
    if (app.subject) app.subject.focus();
    else app.$(".js-record-name").select();
  });
  on(".js-delete-record", "click", () => {
    const gone = app.record;
    if (!window.confirm(`Delete the record "${app.recordName(gone)}" and its snapshots?`)) return;
    app.state.records = app.state.records.filter((r) => r !== gone);
    if (!app.state.records.length) app.state.records.push(app.store.newRecord("My answers"));
    switchTo(app, app.state.records[0].id, `Deleted the record ${app.recordName(gone)}.`);
  });
  on(".js-snapshot", "click", () => {
    const snapshot = app.store.takeSnapshot(app.record);
    app.store.save(app.state);
    app.$(".js-snapshot-select").value = "";
    refreshPanels(app);
    app.announce(`Snapshot taken on ${dateLabel(snapshot.taken)}.`);
  });
  on(".js-snapshot-select", "change", () => refreshPanels(app));
  on(".js-export-json", "click", () => exportAs(app, "json"));
  on(".js-export-csv", "click", () => exportAs(app, "csv"));
  on(".js-import", "change", (event) => importFile(app, event.target));
  on(".js-team-files", "change", (event) => showTeam(app, event.target));
  on(".js-team-subject", "change", () => renderTeam(app));
  on(".js-delete-all", "click", () => {
    if (!window.confirm("Delete all your answers, records and snapshots for this assessment from this browser?")) return;
    app.store.deleteAll(app.def.id);
    app.state = app.store.load(app.def.id, String(app.def.version));
    app.fillForm();
    showNotice(app);
    app.announce("All your answers to this assessment were deleted from this browser.");
  });
  showNotice(app);
}
