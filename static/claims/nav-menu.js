// The navigation: folded into "Menu" on narrow screens, always open on wide ones (base.html).
// Loaded right after the header, without defer, so a phone never paints the menu open first.
(function () {
  "use strict";
  var menu = document.querySelector("[data-nav-menu]");
  if (menu) {
    var wide = window.matchMedia("(min-width: 1101px)");
    var fit = function () { menu.open = wide.matches; };
    fit();
    wide.addEventListener("change", fit);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && !wide.matches && menu.contains(document.activeElement)) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && !wide.matches && !menu.contains(event.target)) menu.open = false;
    });
  }

})();
