// Signing with a passkey: "Use your passkey" fetches a challenge for the signer's passkeys, has
// the browser's passkey answer it (navigator.credentials.get, through allauth's webauthn-json),
// puts the answer in the form's hidden field and sends the form, which the server checks with
// the rest of the signature. A file of its own because the Content-Security-Policy runs no
// inline script; loaded once per signing form, so it binds once.
(function () {
  if (window.concordPasskeySign) return;
  window.concordPasskeySign = true;

  function say(button, text) {
    var status = button.parentNode.querySelector("[data-passkey-status]");
    if (status) status.textContent = text;
  }

  async function answer(button) {
    var form = button.form;
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    var response = await fetch(button.dataset.passkeySign, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    });
    var data = await response.json();
    if (!response.ok) throw new Error(data.detail || "No challenge for your passkey.");
    var credential = await window.webauthnJSON.get(data.request_options);
    document.getElementById(button.dataset.passkeyField).value = JSON.stringify(credential);
    say(button, "Your passkey answered; signing…");
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-passkey-sign]");
    if (!button) return;
    event.preventDefault();
    button.disabled = true;
    answer(button).catch(function (error) {
      say(button, "Your passkey did not answer (" + error.message + "); try again or type a code.");
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
