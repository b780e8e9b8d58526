// The search box's results panel, on Pagefind's JavaScript API. site.js imports this module
// the first time the reader focuses the box and calls start(form, input, from): Pagefind's code,
// WebAssembly and entry files are fetched then, not with the page (`from`: where the focus came
// from, where closing the search takes the reader back). The form's data
// attributes (written by base.html with get_url) say where Pagefind's bundle, the site root and
// this panel's stylesheet are, so it works under any base path and on the dev server.
// Without JavaScript (or if Pagefind cannot load) the form still submits to the site index.

const KINDS = {
  principle: "Principle", module: "Module", competencies: "Competencies",
  readings: "Readings", assessment: "Assessment", page: "Page",
};
const MAX_PAGES = 8;
const MAX_SUB_RESULTS = 2;
const DEBOUNCE_MS = 150;
// At this width and below the search opens as a full-screen sheet (search.css says the same).
const SHEET = "(max-width: 40rem)";

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

// Pagefind's excerpts are plain text with <mark> around matches and < > escaped; rebuild them
// as text and <mark> nodes, never as HTML.
function excerptNodes(excerpt) {
  const unescape = (text) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">");
  let marked = false;
  const nodes = [];
  for (const piece of (excerpt || "").split(/(<mark>|<\/mark>)/)) {
    if (piece === "<mark>" || piece === "</mark>") marked = piece === "<mark>";
    else if (piece) nodes.push(marked ? el("mark", { textContent: unescape(piece) }) : document.createTextNode(unescape(piece)));
  }
  return nodes;
}

// The heading (or the page top, or a question) where a result should land: the one where the
// most of the reader's words stand together, as they typed them (a question that says them
// all beats a heading that says "in" five times), then the one with the strongest matches.
function bestPlace(data) {
  const run = (sub) => {
    let longest = 0, current = 0, previous = -2;
    for (const at of sub.locations || []) {
      current = at === previous + 1 ? current + 1 : 1;
      longest = Math.max(longest, current);
      previous = at;
    }
    return longest;
  };
  const weight = (sub) => (sub.weighted_locations || []).reduce((sum, l) => sum + (l.balanced_score || l.weight || 0), 0);
  const better = (a, b) => run(a) - run(b) || weight(a) - weight(b);
  const subs = data.sub_results || [];
  const best = subs.reduce((top, sub) => (top && better(top, sub) >= 0 ? top : sub), null);
  return { best, others: subs.filter((sub) => sub !== best && sub.anchor).slice(0, MAX_SUB_RESULTS) };
}

export async function start(form, input, from) {
  // The chips' kinds and roles: the build writes them beside the index (a template of its own
  // may still put them on the form); without them the panel works, without chips.
  const filters = form.dataset.filters
    ? Promise.resolve(JSON.parse(form.dataset.filters))
    : fetch(`${form.dataset.pagefind}partnerkit-filters.json`).then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  const pagefind = await import(`${form.dataset.pagefind}pagefind.js`);
  // No worker: Pagefind searches on the page's own thread. Its worker would keep a search off
  // that thread, but its script is 12.5 KB more on every first query (benches/search_size.rs).
  await pagefind.options({ basePath: form.dataset.pagefind, baseUrl: form.dataset.base, excerptLength: 24, noWorker: true });
  await pagefind.init();
  if (form.dataset.css) document.head.append(el("link", { rel: "stylesheet", href: form.dataset.css }));
  new SearchPanel(form, input, pagefind, from, await filters);
}

class SearchPanel {
  constructor(form, input, pagefind, from, filters) {
    Object.assign(this, { form, input, pagefind, active: -1, options: [], chosen: { kind: new Set(), role: new Set() }, run: 0 });
    this.sheet = window.matchMedia(SHEET);
    this.list = el("ul", { id: "search-results", className: "search-results" });
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", "Search results");
    this.status = el("p", { className: "search-panel__status" });
    // The announcer stays in the page while the panel is hidden, so screen readers hear changes.
    this.live = el("p", { className: "visually-hidden" });
    this.live.setAttribute("role", "status");
    this.empty = this.emptyMessage();
    // The chips' kinds and roles come from the build (partnerkit-filters.json), not from
    // Pagefind's filter chunks: a first query on a large site need not fetch those (about
    // 84 KB at 10,000 pages); Pagefind fetches one when its chip is pressed.
    const chips = this.chips(filters);
    this.panel = el("div", { className: "search-panel", hidden: true }, this.filterToggle(chips), chips, this.status, this.list, this.empty);
    this.closer = el("button", { type: "button", className: "search__close", textContent: "Close" });
    this.closer.setAttribute("aria-label", "Close search");
    this.closer.addEventListener("click", () => this.close(true));
    input.after(this.closer);
    form.append(this.live, this.panel);
    this.listen(form, input);
    if (document.activeElement === input) this.opened(from);
    if (input.value.trim()) this.schedule();
  }

  listen(form, input) {
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { this.close(this.sheet.matches); if (!this.sheet.matches) input.focus(); }
    });
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", this.list.id);
    input.setAttribute("aria-expanded", "false");
    input.addEventListener("input", () => this.schedule());
    input.addEventListener("keydown", (event) => this.onKey(event));
    input.addEventListener("focus", (event) => this.opened(event.relatedTarget));
    form.addEventListener("submit", (event) => event.preventDefault());
    // On the sheet a tap on its own background is not a reason to close it.
    form.addEventListener("focusout", (event) => {
      const to = event.relatedTarget;
      if (!form.contains(to) && (to || !this.sheet.matches)) this.close();
    });
    // A press on the panel keeps the focus (and the phone's keyboard) in the box; the click
    // still follows the link or presses the button. Other buttons (middle-click) are left alone.
    this.panel.addEventListener("mousedown", (event) => event.button === 0 && event.preventDefault());
  }

  // The box got the focus: remember where the reader was, so closing can take them back.
  opened(from) {
    if (from && !this.form.contains(from)) this.returnTo = from;
    if (this.sheet.matches) this.open();
    else if (this.input.value.trim()) this.open();
  }

  // Toggle buttons for each kind and role the index holds (`filters` maps each to its values).
  chips(filters) {
    const group = el("div", { id: "search-filters", className: "search-panel__filters" });
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Show only");
    for (const name of ["kind", "role"]) {
      for (const value of filters[name] || []) {
        const chip = el("button", { type: "button", className: "search-chip", textContent: name === "kind" ? KINDS[value] || value : value });
        chip.dataset.filter = name;
        chip.setAttribute("aria-pressed", "false");
        chip.addEventListener("click", () => {
          const chosen = this.chosen[name];
          if (!chosen.delete(value)) chosen.add(value);
          chip.setAttribute("aria-pressed", String(chosen.has(value)));
          this.countFilters();
          this.search();
        });
        group.append(chip);
      }
    }
    return group;
  }

  // On a phone the chips wait behind one "Filter" button, which says how many are on.
  filterToggle(chips) {
    this.toggle = el("button", { type: "button", className: "search-panel__filter-toggle", textContent: "Filter" });
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggle.setAttribute("aria-controls", chips.id);
    this.toggle.addEventListener("click", () => {
      const open = this.toggle.getAttribute("aria-expanded") !== "true";
      this.toggle.setAttribute("aria-expanded", String(open));
    });
    return this.toggle;
  }

  countFilters() {
    const on = this.chosen.kind.size + this.chosen.role.size;
    this.toggle.textContent = on ? `Filter (${on} on)` : "Filter";
  }

  // Where to look instead: the reading list (when the site has one) and the tag pages.
  emptyMessage() {
    const { base, readings } = this.form.dataset;
    const tags = el("a", { href: `${base}tags/`, textContent: "tag pages" });
    const places = readings ? [el("a", { href: readings, textContent: "reading list" }), " or the ", tags] : [tags];
    return el("p", { className: "search-panel__empty", hidden: true },
      "Nothing matched. Try other words, browse the ", ...places, ".");
  }

  schedule() {
    clearTimeout(this.timer);
    this.pending = new Promise((done) => { this.timer = setTimeout(() => this.search().catch(() => this.fail()).finally(done), DEBOUNCE_MS); });
  }

  async search() {
    const term = this.input.value.trim();
    const run = ++this.run;
    if (!term) return this.clear();
    const filters = {};
    for (const [name, values] of Object.entries(this.chosen)) if (values.size) filters[name] = { any: [...values] };
    const found = await this.pagefind.search(term, { filters });
    const pages = await Promise.all((found?.results || []).slice(0, MAX_PAGES).map((r) => r.data()));
    if (run !== this.run) return; // a newer search has started; drop this one
    this.show(pages, found?.results.length || 0, term);
  }

  fail() {
    this.list.replaceChildren();
    this.options = [];
    this.say("Search is not available just now; the site index lists every page.");
    this.empty.hidden = true;
    this.panel.hidden = false;
  }

  say(message) {
    this.status.textContent = message;
    this.live.textContent = message;
  }

  // The box was emptied: no results, and the panel closes unless it is the phone's sheet.
  clear() {
    this.options = [];
    this.list.replaceChildren();
    this.empty.hidden = true;
    this.say("");
    if (this.sheet.matches) this.setActive(-1);
    else this.close();
  }

  show(pages, total, term) {
    this.options = [];
    this.list.replaceChildren();
    pages.forEach((data) => this.addResult(data));
    this.empty.hidden = total > 0;
    this.say(total === 0 ? `No results for “${term}”.`
      : `${total} ${total === 1 ? "page" : "pages"} found${total > pages.length ? `, showing the first ${pages.length}` : ""}.`);
    this.setActive(-1);
    this.open();
  }

  addResult(data) {
    const { best, others } = bestPlace(data);
    const kind = (data.filters?.kind || [])[0];
    const title = el("span", { className: "search-result__title", textContent: data.meta?.title || data.url });
    const label = el("span", { className: "search-result__kind", textContent: KINDS[kind] || kind || "" });
    this.addOption(best?.url || data.url, "search-result", [title, " ", label], best?.excerpt || data.excerpt);
    for (const sub of others) {
      this.addOption(sub.url, "search-result search-result--sub", [el("span", { className: "search-result__title", textContent: sub.title })], sub.excerpt);
    }
  }

  // Each option is a real link (as in DocSearch): a click, a middle-click, Ctrl+click and a
  // long press on a phone all do what they do on any link. The link itself carries the option
  // role, so the listbox holds no control inside a control. It stays out of the Tab order:
  // the arrow keys move through the options while the focus stays in the box.
  addOption(url, className, heading, excerpt) {
    const id = `search-option-${this.options.length}`;
    const option = el("a", { id, className, href: url, tabIndex: -1 },
      el("span", { className: "search-result__name" }, ...heading),
      el("span", { className: "search-result__excerpt" }, ...excerptNodes(excerpt)));
    option.setAttribute("role", "option");
    option.setAttribute("aria-selected", "false");
    const item = el("li", {}, option);
    item.setAttribute("role", "none");
    this.options.push(option);
    this.list.append(item);
  }

  setActive(index) {
    this.options[this.active]?.setAttribute("aria-selected", "false");
    this.active = index;
    const option = this.options[index];
    if (option) {
      option.setAttribute("aria-selected", "true");
      option.scrollIntoView({ block: "nearest" });
      this.input.setAttribute("aria-activedescendant", option.id);
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  }

  go(index) {
    const href = this.options[index]?.href;
    if (href) location.assign(href);
  }

  async onKey(event) {
    const count = this.options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (this.panel.hidden) return this.input.value.trim() && this.open();
      // -1 is the box itself: moving past either end goes back to it, as in a native combobox.
      const next = this.active + (event.key === "ArrowDown" ? 1 : -1);
      this.setActive(next >= count ? -1 : next < -1 ? count - 1 : next);
    } else if (event.key === "Enter") {
      event.preventDefault();
      await this.pending; // a search still waiting on the debounce finishes first
      this.go(this.active >= 0 ? this.active : 0);
    } else if (event.key === "Escape" && !this.panel.hidden) {
      event.preventDefault(); // close only; do not also clear the box
      this.close(this.sheet.matches);
    }
  }

  open() {
    const sheet = this.sheet.matches;
    if (!sheet && (!this.input.value.trim() || !this.list.childElementCount && this.empty.hidden)) return;
    this.panel.hidden = false;
    this.form.classList.toggle("search--open", sheet);
    this.input.setAttribute("aria-expanded", "true");
  }

  // Closes the panel (and the sheet). `back`: the reader asked to leave search (Escape on the
  // sheet, the Close button), so the focus goes back where they were before the box.
  close(back = false) {
    this.panel.hidden = true;
    this.form.classList.remove("search--open");
    this.input.setAttribute("aria-expanded", "false");
    this.setActive(-1);
    if (!back) return;
    const to = this.returnTo;
    this.returnTo = null;
    if (to?.isConnected) to.focus({ preventScroll: true });
    else this.input.blur();
  }
}
