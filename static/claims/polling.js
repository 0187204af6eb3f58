// Pages that refresh themselves (the board, my queue) poll a fragment of their own template with
// htmx (`hx-trigger="every 10s"` on an element marked data-poll). A refresh must never take away
// what the user is reading or doing, so a poll is skipped while:
//   - a message on the page is still open (an element with data-hold-polling: a refusal or a
//     conflict the user has not closed yet);
//   - keyboard focus is on an element inside the polled area that htmx cannot give focus back to
//     after the swap (htmx restores focus by id, and every button and link on a card has one);
//   - the tab is hidden (nobody is looking; the next visible tick catches up).
// Filter expressions in hx-trigger would need eval, which the CSP forbids; hence this listener.
(function () {
  "use strict";

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.hasAttribute || !elt.hasAttribute("data-poll")) return;
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get") return;
    var active = document.activeElement;
    var focusWouldBeLost = active && active !== document.body && elt.contains(active) && !active.id;
    if (document.hidden || elt.querySelector("[data-hold-polling]") || focusWouldBeLost) {
      event.preventDefault();
    }
  });

  // "Close" on a message: remove it, which lets polling resume.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-dismiss-alert]") : null;
    if (!button) return;
    var message = button.closest("[data-hold-polling]") || button.parentElement;
    if (message) message.remove();
  });
})();
