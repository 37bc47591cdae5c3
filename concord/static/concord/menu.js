/* The top bar on a narrow screen: one button opens and closes the menu. Without script the
   menu simply stays open, so every link is still reachable. */
document.addEventListener("DOMContentLoaded", function () {
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".site-menu-toggle");
  if (!toggle) return;
  header.classList.add("is-collapsible");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = header.classList.toggle("is-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
});
