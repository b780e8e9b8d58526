// Brings an assessment's paper form to life: autosave, progress, live scores with bands,
// required-item errors and the results view; assessment-actions.js adds records, snapshots,
// export, import and the team view. Helper modules are imported from the URLs the template
// writes (data-*-module) because their file names carry content hashes. Everything stays in
// this browser; saved or imported strings are only ever shown with textContent.

const MODULES = ["score", "store", "io", "views", "team", "actions"];

/**
 * The reader's role is one choice for the whole page: every form on it hides the questions
 * limited to other roles, whichever form's chooser (or `?role=`) set it.
 */
const page = { apps: [], role: null };

async function loadModules(app) {
  const loaded = await Promise.all(MODULES.map((name) => import(app.dataset[`${name}Module`])));
  return Object.fromEntries(MODULES.map((name, i) => [name, loaded[i]]));
}

/** One assessment on the page: its definition, saved state and the elements it drives. */
class AssessmentApp {
  constructor(app, def, modules) {
    Object.assign(this, modules);
    this.app = app;
    this.def = def;
    this.form = app.querySelector("form.assessment");
    this.status = app.querySelector(".assessment-status");
    this.role = app.querySelector(".js-role");
    this.subject = this.form.querySelector('input[name="subject"]');
    this.state = this.store.load(def.id, String(def.version));
    this.items = def.sections.flatMap((section) => section.items.map((item) => ({ section, item })));
    this.flags = [];
    this.upgradeState();
  }

  /**
   * Brings older saved answers up to date: choices saved by position become option values, and
   * a record about a subject is named by it (a record has one name).
   */
  upgradeState() {
    if (this.state.answerFormat !== this.io.ANSWER_FORMAT) {
      this.io.migrateChoicePositions(this.def, this.io.answerSets(this.state.records));
      this.state.answerFormat = this.io.ANSWER_FORMAT;
    }
    if (this.def.subject) this.state.records.forEach((r) => { r.name = (r.subject || "").trim(); });
    this.state.records.forEach((r) => { r.summary = this.summaryOf(r); });
  }

  /** What a record says overall, kept with it for registers to show beside their rows. */
  summaryOf(record) {
    const results = this.sectionResults(record.answers);
    const overall = this.score.overallScore(this.def, results, record.answers);
    if (overall) return { score: overall.score === null ? null : this.score.formatScore(overall.score), band: overall.band ? overall.band.label : "" };
    const answered = results.filter((r) => r.score !== null).map((r) => this.score.describeSection(r));
    return { score: answered.length ? answered.join("; ") : null, band: "" };
  }

  /**
   * Opens the record named in `?subject=` (as a register row links to it): the saved record
   * about that subject, else a fresh one about it.
   */
  openSubjectFromAddress() {
    const wanted = (new URLSearchParams(location.search).get("subject") || "").trim().slice(0, 300);
    if (!wanted || !this.def.subject) return;
    const found = this.state.records.find((r) => (r.subject || "").trim() === wanted);
    const blank = this.state.records.find((r) => !Object.keys(r.answers).length && !(r.subject || "").trim());
    const record = found || blank || this.store.newRecord("");
    if (!found && !blank) this.state.records.push(record);
    record.subject = wanted;
    record.name = wanted;
    this.state.current = record.id;
    this.store.save(this.state);
  }

  /** What a record is called: its subject (the partner) when the assessment has one. */
  recordName(record) {
    return record.name || (this.def.subject ? `(${this.def.subject.label.toLowerCase()} not named yet)` : "(no name)");
  }

  $(selector) {
    return this.app.querySelector(selector);
  }

  get record() {
    return this.store.currentRecord(this.state);
  }

  /** Says something through the one polite live region (also visible as a status line). */
  announce(message) {
    this.status.textContent = "";
    // A fresh text node after clearing makes screen readers announce a repeated message too.
    requestAnimationFrame(() => { this.status.textContent = message; });
  }

  itemElement(id) {
    return this.form.querySelector(`[data-item="${CSS.escape(id)}"]`);
  }

  isVisible(item) {
    const element = this.itemElement(item.id);
    return !element || !element.hidden;
  }

  /** Reads one item's answer from the form ("" when unanswered). */
  readItem(item) {
    const element = this.itemElement(item.id);
    if (!element) return "";
    if (item.type === "text") return element.querySelector("textarea").value;
    const checked = element.querySelector("input:checked");
    return checked ? checked.value : "";
  }

  /** Puts the current record's answers into the form. */
  fillForm() {
    const { answers, subject } = this.record;
    for (const { item } of this.items) {
      const element = this.itemElement(item.id);
      if (!element) continue;
      const value = answers[item.id] ?? "";
      if (item.type === "text") element.querySelector("textarea").value = value;
      else element.querySelectorAll("input").forEach((input) => { input.checked = input.value === value; });
    }
    if (this.subject) this.subject.value = subject || "";
    this.clearErrors();
    this.refresh();
  }

  /** Copies the form into the current record, keeping answers to items the form lacks. */
  readForm(changed, { quiet = false } = {}) {
    const record = this.record;
    for (const { item } of this.items) {
      const value = this.readItem(item);
      if (value === "") delete record.answers[item.id];
      else record.answers[item.id] = value;
    }
    if (this.subject) {
      record.subject = this.subject.value;
      record.name = this.subject.value.trim();
    }
    record.updated = new Date().toISOString();
    record.summary = this.summaryOf(record);
    const saved = this.store.save(this.state);
    this.clearAnsweredErrors();
    this.refresh();
    if (quiet) return;
    const section = changed && this.sectionResults().find((r) => r.id === changed);
    const scoreNote = section ? ` ${this.score.describeSection(section)}.` : "";
    this.announce(saved ? `Saved.${scoreNote}` : `Not saved: this browser does not allow storage.${scoreNote}`);
  }

  sectionResults(answers = this.record.answers) {
    return this.score.scoreSections(this.def, answers, (item) => this.isVisible(item));
  }

  /** Updates progress, the live section and overall scores, and the side panels. */
  refresh() {
    const answerable = this.items.filter(({ item }) => item.type !== "text" && this.isVisible(item));
    const answered = answerable.filter(({ item }) => this.record.answers[item.id] !== undefined).length;
    const progress = this.$(".js-progress");
    progress.max = Math.max(answerable.length, 1);
    progress.value = answered;
    this.$(".js-progress-text").textContent = `${answered} of ${answerable.length} questions answered`;
    const results = this.sectionResults();
    for (const result of results) {
      const line = this.form.querySelector(`.js-section-score[data-section="${CSS.escape(result.id)}"]`);
      if (!line) continue;
      line.hidden = false;
      line.textContent = this.scoreLine(result);
    }
    const overall = this.score.overallScore(this.def, results, this.record.answers);
    const overallLine = this.form.querySelector(".js-overall");
    if (overall && overallLine) {
      overallLine.hidden = false;
      const band = overall.band ? `: ${overall.band.label}. ${overall.band.text}` : "";
      overallLine.textContent = overall.score === null ? "Overall: not answered yet" : `Overall: ${this.score.formatScore(overall.score)} of ${overall.range[1]}${band}${this.score.gateNote(overall)}`;
    }
    // Rendered even while hidden: the print stylesheet shows them once anything is answered,
    // and printing from the browser's menu may not fire `beforeprint`.
    this.renderResults();
    this.app.toggleAttribute("data-answered", Object.keys(this.record.answers).length > 0);
    this.app.toggleAttribute("data-several-records", this.state.records.length > 1);
    this.actions.refreshPanels(this);
  }

  scoreLine(result) {
    const line = this.score.describeSection(result).slice(result.title.length + 2);
    const text = result.band && result.band.text ? ` ${result.band.text}` : "";
    return `Score: ${line}.${text}${this.score.gateNote(result)}`;
  }

  /** Shows only the questions tagged with the page's role; scores and progress follow. */
  applyRoleFilter() {
    const role = page.role || "";
    if (this.role) this.role.value = [...this.role.options].some((o) => o.value === role) ? role : "";
    this.form.querySelectorAll("[data-roles]").forEach((element) => {
      element.hidden = Boolean(role) && !element.dataset.roles.split(" ").includes(role);
    });
    this.form.querySelectorAll(".assessment__section").forEach((section) => {
      const items = [...section.querySelectorAll("[data-item]")];
      section.hidden = items.length > 0 && items.every((element) => element.hidden);
    });
    this.refresh();
  }

  clearErrors() {
    this.flags.forEach(unflag);
    this.flags = [];
  }

  /** Takes the error off every flagged question that now has an answer, as it is given. */
  clearAnsweredErrors() {
    const [answered, open] = partition(this.flags, (flag) => flag.isAnswered());
    answered.forEach(unflag);
    this.flags = open;
  }

  /** Flags every unanswered required question; returns the first element to fix, if any. */
  flagRequired() {
    this.clearErrors();
    const missing = [];
    const flag = (host, inputs, message, isAnswered) => {
      const error = document.createElement("p");
      error.className = "item__error";
      error.id = `${host.id}-error`;
      error.textContent = message;
      (host.querySelector("legend") || host).after(error);
      inputs.forEach((input) => {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", error.id);
      });
      missing.push(inputs[0]);
      this.flags.push({ error, inputs, isAnswered });
    };
    if (this.subject && this.subject.required && !this.subject.value.trim()) {
      this.subject.parentElement.id ||= `${this.def.id}-subject-field`;
      flag(this.subject.parentElement, [this.subject], `Please fill in: ${this.def.subject.label}.`, () => this.subject.value.trim() !== "");
    }
    for (const { item } of this.items) {
      if (!item.required || !this.isVisible(item) || this.record.answers[item.id] !== undefined) continue;
      const element = this.itemElement(item.id);
      flag(element, [...element.querySelectorAll("input, textarea")], "Please answer this question.", () => this.record.answers[item.id] !== undefined || !this.isVisible(item));
    }
    return missing;
  }

  /** Shows the results; when required answers are missing, points to them instead. */
  showResults() {
    const missing = this.flagRequired();
    if (missing.length) {
      this.announce(`${missing.length} required ${missing.length === 1 ? "question is" : "questions are"} not answered yet.`);
      missing[0].focus();
      return;
    }
    this.$(".js-results-panel").hidden = false;
    this.renderResults();
    this.$(".js-results-panel h3").focus();
  }

  renderResults() {
    const results = this.sectionResults();
    const overall = this.score.overallScore(this.def, results, this.record.answers);
    const record = this.record;
    const about = { name: this.recordName(record), label: this.def.subject ? this.def.subject.label : "Record", version: String(this.def.version), updated: record.updated };
    this.$(".js-results-body").replaceChildren(this.views.resultsView(this.def.id, results, overall, this.score, about));
  }

  start() {
    this.form.setAttribute("autocomplete", "off");
    // The record and role controls sit in the form too, but are not answers.
    const isAnswer = (event) => !event.target.closest(".assessment-tools");
    this.form.addEventListener("change", (event) => {
      if (isAnswer(event)) this.readForm(event.target.closest("[data-section]")?.dataset.section);
    });
    this.form.addEventListener("input", (event) => {
      if (isAnswer(event) && event.target.matches("textarea, input[type=text]")) this.readForm(null, { quiet: true });
    });
    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.showResults(); });
    if (this.role) this.role.addEventListener("change", () => choosePageRole(this.role.value, this));
    this.$(".js-results").addEventListener("click", () => this.showResults());
    this.$(".js-print").addEventListener("click", () => window.print());
    this.$(".js-guide-tools").hidden = false;
    this.$(".js-print-guide").addEventListener("click", () => printGuide(this.$(".scoring-guide")));
    this.actions.wire(this);
    this.app.querySelectorAll(".assessment-tools, .assessment-more").forEach((panel) => { panel.hidden = false; });
    this.openSubjectFromAddress();
    this.fillForm();
    page.apps.push(this);
    this.applyRoleFilter();
    this.app.dataset.ready = "true";
  }

  /** Tells the reader how many questions the chosen role shows. */
  announceRole() {
    const shown = this.items.filter(({ item }) => item.type !== "text" && this.isVisible(item)).length;
    const name = this.role && this.role.value ? ` for ${this.role.selectedOptions[0].textContent}` : "";
    this.announce(`Showing ${shown} questions${name}.`);
  }
}

/** Sets the page's role, remembers it, and applies it to every form on the page. */
function choosePageRole(role, chooser) {
  page.role = role;
  chooser.store.saveRole(role);
  page.apps.forEach((app) => app.applyRoleFilter());
  chooser.announceRole();
}

/** The role to start with: `?role=` in the address when a form knows it, else the last one. */
function initialRole(store) {
  const wanted = new URLSearchParams(location.search).get("role");
  const known = (id) => [...document.querySelectorAll(".js-role option")].some((o) => o.value === id);
  if (wanted && known(wanted)) return wanted;
  const saved = store.loadRole();
  return known(saved) ? saved : "";
}

/** Prints the scoring guide alone (the print stylesheet hides the rest while it is marked). */
function printGuide(guide) {
  guide.open = true;
  document.documentElement.dataset.printing = "guide";
  guide.classList.add("is-printing");
  window.print();
  // print() blocks until the dialog closes; `afterprint` covers browsers where it does not.
  const done = () => {
    delete document.documentElement.dataset.printing;
    guide.classList.remove("is-printing");
  };
  window.addEventListener("afterprint", done, { once: true });
}

/** Removes one required-question error and what points at it. */
function unflag({ error, inputs }) {
  error.remove();
  inputs.forEach((input) => {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("aria-describedby");
  });
}

function partition(list, test) {
  return [list.filter(test), list.filter((x) => !test(x))];
}

async function start(app) {
  const def = JSON.parse(app.querySelector(".assessment-def").textContent);
  const modules = await loadModules(app);
  if (page.role === null) page.role = initialRole(modules.store);
  const controller = new AssessmentApp(app, def, modules);
  controller.start();
}

for (const register of document.querySelectorAll(".register-app")) {
  import(register.dataset.registerModule).then((module) => module.start(register)).catch((error) => {
    const status = register.querySelector(".assessment-status");
    if (status) status.textContent = `The register could not start (${error.message}); the printable table still works.`;
  });
}

for (const app of document.querySelectorAll(".assessment-app")) {
  start(app).catch((error) => {
    const status = app.querySelector(".assessment-status");
    if (status) status.textContent = `The interactive form could not start (${error.message}); the printable form still works.`;
  });
}
