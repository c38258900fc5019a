// Add a "Copy link" button to every labelled equation and figure.
//
// Sphinx gives each of them an anchor built from its label
// (#equation-eq-sigmoid, #fig-slope-family) and a permalink that the theme
// shows only on hover. The button copies the full address of that anchor,
// so a lecturer can paste it into slides. It makes no network request.
(function () {
  "use strict";

  const TARGETS = [
    ["div.math[id] > .eqno > a.headerlink", "equation"],
    ["figure[id] figcaption a.headerlink", "figure"],
  ];

  function describe(link, kind) {
    if (kind === "equation") {
      const number = link.parentElement.firstChild.textContent.trim();
      return "equation " + number;
    }
    const number = link.parentElement.querySelector(".caption-number");
    return number ? number.textContent.trim() : "this figure";
  }

  // navigator.clipboard exists only in secure contexts (https, localhost).
  // Elsewhere, for example a book opened from file://, the address is
  // copied through a selected, off-screen text field.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    const field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.className = "copy-link-field";
    document.body.appendChild(field);
    field.select();
    const copied = document.execCommand("copy");
    field.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function addButton(link, kind) {
    const address = new URL(link.getAttribute("href"), window.location.href).href;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = "Copy link";
    button.dataset.href = address;
    button.setAttribute("aria-label", "Copy link to " + describe(link, kind));

    const status = document.createElement("span");
    status.className = "copy-link-status";
    status.setAttribute("role", "status");

    button.addEventListener("click", function () {
      copyText(address).then(
        function () { status.textContent = "Link copied"; },
        function () { status.textContent = "Copy failed: " + address; }
      );
      window.setTimeout(function () { status.textContent = ""; }, 4000);
    });
    link.after(button, status);
  }

  function addButtons() {
    for (const [selector, kind] of TARGETS) {
      for (const link of document.querySelectorAll(selector)) {
        addButton(link, kind);
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButtons);
  } else {
    addButtons();
  }
})();
