// The claims list: "select all" for the bulk checkboxes, and the bulk bar showing only the input the
// chosen action needs. Without JavaScript every input shows and the server says which one is needed.
(function () {
  "use strict";

  function syncBulkFields(form) {
    var select = form.querySelector("select[name=action]");
    if (!select) return;
    form.querySelectorAll("[data-bulk-for]").forEach(function (field) {
      field.hidden = field.getAttribute("data-bulk-for") !== select.value;
    });
  }

  function syncSelectAll(root) {
    var all = root.querySelector("[data-select-all]");
    if (!all) return;
    var boxes = root.querySelectorAll("input[name=claims]");
    var ticked = root.querySelectorAll("input[name=claims]:checked");
    all.checked = boxes.length > 0 && ticked.length === boxes.length;
    all.indeterminate = ticked.length > 0 && ticked.length < boxes.length;
    boxes.forEach(function (box) { box.closest("tr").classList.toggle("is-selected", box.checked); });
  }

  function init(root) {
    var form = root.querySelector("#bulk-form");
    if (form) syncBulkFields(form);
    syncSelectAll(root);
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var results = document.getElementById("results");
    if (!results || !results.contains(target)) return;
    if (target.matches("[data-select-all]")) {
      results.querySelectorAll("input[name=claims]").forEach(function (box) { box.checked = target.checked; });
    }
    if (target.matches("#bulk-form select[name=action]")) syncBulkFields(target.form);
    syncSelectAll(results);
  });

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function () { init(document); });
})();
