// Runs in <head> before the first paint (a classic script, so it blocks): applies the light or
// dark theme the reader chose earlier, and marks that JavaScript runs (the `js` class), so the
// CSS can show the menu button instead of the no-script "Menu" link without a flash.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("partnerkit-theme");
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  } catch (e) {
    // storage blocked: the system's choice stands
  }
})();
