/* Small helpers for forms, by delegation so content htmx swaps in works too. Without script
   every form still works: the counter is simply not live and the picker lists everyone. */
(function () {
  function count(field) {
    var out = document.querySelector('[data-count-for="' + field.id + '"]');
    if (!out) return;
    var min = parseInt(field.getAttribute("data-count-min") || "0", 10);
    var n = field.value.trim().length;
    out.textContent = n + " character" + (n === 1 ? "" : "s") +
      (min ? (n < min ? " · " + (min - n) + " more needed" : " · enough") : "");
    out.classList.toggle("is-short", n < min);
  }
  function filter(input) {
    var list = document.getElementById(input.getAttribute("data-filter-list"));
    if (!list) return;
    var term = input.value.trim().toLowerCase();
    list.querySelectorAll("label").forEach(function (label) {
      var item = label.closest("li") || label;
      item.hidden = term !== "" && label.textContent.toLowerCase().indexOf(term) === -1;
    });
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target.matches("textarea[data-count-min]")) count(target);
    if (target.matches("input[data-filter-list]")) filter(target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-count-min]").forEach(count);
    document.querySelectorAll("[data-filter-list]").forEach(function (el) { el.hidden = false; });
  });
  document.addEventListener("htmx:afterSwap", function () {
    document.querySelectorAll("[data-filter-list]").forEach(function (el) { el.hidden = false; });
  });
})();
