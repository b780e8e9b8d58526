// Fills a register (an action plan) from an assessment: for one record of the register's
// assessment, the questions that scored low or that a gate flags, each with a button adding a
// row for it (the record's subject and the question filled in), and one button adding a row
// for each. What counts, as docs/content-format.md says: an answer is low when it counts below
// the middle of its question's range (a reverse question reversed; on a 1 to 5 scale, 1 or 2),
// and a check is low when answered "No"; a question is flagged when a gate names it
// (`when: {item: ..., below: ...}`) and its answer is below that. "Not applicable" and
// unanswered questions are never listed. Saved strings are shown with textContent only.

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children.map((c) => (c instanceof Node ? c : document.createTextNode(String(c ?? "")))));
  return node;
}

/** The lowest and highest points one question's answers can count. */
function itemRange(def, section, item, score) {
  if (item.type === "choice") {
    const points = (item.options || []).filter((o) => !o.na).map((o) => o.points);
    return points.length ? [Math.min(...points), Math.max(...points)] : null;
  }
  return score.sectionRange(def, section);
}

/** Every gate of the assessment, sections' and overall. */
function gatesOf(def) {
  return [...def.sections.flatMap((s) => s.gates || []), ...((def.overall && def.overall.gates) || [])];
}

/**
 * The questions of `answers` to act on, in question order: each with its section, the points
 * its answer counts, the question's range and the gate flagging it (or null).
 */
export function questionsToActOn(def, answers, score) {
  const gates = gatesOf(def);
  const found = [];
  for (const section of def.sections) {
    for (const item of section.items) {
      const points = item.type === "text" ? null : score.itemPoints(def, section, item, answers[item.id]);
      if (points === null) continue;
      const range = itemRange(def, section, item, score);
      const gate = gates.find((g) => g.when && g.when.item === item.id && points < g.when.below) || null;
      if (gate || (range && points < (range[0] + range[1]) / 2)) found.push({ section, item, points, range, gate });
    }
  }
  return found;
}

/** The answer in words and why the question is listed, e.g. "Answered “Agree”, a reverse question: counts 2 of 5." */
function why(def, entry, answers, modules) {
  const { section, item, points, range, gate } = entry;
  const said = modules.io.answerLabel(def, section, item, answers[item.id], modules.score);
  const counts = item.type === "check" ? "" : `${item.reverse ? ", a reverse question" : ""}: counts ${points} of ${range[1]}`;
  return `Answered “${said}”${counts}.${gate ? ` Flagged: ${gate.reason}` : ""}`;
}

export class Plan {
  constructor(register, def, modules) {
    Object.assign(this, { register, def, modules });
    this.root = register.app.querySelector(".js-plan");
    this.select = this.root.querySelector(".js-plan-record");
    this.questionColumn = register.def.register.question_column;
    this.records = [];
  }

  /** The target's saved records about a named subject with answers (position-stored choices read as options). */
  loadRecords() {
    const { store, io } = this.modules;
    const state = store.load(this.def.id, String(this.def.version));
    if (state.answerFormat !== io.ANSWER_FORMAT) io.migrateChoicePositions(this.def, io.answerSets(state.records));
    return state.records.filter((r) => (r.subject || "").trim() && r.answers && Object.keys(r.answers).length);
  }

  /** Whether the register already has a row for `question` about `subject`. */
  inPlan(subject, question) {
    const name = this.register.nameColumn;
    return this.register.state.rows.some((r) => (r.cells[name] || "").trim() === subject && (r.cells[this.questionColumn] || "").trim() === question);
  }

  /** Re-reads the records and shows the chosen one's questions (after any change to the rows). */
  refresh() {
    const chosen = this.select.value;
    this.records = this.loadRecords();
    this.select.replaceChildren(...this.records.map((r) => el("option", { value: r.id }, r.subject.trim())));
    if (this.records.some((r) => r.id === chosen)) this.select.value = chosen;
    this.root.querySelector(".js-plan-chooser").hidden = !this.records.length;
    this.show();
  }

  show() {
    const record = this.records.find((r) => r.id === this.select.value);
    const summary = this.root.querySelector(".js-plan-summary");
    const list = this.root.querySelector(".js-plan-list");
    const allLine = this.root.querySelector(".js-plan-all-line");
    if (!record) {
      summary.replaceChildren(`No answers to “${this.def.title}” are saved in this browser yet. `, el("a", { href: this.register.target.url }, `Fill it in for a ${this.subjectWord()}`), ", then come back here.");
      list.replaceChildren();
      allLine.hidden = true;
      return;
    }
    const subject = record.subject.trim();
    const entries = questionsToActOn(this.def, record.answers, this.modules.score);
    const n = entries.length;
    summary.textContent = n === 0 ? `No question for ${subject} scored low or was flagged.`
      : n === 1 ? `1 question for ${subject} scored low or was flagged.`
        : `${n} questions for ${subject} scored low or were flagged.`;
    list.replaceChildren(...entries.map((entry) => this.entryItem(entry, record, subject)));
    const open = entries.filter((e) => !this.inPlan(subject, e.item.text));
    allLine.hidden = !entries.length;
    // The line keeps its place and height whether its button or "in the plan" shows.
    allLine.replaceChildren(open.length
      ? el("button", { type: "button", class: "js-plan-all" }, `Add a row for each of these questions (${open.length})`)
      : el("span", { class: "register-plan__done" }, "Every question here is in the plan."));
  }

  entryItem(entry, record, subject) {
    const text = entry.item.text;
    const action = this.inPlan(subject, text)
      ? el("span", { class: "register-plan__done" }, "In the plan")
      : el("button", { type: "button", class: "js-plan-add", "data-item": entry.item.id }, "Add to the plan", el("span", { class: "visually-hidden" }, `: ${text}`));
    return el("li", {}, el("span", { class: "register-plan__question" }, text), " ",
      el("span", { class: "register-plan__why" }, why(this.def, entry, record.answers, this.modules)),
      el("span", { class: "register-plan__action" }, action));
  }

  subjectWord() {
    return this.def.subject ? this.def.subject.label.toLowerCase() : "partner";
  }

  cellsFor(subject, item) {
    return { [this.register.nameColumn]: subject, [this.questionColumn]: item.text };
  }

  /** One row for the question of item `id`, opened in the editor to say what, who and when. */
  addOne(id) {
    const record = this.records.find((r) => r.id === this.select.value);
    const entry = record && questionsToActOn(this.def, record.answers, this.modules.score).find((e) => e.item.id === id);
    if (!entry) return;
    this.register.addRow(this.cellsFor(record.subject.trim(), entry.item), { edit: true });
  }

  addAll() {
    const record = this.records.find((r) => r.id === this.select.value);
    if (!record) return;
    const subject = record.subject.trim();
    const open = questionsToActOn(this.def, record.answers, this.modules.score).filter((e) => !this.inPlan(subject, e.item.text));
    this.register.addRows(open.map((e) => this.cellsFor(subject, e.item)));
  }

  start() {
    this.select.addEventListener("change", () => this.show());
    this.root.addEventListener("click", (event) => {
      const one = event.target.closest("button.js-plan-add");
      if (one) this.addOne(one.dataset.item);
      else if (event.target.closest("button.js-plan-all")) this.addAll();
    });
    this.root.hidden = false;
    this.refresh();
  }
}

export async function start(register) {
  const app = register.app;
  const def = JSON.parse(app.querySelector(".register-target-def").textContent);
  const score = await import(app.dataset.scoreModule);
  const plan = new Plan(register, def, { store: register.store, io: register.io, score });
  plan.start();
  return plan;
}
