/* Saving a view of the portfolio keeps the filters shown now: htmx changes them in place and
   pushes them to the address bar, so the form reads them from there when it is sent. Without
   script the page reloads on every filter and the form already holds them. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-current-query]")) return;
  var query = form.querySelector("input[name=query]");
  if (query) query.value = window.location.search.replace(/^\?/, "");
});
