// Site-wide behaviour, kept tiny: "/" focuses the search box, and the search code is
// loaded only when the reader first focuses it.
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
  else registerWorker(workerUrl, document.body.dataset.swScope);
}

async function registerWorker(url, scope) {
  let registration;
  try {
    registration = await navigator.serviceWorker.register(url, { scope });
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

/** A live region, present before anything is announced in it, for the "update ready" notice. */
function updateNotice() {
  const region = document.createElement("div");
  region.className = "update-notice";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  (document.querySelector("main") || document.body).append(region);
  return {
    show(registration, wantReload) {
      if (region.firstChild) return;
      const text = document.createElement("p");
      text.textContent = "A new version of the toolkit is ready.";
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = "Reload";
      button.addEventListener("click", () => {
        wantReload();
        if (registration.waiting) registration.waiting.postMessage({ type: "activate-update" });
        else location.reload();
      });
      text.append(" ", button);
      region.append(text);
    },
  };
}
