// A register: a table the reader fills row by row (the meeting landscape, a key-partner list,
// an action plan). Rows stay in this browser, stored like assessment records; they export as
// JSON or CSV, import from either, and print. A row can open the record for its partner in the
// register's assessment, whose overall reading it shows. Imported files are untrusted: every
// string is checked and shown with textContent only.

const MAX_ROWS = 2000;
const MAX_TEXT = 10000;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children.map((c) => (c instanceof Node ? c : document.createTextNode(String(c ?? "")))));
  return node;
}

function newRowId() {
  return `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

class Register {
  constructor(app, def, store, io) {
    Object.assign(this, { app, def, store, io });
    this.columns = def.register.columns;
    this.nameColumn = def.register.name_column;
    this.state = store.loadRegister(def.id, String(def.version));
    this.editing = null;
    this.editor = app.querySelector(".js-editor");
    this.status = app.querySelector(".assessment-status");
    this.target = app.dataset.targetId ? { id: app.dataset.targetId, url: app.dataset.targetUrl, title: app.dataset.targetTitle } : null;
  }

  $(selector) {
    return this.app.querySelector(selector);
  }

  announce(message) {
    this.status.textContent = "";
    requestAnimationFrame(() => { this.status.textContent = message; });
  }

  save() {
    return this.store.save(this.state);
  }

  rowName(row) {
    return (row.cells[this.nameColumn] || "").trim() || "(not named yet)";
  }

  /** The cell with the row's partner: its name, a link to its record and what that says. */
  targetCell(row, summaries) {
    const name = (row.cells[this.nameColumn] || "").trim();
    if (!name) return el("td", {}, "");
    const summary = summaries.get(name);
    const link = el("a", { href: `${this.target.url}?subject=${encodeURIComponent(name)}` }, summary === undefined ? `Start “${this.target.title}” for ${name}` : `Open the record for ${name}`);
    const reading = summary ? (summary.score === null ? "not answered yet" : `${summary.score}${summary.band ? `: ${summary.band}` : ""}`) : summary === null ? "answers saved" : "";
    return el("td", {}, link, reading ? el("span", { class: "register-score" }, ` Overall ${reading}`) : "");
  }

  render() {
    const summaries = this.target ? this.store.subjectSummaries(this.target.id) : new Map();
    const rows = this.state.rows.map((row) => {
      const cells = this.columns.map((c, i) => (i === 0 ? el("th", { scope: "row" }, row.cells[c.id] || "") : el("td", {}, row.cells[c.id] || "")));
      const edit = el("button", { type: "button", class: "js-edit", "data-row": row.id }, "Edit ", el("span", { class: "visually-hidden" }, this.rowName(row)));
      return el("tr", { "data-row": row.id }, ...cells, ...(this.target ? [this.targetCell(row, summaries)] : []), el("td", { class: "register-edit" }, edit));
    });
    if (!rows.length) {
      const span = this.columns.length + (this.target ? 2 : 1);
      rows.push(el("tr", {}, el("td", { colspan: String(span) }, "No rows yet. Use “Add a row” to start.")));
    }
    this.$(".js-rows").replaceChildren(...rows);
    this.plan?.refresh();
  }

  /** A new row holding `cells` (the other columns empty). */
  newRow(cells) {
    return { id: newRowId(), cells: Object.fromEntries(this.columns.map((c) => [c.id, cells[c.id] || ""])), updated: new Date().toISOString() };
  }

  /** Adds a row with `cells` and saves it, then opens it in the editor to fill in the rest. */
  addRow(cells, { edit = false } = {}) {
    const row = this.newRow(cells);
    this.state.rows.push(row);
    const saved = this.save();
    this.render();
    if (edit) this.openEditor(row, { focusEmpty: true });
    this.announce(saved ? `Added the row ${this.rowName(row)}.` : "Not saved: this browser does not allow storage.");
  }

  /** Adds a row for each set of `cells` and saves them. */
  addRows(list) {
    this.state.rows.push(...list.map((cells) => this.newRow(cells)));
    const saved = this.save();
    this.render();
    this.announce(saved ? `Added ${list.length} ${list.length === 1 ? "row" : "rows"}.` : "Not saved: this browser does not allow storage.");
  }

  /** Opens the editor on `row` (a new row when null); focus goes to its title, or with `focusEmpty` to its first empty field. */
  openEditor(row, { focusEmpty = false } = {}) {
    this.editing = row;
    this.$(".js-editor-title").textContent = row ? `Change the row: ${this.rowName(row)}` : "Add a row";
    for (const column of this.columns) this.field(column).value = row ? row.cells[column.id] || "" : "";
    this.$(".js-delete-row").hidden = !row;
    this.clearErrors();
    this.editor.hidden = false;
    const empty = focusEmpty && this.columns.map((c) => this.field(c)).find((f) => !f.value);
    (empty || this.$(".js-editor-title")).focus();
  }

  field(column) {
    return this.editor.querySelector(`[name="${CSS.escape(column.id)}"]`);
  }

  clearErrors() {
    this.editor.querySelectorAll(".item__error").forEach((e) => e.remove());
    this.editor.querySelectorAll("[aria-invalid]").forEach((f) => f.removeAttribute("aria-invalid"));
  }

  /** Flags empty required fields; returns the first, or null. */
  missingField() {
    this.clearErrors();
    const missing = this.columns.filter((c) => c.required && !this.field(c).value.trim());
    for (const column of missing) {
      const field = this.field(column);
      const error = el("span", { class: "item__error", id: `${field.id}-error` }, `Please fill in: ${column.label}.`);
      field.before(error);
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-errormessage", error.id);
    }
    return missing.length ? this.field(missing[0]) : null;
  }

  saveEditor() {
    const missing = this.missingField();
    if (missing) {
      missing.focus();
      this.announce("Fill in the required fields first.");
      return;
    }
    const cells = Object.fromEntries(this.columns.map((c) => [c.id, this.field(c).value]));
    const row = this.editing || { id: newRowId(), cells: {} };
    row.cells = cells;
    row.updated = new Date().toISOString();
    if (!this.editing) this.state.rows.push(row);
    const saved = this.save();
    this.editor.hidden = true;
    this.editing = null;
    this.render();
    this.app.querySelector(`button.js-edit[data-row="${CSS.escape(row.id)}"]`)?.focus();
    this.announce(saved ? `Saved the row ${this.rowName(row)}.` : "Not saved: this browser does not allow storage.");
  }

  deleteRow() {
    const row = this.editing;
    if (!row || !window.confirm(`Delete the row “${this.rowName(row)}”?`)) return;
    this.state.rows = this.state.rows.filter((r) => r !== row);
    this.save();
    this.editor.hidden = true;
    this.render();
    this.$(".js-add").focus();
    this.announce(`Deleted the row ${this.rowName(row)}.`);
  }

  exportFile(kind) {
    const text = kind === "json" ? this.exportJson() : this.exportCsv();
    const url = URL.createObjectURL(new Blob([text], { type: kind === "json" ? "application/json" : "text/csv;charset=utf-8" }));
    const day = new Date().toISOString().slice(0, 10);
    const link = el("a", { href: url, download: `${this.def.id}-${day}.${kind}`, class: `js-download-${kind}` }, `Download the ${kind.toUpperCase()} file again`);
    this.$(`.js-downloads .js-download-${kind}`)?.remove();
    this.$(".js-downloads").append(link);
    link.click();
    this.announce(`Exported ${this.state.rows.length} rows as ${kind.toUpperCase()}.`);
  }

  exportJson() {
    const rows = this.state.rows.map(({ id, cells, updated }) => ({ id, cells, updated }));
    return JSON.stringify({ format: "partnerkit-register", register: this.def.id, version: String(this.def.version), exported: new Date().toISOString(), rows }, null, 2);
  }

  exportCsv() {
    const lines = [this.columns.map((c) => c.label), ...this.state.rows.map((row) => this.columns.map((c) => row.cells[c.id] || ""))];
    return `\uFEFF${lines.map((line) => line.map(this.io.csvCell).join(",")).join("\r\n")}\r\n`;
  }

  /** Checks one imported row's cells against the columns; throws with a plain message. */
  checkCells(raw, position) {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`Row ${position} is not a set of cells.`);
    const cells = {};
    for (const column of this.columns) {
      const value = raw[column.id] ?? "";
      if (typeof value !== "string") throw new Error(`Row ${position}: “${column.label}” should be text.`);
      if (value.length > MAX_TEXT) throw new Error(`Row ${position}: “${column.label}” is longer than ${MAX_TEXT} characters.`);
      if (value && column.options.length && !column.options.includes(value)) throw new Error(`Row ${position}: “${value.slice(0, 60)}” is not one of the choices for “${column.label}”.`);
      if (value && column.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error(`Row ${position}: “${value.slice(0, 60)}” is not a date (year-month-day) for “${column.label}”.`);
      cells[column.id] = value;
    }
    return cells;
  }

  parseJson(text) {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error("The file is not valid JSON.");
    }
    if (!data || data.format !== "partnerkit-register") throw new Error("The file is not a register exported from this toolkit.");
    if (data.register !== this.def.id) throw new Error(`The file holds the register “${String(data.register).slice(0, 60)}”, not “${this.def.id}”.`);
    if (!Array.isArray(data.rows)) throw new Error("The file holds no rows.");
    if (data.rows.length > MAX_ROWS) throw new Error(`The file holds more than ${MAX_ROWS} rows.`);
    return data.rows.map((row, i) => {
      const id = typeof row?.id === "string" && /^[A-Za-z0-9_-]{1,40}$/.test(row.id) ? row.id : newRowId();
      return { id, cells: this.checkCells(row?.cells, i + 1), updated: new Date().toISOString() };
    });
  }

  parseCsv(text) {
    const [head, ...lines] = parseCsv(text.replace(/^\uFEFF/, "")).filter((line) => line.some((cell) => cell !== ""));
    if (!head) throw new Error("The file is empty.");
    const columnAt = head.map((label) => this.columns.find((c) => c.label === label.trim() || c.id === label.trim()));
    if (!columnAt.some(Boolean)) throw new Error("The first line names none of this register's columns.");
    if (lines.length > MAX_ROWS) throw new Error(`The file holds more than ${MAX_ROWS} rows.`);
    // The exporter put a ' before cells a spreadsheet would read as a formula; take it off.
    const undefuse = (cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
    return lines.map((line, i) => {
      const raw = {};
      line.forEach((cell, c) => { if (columnAt[c]) raw[columnAt[c].id] = undefuse(cell); });
      return { id: newRowId(), cells: this.checkCells(raw, i + 1), updated: new Date().toISOString() };
    });
  }

  async importFile(input) {
    const file = input.files[0];
    input.value = "";
    if (!file) return;
    const notice = this.$(".js-notice");
    try {
      if (file.size > MAX_FILE_BYTES) throw new Error(`${file.name} is larger than 5 MB.`);
      const text = await file.text();
      const rows = /\.csv$/i.test(file.name) || !text.trimStart().startsWith("{") ? this.parseCsv(text) : this.parseJson(text);
      for (const row of rows) {
        const at = this.state.rows.findIndex((r) => r.id === row.id);
        if (at >= 0) this.state.rows[at] = row;
        else this.state.rows.push(row);
      }
      this.save();
      this.render();
      notice.hidden = true;
      this.announce(`Imported ${rows.length} rows from ${file.name}.`);
    } catch (error) {
      notice.hidden = false;
      notice.textContent = `Import failed: ${error.message}`;
      this.announce(`Import failed: ${error.message}`);
    }
  }

  start() {
    const on = (selector, event, handler) => this.$(selector).addEventListener(event, handler);
    on(".js-add", "click", () => this.openEditor(null));
    this.$(".js-rows").addEventListener("click", (event) => {
      const button = event.target.closest("button.js-edit");
      if (button) this.openEditor(this.state.rows.find((r) => r.id === button.dataset.row));
    });
    this.editor.addEventListener("submit", (event) => { event.preventDefault(); this.saveEditor(); });
    this.editor.addEventListener("input", () => { if (this.editor.querySelector(".item__error")) this.missingField(); });
    on(".js-cancel", "click", () => { this.editor.hidden = true; this.$(".js-add").focus(); });
    on(".js-delete-row", "click", () => this.deleteRow());
    on(".js-export-json", "click", () => this.exportFile("json"));
    on(".js-export-csv", "click", () => this.exportFile("csv"));
    on(".js-print", "click", () => window.print());
    on(".js-import", "change", (event) => this.importFile(event.target));
    on(".js-delete-all", "click", () => {
      if (!window.confirm("Delete every row of this register from this browser?")) return;
      this.state.rows = [];
      this.save();
      this.render();
      this.announce("All rows were deleted from this browser.");
    });
    // A record changed in another tab updates the readings beside the rows.
    window.addEventListener("storage", () => this.render());
    this.app.querySelectorAll(".js-only").forEach((element) => { element.hidden = false; });
    this.render();
  }
}

/** Splits CSV text into lines of cells (quoted cells may hold commas, quotes and newlines). */
export function parseCsv(text) {
  const lines = [];
  let line = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { line.push(cell); cell = ""; }
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      line.push(cell);
      lines.push(line);
      line = [];
      cell = "";
    } else cell += c;
  }
  if (cell !== "" || line.length) lines.push([...line, cell]);
  return lines;
}

export async function start(app) {
  const def = JSON.parse(app.querySelector(".register-def").textContent);
  const [store, io] = await Promise.all([import(app.dataset.storeModule), import(app.dataset.ioModule)]);
  const register = new Register(app, def, store, io);
  register.start();
  // An action plan also lists the questions of an assessment record to add rows for.
  if (app.dataset.planModule) register.plan = await (await import(app.dataset.planModule)).start(register);
  app.dataset.ready = "true";
}
