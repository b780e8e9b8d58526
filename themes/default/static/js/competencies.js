// Filters the competency list by role, in the browser; every competency shows without JS.
const filter = document.querySelector(".role-filter");
if (filter) {
  const select = filter.querySelector("select");
  const count = filter.querySelector(".role-filter__count");
  const items = [...document.querySelectorAll(".competency[data-roles]")];
  const apply = () => {
    const role = select.value;
    let shown = 0;
    for (const item of items) {
      const match = !role || item.dataset.roles.split(" ").includes(role);
      item.hidden = !match;
      if (match) shown += 1;
    }
    count.textContent = `Showing ${shown} of ${items.length} competencies`;
  };
  const wanted = new URLSearchParams(location.search).get("role");
  if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  select.addEventListener("change", apply);
  filter.hidden = false;
  apply();
}
