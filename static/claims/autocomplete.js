// The search-as-you-type picker (templates/claims/widgets/autocomplete.html, docs/autocomplete.md).
// ARIA 1.2 combobox: the focus stays in the text input; the arrow keys move the active option
// (aria-activedescendant), Enter or a click chooses it, Escape closes the list. Delegated from the
// document, so a picker that htmx swaps into the page works without being set up again.
(function () {
  "use strict";

  var DELAY = 200;

  function parts(el) {
    var root = el.closest("[data-autocomplete]");
    if (!root) return null;
    return {
      root: root,
      input: root.querySelector("[data-autocomplete-input]"),
      value: root.querySelector("[data-autocomplete-value]"),
      list: root.querySelector("[role=listbox]"),
      chosen: root.querySelector(".autocomplete-chosen"),
      chosenText: root.querySelector("[data-autocomplete-chosen-text]"),
    };
  }

  function options(p) { return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]")); }

  function open(p, show) {
    p.list.hidden = !show;
    p.input.setAttribute("aria-expanded", show ? "true" : "false");
    if (!show) { p.input.removeAttribute("aria-activedescendant"); }
  }

  function activate(p, option) {
    options(p).forEach(function (o) { o.setAttribute("aria-selected", o === option ? "true" : "false"); o.classList.toggle("is-active", o === option); });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      p.input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(p, option) {
    p.value.value = option.dataset.value;
    p.input.value = option.dataset.label;
    p.chosenText.textContent = interpolate(gettext("Chosen: %(label)s"), { label: option.dataset.label }, true);
    p.chosen.hidden = false;
    open(p, false);
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function clear(p) {
    p.value.value = "";
    p.input.value = "";
    p.chosenText.textContent = "";
    p.chosen.hidden = true;
    p.value.dispatchEvent(new Event("change", { bubbles: true }));
    p.input.focus();
  }

  function search(p) {
    var url = p.input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(p.input.value.trim());
    htmx.ajax("GET", url, { target: "#" + p.list.id, swap: "innerHTML", source: p.input }).then(function () {
      open(p, p.list.children.length > 0 && document.activeElement === p.input);
      activate(p, null);
    }, function () { /* refused or unreachable: app.js has told the person */ });
  }

  var timers = new WeakMap();
  function searchSoon(p) {
    clearTimeout(timers.get(p.input));
    timers.set(p.input, setTimeout(function () { search(p); }, DELAY));
  }

  document.addEventListener("input", function (event) {
    if (!event.target.matches("[data-autocomplete-input]")) return;
    var p = parts(event.target);
    // What is typed is a search, not a choice: the previous choice no longer stands.
    if (p.value.value) { p.value.value = ""; p.chosen.hidden = true; p.chosenText.textContent = ""; }
    searchSoon(p);
  });

  document.addEventListener("focusin", function (event) {
    if (!event.target.matches("[data-autocomplete-input]")) return;
    var p = parts(event.target);
    if (!p.value.value) search(p);
  });

  document.addEventListener("focusout", function (event) {
    if (!event.target.matches("[data-autocomplete-input]")) return;
    var p = parts(event.target);
    // Give a click on an option the time to land before the list closes.
    setTimeout(function () { if (document.activeElement !== p.input) open(p, false); }, 150);
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches("[data-autocomplete-input]")) return;
    var p = parts(event.target);
    var all = options(p);
    var active = p.list.querySelector("[role=option].is-active");
    var index = all.indexOf(active);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (p.list.hidden) { if (all.length) { open(p, true); } else { search(p); return; } }
      var next = event.key === "ArrowDown" ? index + 1 : (index < 0 ? all.length - 1 : index - 1);
      activate(p, all[(next + all.length) % all.length] || null);
    } else if (event.key === "Enter") {
      if (!p.list.hidden && active) { event.preventDefault(); choose(p, active); }
      else if (!p.value.value && p.input.value.trim()) { event.preventDefault(); search(p); }
    } else if (event.key === "Escape") {
      if (!p.list.hidden) { event.preventDefault(); open(p, false); }
    }
  });

  // mousedown, not click: it lands before the input's focusout closes the list.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest("[data-autocomplete] [role=option]");
    if (!option) return;
    event.preventDefault();
    choose(parts(option), option);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-autocomplete-clear]");
    if (button) clear(parts(button));
  });

  // A form reset (or a fresh form swapped in) leaves no stale "Chosen:" line behind.
  document.addEventListener("reset", function (event) {
    event.target.querySelectorAll("[data-autocomplete]").forEach(function (root) {
      var p = parts(root);
      setTimeout(function () { p.value.value = ""; p.chosen.hidden = true; open(p, false); }, 0);
    });
  });
})();
