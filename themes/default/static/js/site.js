// Site-wide behaviour, kept tiny: the menu button (its drawer loads on use) and the light/dark
// switch; "/" focuses the search box, and the search code loads when the reader first focuses it.
menuButton(document.querySelector(".menu-toggle"), document.getElementById("site-menu"));
themeSwitch(document.querySelector(".theme-toggle"));
searchToggle(document.querySelector(".search-toggle"), document.getElementById("site-search"));
tocHighlight(sideContents(document.querySelector(".toc-inline")));

const form = document.querySelector("form.search");
const input = form && form.querySelector("input[type=search]");

if (input) {
  let loaded = null;
  // `event.relatedTarget`: where the reader was, so that closing the search can take them back.
  const load = (event) => {
    loaded ??= import(form.dataset.module).then((m) => m.start(form, input, event?.relatedTarget)).catch(() => {
      loaded = null; // a failed load (offline, say) may be retried on the next focus
    });
    return loaded;
  };
  if (form.dataset.module) input.addEventListener("focus", load, { once: false });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    // On a narrow screen the box may be folded away behind the header's search button.
    if (!form.offsetParent) document.querySelector(".search-toggle")?.click();
    input.focus();
  });
}

// Offline use: register the service worker when the page names one (base.html does when
// `offline` is on), and tell the reader when an updated toolkit is ready, with a Reload button.
// Not in the dev server's preview (it adds a `data-live-reload` script): there every rebuild
// would be announced as a new version, and a worker left from an earlier visit is removed.
const workerUrl = document.body.dataset.sw;
const preview = document.querySelector("script[data-live-reload]");
if (workerUrl && "serviceWorker" in navigator) {
  if (preview) navigator.serviceWorker.getRegistrations().then((all) => all.forEach((r) => r.unregister()));
  else registerWorker(workerUrl);
}

async function registerWorker(url) {
  let registration;
  try {
    registration = await navigator.serviceWorker.register(url); // scope: the site root, where sw.js is
  } catch {
    return; // no service worker (a private window, say): the site still works online
  }
  const notice = updateNotice();
  let reloadWanted = false;
  const ready = () => notice.show(registration, () => (reloadWanted = true));
  // A worker that finishes installing while another controls the page is an update.
  const watch = (worker) => worker?.addEventListener("statechange", () => {
    if (worker.state === "installed" && navigator.serviceWorker.controller) ready();
  });
  if (registration.waiting && navigator.serviceWorker.controller) ready();
  watch(registration.installing);
  registration.addEventListener("updatefound", () => watch(registration.installing));
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloadWanted) {
      reloadWanted = false;
      location.reload();
    }
  });
}

/** A live region, present before anything is announced in it, for the "update ready" notice;
 * the code that fills it (update-notice.js) loads only when there is an update to announce. */
function updateNotice() {
  const region = document.createElement("div");
  region.className = "update-notice";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  (document.querySelector("main") || document.body).append(region);
  return {
    show(registration, wantReload) {
      import(document.body.dataset.swNotice).then((m) => m.show(region, registration, wantReload));
    },
  };
}

/** The menu button: its drawer's code (menu.js) loads on the first press, which it then opens;
 * the button shows on narrow screens only, so most wide-screen visits never load it. */
function menuButton(button, drawer) {
  if (!button || !drawer) return;
  // Offline before menu.js was ever fetched, say: show the section links as without
  // JavaScript (the "Menu" link's target), and try to load the drawer on the next press.
  const load = () => import(button.dataset.module).then(
    (m) => m.start(button, drawer),
    () => {
      location.hash = "site-nav";
      button.addEventListener("click", load, { once: true });
    },
  );
  button.addEventListener("click", load, { once: true });
}

/** The dark-mode button: follows the system until pressed, then remembers the reader's choice
 * (theme.js applies it before the next page paints). */
function themeSwitch(button) {
  if (!button) return;
  const root = document.documentElement;
  const systemDark = matchMedia("(prefers-color-scheme: dark)");
  const isDark = () => (root.dataset.theme ? root.dataset.theme === "dark" : systemDark.matches);
  const show = () => button.setAttribute("aria-pressed", String(isDark()));
  show();
  systemDark.addEventListener("change", show);
  button.addEventListener("click", () => {
    root.dataset.theme = isDark() ? "light" : "dark";
    try {
      localStorage.setItem("partnerkit-theme", root.dataset.theme);
    } catch {
      // storage blocked: the choice lasts for this page only
    }
    show();
  });
}

/** On narrow screens the search box hides behind a button in the header bar, to keep it short. */
function searchToggle(button, form) {
  if (!button || !form) return;
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    form.classList.toggle("is-open", open);
  };
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    if (open) form.querySelector("input")?.focus();
  });
  // Once used (by "/", say), the box stays open so its results stay in view.
  form.addEventListener("focusin", () => setOpen(true));
}

/** "On this page" comes once, folded under the page's title; where the wide layout has a column
 * for it (site.css shows the one that fits), a titled copy stands there. Added to an empty
 * column, it moves nothing. */
function sideContents(inline) {
  const layout = inline?.closest(".layout--toc");
  if (!layout) return null;
  const nav = inline.querySelector("nav").cloneNode(true);
  const title = document.createElement("h2");
  title.className = "toc__title";
  title.textContent = inline.querySelector("summary").textContent;
  nav.prepend(title);
  const aside = document.createElement("aside");
  aside.className = "toc";
  aside.append(nav);
  layout.append(aside);
  return aside;
}

/** Marks the "On this page" link of the section being read: the last heading above a line just
 * under the header bar, or the top of the window once the bar has scrolled away. */
function tocHighlight(toc) {
  if (!toc) return;
  const links = [...toc.querySelectorAll('a[href^="#"]')];
  const targets = links.map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1))));
  let queued = false;
  const update = () => {
    queued = false;
    const line = Math.max(0, document.querySelector(".site-header")?.getBoundingClientRect().bottom ?? 0) + 40;
    let current = -1;
    targets.forEach((heading, i) => {
      if (heading && heading.getClientRects().length && heading.getBoundingClientRect().top <= line) current = i;
    });
    links.forEach((link, i) => (i === current ? link.setAttribute("aria-current", "location") : link.removeAttribute("aria-current")));
  };
  addEventListener("scroll", () => {
    if (!queued) requestAnimationFrame(update);
    queued = true;
  }, { passive: true });
  update();
}
