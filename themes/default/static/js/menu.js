// The menu drawer, loaded by site.js when the reader first presses the menu button (issue 15:
// a content page stays within 30 KB, and wide screens never show the button).

/** Opens the navigation as a drawer under the header bar, for the press that loaded this
 * module, and handles the button from then on; the page behind the drawer is inert until the
 * button, Escape or a wider window closes it, and focus returns to the button. */
export function start(button, drawer) {
  const sections = allSections();
  if (sections) drawer.append(sections);
  const behind = () => document.querySelectorAll("main, .site-footer, .layout > .toc");
  const setOpen = (open, returnFocus) => {
    button.setAttribute("aria-expanded", String(open));
    if (open) drawer.style.top = `${Math.max(0, button.closest("header").getBoundingClientRect().bottom)}px`;
    drawer.classList.toggle("is-open", open);
    document.body.classList.toggle("has-drawer", open);
    for (const element of behind()) element.inert = open;
    if (open) (drawer.querySelector("[aria-current]") || drawer.querySelector("a"))?.focus();
    else if (returnFocus) button.focus();
  };
  const isOpen = () => button.getAttribute("aria-expanded") === "true";
  button.addEventListener("click", () => setOpen(!isOpen(), false));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) setOpen(false, true);
  });
  matchMedia("(min-width: 56rem)").addEventListener("change", (event) => {
    if (event.matches && isOpen()) setOpen(false, false);
  });
  setOpen(true, false);
}

/** The drawer's list of every section: the wide screens' section links (the page does not
 * carry them twice), then the site index. */
function allSections() {
  const links = document.querySelector(".site-nav ul");
  if (!links) return null;
  const nav = document.createElement("nav");
  nav.className = "drawer__main";
  nav.setAttribute("aria-label", "All sections");
  const title = document.createElement("p");
  title.className = "sidebar__title";
  title.textContent = "All sections";
  const list = links.cloneNode(true);
  const index = document.querySelector('.site-footer a[href$="/site-index/"]');
  if (index) {
    const item = document.createElement("li");
    item.append(index.cloneNode(true));
    list.append(item);
  }
  nav.append(title, list);
  return nav;
}
