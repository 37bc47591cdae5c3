// A secret shown once (a new API key): select it on focus, copy it with the button.
// A file of its own because the Content-Security-Policy runs no inline script.
document.addEventListener("focusin", (event) => {
  if (event.target.matches("[data-select-on-focus]")) event.target.select();
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  navigator.clipboard.writeText(field.value).then(() => {
    button.textContent = "Copied";
  });
});
