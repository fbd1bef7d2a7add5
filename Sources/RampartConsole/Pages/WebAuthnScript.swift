/// The console's one script, served from /console/assets/webauthn.js: it runs the WebAuthn ceremonies
/// (navigator.credentials.create and .get) for the buttons that ask for them, converting between the
/// server's base64url JSON and the browser's ArrayBuffers. No framework, no build step.
enum WebAuthnScript {
    static let source = """
        "use strict";
        (function () {
          function encode(buffer) {
            var bytes = new Uint8Array(buffer), text = "";
            for (var i = 0; i < bytes.length; i++) { text += String.fromCharCode(bytes[i]); }
            return btoa(text).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
          }
          function decode(text) {
            var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
            while (base64.length % 4) { base64 += "="; }
            var binary = atob(base64), bytes = new Uint8Array(binary.length);
            for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
            return bytes.buffer;
          }
          function csrf() {
            var field = document.querySelector('input[name="csrf"]');
            return field ? field.value : "";
          }
          function post(path, body) {
            return fetch(path, {
              method: "POST", credentials: "same-origin",
              headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf() },
              body: JSON.stringify(body || {})
            }).then(function (response) {
              return response.json().then(function (data) {
                if (!response.ok) {
                  var error = new Error(data.error || "The request failed.");
                  error.redirect = data.redirect;
                  throw error;
                }
                return data;
              });
            });
          }
          function show(message) {
            var line = document.getElementById("webauthn-message");
            if (line) { line.textContent = message; line.hidden = false; }
          }
          function fail(error) {
            if (error && error.redirect) { window.location.assign(error.redirect); return; }
            show(error && error.name === "NotAllowedError"
              ? "The security key did not answer, or the request was cancelled." : (error && error.message) || "Failed.");
          }
          function descriptors(list) {
            return list.map(function (item) { return { type: item.type, id: decode(item.id) }; });
          }
          function sendAssertion(path, assertion, next) {
            return post(path, {
              next: next || null,
              id: assertion.id,
              clientDataJSON: encode(assertion.response.clientDataJSON),
              authenticatorData: encode(assertion.response.authenticatorData),
              signature: encode(assertion.response.signature),
              userHandle: assertion.response.userHandle ? encode(assertion.response.userHandle) : null
            });
          }
          function register() {
            var field = document.getElementById("key-label");
            var label = field.value;
            // The name is checked before the authenticator makes a key (the server checks it again).
            if (!field.checkValidity()) { return Promise.reject(new Error(field.title || "Enter a valid name.")); }
            var codeField = document.getElementById("key-code");
            return post("/console/webauthn/register/options",
              { code: codeField ? codeField.value : null, label: label })
              .then(function (options) {
                options.challenge = decode(options.challenge);
                options.user.id = decode(options.user.id);
                options.excludeCredentials = descriptors(options.excludeCredentials);
                return navigator.credentials.create({ publicKey: options });
              })
              .then(function (credential) {
                return post("/console/webauthn/register", {
                  id: credential.id, label: label,
                  clientDataJSON: encode(credential.response.clientDataJSON),
                  attestationObject: encode(credential.response.attestationObject)
                });
              })
              .then(function (result) { window.location.assign(result.redirect); });
          }
          // Proves one of the principal's keys: `base` + "/options" for the challenge, `base` for the answer
          // (a sign-in's second step, or a session's step-up).
          // `resume`: the confirmation page's form that completes the change it held, posted once proved.
          function prove(base, next, resume) {
            return post(base + "/options", {})
              .then(function (options) {
                options.challenge = decode(options.challenge);
                options.allowCredentials = descriptors(options.allowCredentials);
                return navigator.credentials.get({ publicKey: options });
              })
              .then(function (assertion) { return sendAssertion(base, assertion, next); })
              .then(function (result) {
                if (resume) { resume.submit(); } else { window.location.assign(result.redirect); }
              });
          }
          var pending = null;
          function passkey(mediation) {
            if (pending) { pending.abort(); }
            var controller = new AbortController();
            pending = controller;
            return post("/console/webauthn/passkey/options", {})
              .then(function (options) {
                options.challenge = decode(options.challenge);
                options.allowCredentials = [];
                var request = { publicKey: options, signal: controller.signal };
                if (mediation) { request.mediation = mediation; }
                return navigator.credentials.get(request);
              })
              .then(function (assertion) { return sendAssertion("/console/webauthn/passkey", assertion); })
              .then(function (result) { window.location.assign(result.redirect); });
          }
          // Browser autofill of passkeys where supported: a quiet request the user can pick from the
          // username field's suggestions, replaced by the explicit one when the button is pressed.
          if (document.querySelector("button#passkey-sign-in") && window.PublicKeyCredential &&
              PublicKeyCredential.isConditionalMediationAvailable) {
            PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
              if (available) { passkey("conditional").catch(function (error) { if (error.name !== "AbortError") { fail(error); } }); }
            });
          }
          function bind(id, action) {
            // Only a button starts a ceremony: a form control that happened to share its id (the settings
            // page's checkbox once did) must keep its own behaviour.
            var button = document.querySelector("button#" + id);
            if (!button) { return; }
            button.addEventListener("click", function (event) {
              event.preventDefault();
              if (!window.PublicKeyCredential) { show("This browser does not support security keys."); return; }
              action().catch(fail);
            });
          }
          bind("add-security-key", register);
          bind("use-security-key", function () { return prove("/console/webauthn/authenticate"); });
          bind("verify-security-key", function () {
            // A confirmation returns to the page that asked for it (`data-next`, a name the server knows).
            var button = document.querySelector("button#verify-security-key");
            return prove("/console/webauthn/step-up", button.getAttribute("data-next"),
              document.getElementById("resume-form"));
          });
          bind("passkey-sign-in", function () { return passkey(null); });
        })();
        """
}
