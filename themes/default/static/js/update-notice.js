// The "A new version of the toolkit is ready" notice with its Reload button, loaded by site.js
// only when the service worker has an update: most visits never need it.

/** Fills the live `region` (once); Reload asks the waiting worker to take over. */
export function show(region, registration, wantReload) {
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
}
