// Passkeys (docs/adr/0020): the browser's half of adding one on the account page, removing one, and signing in with
// one on the sign-in page. The server makes the WebAuthn options as JSON and checks the browser's answer; each POST
// carries the page's antiforgery token in the RequestVerificationToken header (docs/adr/0018).
(function () {
  "use strict";
  var errorBox = document.getElementById("passkey-error");
  var tokenInput = document.querySelector('input[name="__RequestVerificationToken"]');

  function supported() {
    return typeof window.PublicKeyCredential !== "undefined" &&
      typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
      typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";
  }

  function showError(text) {
    if (errorBox) {
      errorBox.textContent = text;
      errorBox.hidden = false;
    }
  }

  function send(method, url, body) {
    var headers = { "Content-Type": "application/json" };
    if (tokenInput) {
      headers.RequestVerificationToken = tokenInput.value;
    }
    return fetch(url, { method: method, headers: headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async function refusal(response) {
    try {
      var problem = await response.json();
      return problem.detail || problem.title || "The server refused (" + response.status + ").";
    } catch (e) {
      return "The server refused (" + response.status + ").";
    }
  }

  function browserError(e) {
    if (e && e.name === "NotAllowedError") {
      return "No passkey was used: the request was cancelled or timed out.";
    }
    if (e && e.name === "InvalidStateError") {
      return "This device already holds a passkey of yours for MasteryPath.";
    }
    return "The browser could not use a passkey" + (e && e.message ? ": " + e.message : ".");
  }

  async function options(url) {
    var response = await send("POST", url, {});
    if (!response.ok) {
      throw new Error(await refusal(response));
    }
    return response.json();
  }

  async function addPasskey(form) {
    var name = form.querySelector("[name=name]").value.trim();
    var credential;
    try {
      var creation = PublicKeyCredential.parseCreationOptionsFromJSON(await options("/api/account/passkeys/options"));
      credential = await navigator.credentials.create({ publicKey: creation });
    } catch (e) {
      showError(e instanceof DOMException ? browserError(e) : e.message);
      return;
    }
    var response = await send("POST", "/api/account/passkeys", { name: name, credential: credential.toJSON() });
    if (!response.ok) {
      showError(await refusal(response));
      return;
    }
    window.location.assign("/account?passkey=added#passkeys");
  }

  async function removePasskey(button) {
    if (!window.confirm('Remove the passkey "' + button.getAttribute("data-passkey-name") + '"? It will not sign in any more.')) {
      return;
    }
    var response = await send("DELETE", "/api/account/passkeys/" + encodeURIComponent(button.getAttribute("data-passkey-remove")));
    if (!response.ok) {
      showError(await refusal(response));
      return;
    }
    window.location.assign("/account?passkey=removed#passkeys");
  }

  async function signIn(button) {
    var credential;
    try {
      var request = PublicKeyCredential.parseRequestOptionsFromJSON(await options("/api/account/passkey-sign-in/options"));
      credential = await navigator.credentials.get({ publicKey: request });
    } catch (e) {
      showError(e instanceof DOMException ? browserError(e) : e.message);
      return;
    }
    var response = await send("POST", "/api/account/passkey-sign-in", { credential: credential.toJSON(), returnUrl: button.getAttribute("data-return-url") });
    if (!response.ok) {
      showError(await refusal(response));
      return;
    }
    window.location.assign((await response.json()).redirect);
  }

  function busyWhile(element, work) {
    element.disabled = true;
    work().finally(function () {
      element.disabled = false;
    });
  }

  var controls = document.querySelectorAll("[data-passkey-add], [data-passkey-remove], [data-passkey-sign-in]");
  if (controls.length > 0 && !supported()) {
    showError("This browser cannot use passkeys: sign in with your password.");
    controls.forEach(function (control) {
      control.hidden = true;
    });
    return;
  }

  var addForm = document.querySelector("[data-passkey-add]");
  if (addForm) {
    addForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var submit = addForm.querySelector("button[type=submit]");
      busyWhile(submit, function () { return addPasskey(addForm); });
    });
  }

  document.querySelectorAll("[data-passkey-remove]").forEach(function (button) {
    button.addEventListener("click", function () {
      busyWhile(button, function () { return removePasskey(button); });
    });
  });

  var signInButton = document.querySelector("[data-passkey-sign-in]");
  if (signInButton) {
    signInButton.addEventListener("click", function () {
      busyWhile(signInButton, function () { return signIn(signInButton); });
    });
  }
})();
