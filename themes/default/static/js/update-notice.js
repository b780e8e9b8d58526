// The "A new version of the toolkit is ready" notice with its Reload button, loaded by site.js
// only when the service worker has an update: most visits never need it.

/** Fills the live `region` (once); Reload asks the waiting worker to take over. */
export function show(region, registration, wantReload) {
  if (region.firstChild) return;
  // Its look is set here, not in site.css, which every page loads (issue 15: a content page
  // stays within 30 KB). Style properties, unlike a style attribute, are allowed by the CSP.
  Object.assign(region.style, {
    position: "fixed", right: "1rem", bottom: "1rem", zIndex: "20", maxWidth: "22rem",
    background: "var(--bg)", color: "var(--fg)", border: "2px solid var(--accent)",
    borderRadius: "var(--radius)", padding: "0 1rem", boxShadow: "0 2px 8px rgb(0 0 0 / 0.25)",
  });
  const text = document.createElement("p");
  text.textContent = "A new version of the toolkit is ready.";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Reload";
  Object.assign(button.style, { marginLeft: "0.5rem", minHeight: "32px" });
  button.addEventListener("click", () => {
    wantReload();
    if (registration.waiting) registration.waiting.postMessage({ type: "activate-update" });
    else location.reload();
  });
  text.append(" ", button);
  region.append(text);
}
