// Brings an assessment's paper form to life: autosave, progress, live scores with bands,
// required-item errors and the results view; assessment-actions.js adds records, snapshots,
// export, import and the team view. Helper modules are imported from the URLs the template
// writes (data-*-module) because their file names carry content hashes. Everything stays in
// this browser; saved or imported strings are only ever shown with textContent.

const MODULES = ["score", "store", "io", "views", "team", "actions"];

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
    if (this.subject) record.subject = this.subject.value;
    record.updated = new Date().toISOString();
    const saved = this.store.save(this.state);
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
    const overall = this.score.overallScore(this.def, results);
    const overallLine = this.form.querySelector(".js-overall");
    if (overall && overallLine) {
      overallLine.hidden = false;
      const band = overall.band ? `: ${overall.band.label}. ${overall.band.text}` : "";
      overallLine.textContent = overall.score === null ? "Overall: not answered yet" : `Overall: ${this.score.formatScore(overall.score)} of ${overall.range[1]}${band}`;
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
    return `Score: ${line}.${text}`;
  }

  /** The role to start with: `?role=` in the address, else the one chosen last time. */
  restoreRole() {
    if (!this.role) return;
    const known = (id) => [...this.role.options].some((o) => o.value === id);
    const wanted = new URLSearchParams(location.search).get("role");
    if (wanted && known(wanted)) this.role.value = wanted;
    else if (this.state.role && known(this.state.role)) this.role.value = this.state.role;
    this.applyRoleFilter();
  }

  /** Shows only the questions tagged with the chosen role; scores and progress follow. */
  applyRoleFilter() {
    const role = this.role ? this.role.value : "";
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
    this.form.querySelectorAll(".item__error").forEach((error) => error.remove());
    this.form.querySelectorAll("[aria-invalid]").forEach((input) => {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    });
  }

  /** Flags every unanswered required question; returns the first element to fix, if any. */
  flagRequired() {
    this.clearErrors();
    const missing = [];
    const flag = (host, inputs, message) => {
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
    };
    if (this.subject && this.subject.required && !this.subject.value.trim()) {
      this.subject.parentElement.id ||= `${this.def.id}-subject-field`;
      flag(this.subject.parentElement, [this.subject], `Please fill in: ${this.def.subject.label}.`);
    }
    for (const { item } of this.items) {
      if (!item.required || !this.isVisible(item) || this.record.answers[item.id] !== undefined) continue;
      const element = this.itemElement(item.id);
      flag(element, [...element.querySelectorAll("input, textarea")], "Please answer this question.");
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
    const overall = this.score.overallScore(this.def, results);
    const record = this.record;
    const title = record.subject ? `${record.name} (${record.subject})` : record.name;
    this.$(".js-results-body").replaceChildren(this.views.resultsView(this.def.id, results, overall, this.score, title));
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
    if (this.role) {
      this.role.addEventListener("change", () => {
        this.state.role = this.role.value;
        this.store.save(this.state);
        this.applyRoleFilter();
        const shown = this.items.filter(({ item }) => item.type !== "text" && this.isVisible(item)).length;
        this.announce(`Showing ${shown} questions${this.role.value ? ` for ${this.role.selectedOptions[0].textContent}` : ""}.`);
      });
    }
    this.$(".js-results").addEventListener("click", () => this.showResults());
    this.$(".js-print").addEventListener("click", () => window.print());
    this.actions.wire(this);
    this.app.querySelectorAll(".assessment-tools, .assessment-more").forEach((panel) => { panel.hidden = false; });
    this.fillForm();
    this.restoreRole();
    this.app.dataset.ready = "true";
  }
}

async function start(app) {
  const def = JSON.parse(app.querySelector(".assessment-def").textContent);
  const modules = await loadModules(app);
  const controller = new AssessmentApp(app, def, modules);
  controller.start();
}

for (const app of document.querySelectorAll(".assessment-app")) {
  start(app).catch((error) => {
    const status = app.querySelector(".assessment-status");
    if (status) status.textContent = `The interactive form could not start (${error.message}); the printable form still works.`;
  });
}
