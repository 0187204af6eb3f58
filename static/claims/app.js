// Small behaviours every page shares. Loaded with the CSP nonce; no inline handlers anywhere.
// Words a person reads go through gettext/interpolate: Django's JavaScript catalogue of the page's
// language, loaded before this file (templates/base.html).
(function () {
  "use strict";

  function toast(message, kind) {
    var box = document.getElementById("toasts");
    if (!box) return;
    var el = document.createElement("div");
    el.className = "toast" + (kind ? " toast-" + kind : "");
    el.textContent = message;
    box.appendChild(el);
    setTimeout(function () { el.remove(); }, 6000);
  }
  window.workbenchToast = toast;

  // Errors htmx does not swap (5xx, network): tell the user instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    toast(interpolate(status >= 500
      ? gettext("The server could not do that (error %(status)s). Nothing was changed; try again.")
      : gettext("That request was refused (%(status)s)."), { status: status }, true), "error");
  });
  document.addEventListener("htmx:sendError", function () {
    toast(gettext("The workbench cannot be reached. Check your connection; nothing was changed."), "error");
  });

  // A link to a step's form (the board's "Assign…" goes to /claims/7/#transition-assign) opens it.
  function openTargetedDetails() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var details = target && (target.tagName === "DETAILS" ? target : target.closest("details"));
    if (details) { details.open = true; var field = details.querySelector("input:not([type=hidden]), select, textarea, button"); if (field) field.focus(); }
  }
  document.addEventListener("DOMContentLoaded", openTargetedDetails);
  window.addEventListener("hashchange", openTargetedDetails);
  // Chromium scrolls to the address's fragment once the page has loaded and clears the focus as it
  // does (the target, a <details>, is not focusable itself): put the focus back after that.
  window.addEventListener("load", function () { setTimeout(openTargetedDetails, 0); });

  // "/" focuses the page's search box, as in many admin tools.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var search = document.querySelector("[data-search]");
    if (search) { event.preventDefault(); search.focus(); search.select(); }
  });
})();
