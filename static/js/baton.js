// Small enhancements of Baton's pages. Every page works without them: a text box still has its
// limit (maxlength) and a hint, the calendar address can still be selected and copied by hand,
// and a control that saves in place (htmx) is a plain form when scripts are off.
(function () {
  "use strict";

  function number(value) {
    return value.toLocaleString(document.documentElement.lang || undefined);
  }

  // <textarea maxlength="500" data-counter>: "12 / 500" under the box, kept up to date.
  function addCounter(box) {
    var limit = Number(box.getAttribute("maxlength"));
    var counter = document.createElement("small");
    counter.className = "char-count";
    box.insertAdjacentElement("afterend", counter);
    function update() {
      counter.textContent = number(box.value.length) + " / " + number(limit);
      counter.classList.toggle("is-full", box.value.length >= limit);
    }
    box.addEventListener("input", update);
    update();
  }

  // <button data-copy="input-id" data-copied="..." data-copy-failed="..." hidden>: shown, it
  // copies that input's value and says so (or that it is selected, ready to copy by hand) in
  // the element marked data-copy-status.
  function addCopyButton(button) {
    var source = document.getElementById(button.dataset.copy);
    var status = document.querySelector("[data-copy-status]");
    if (!source) return;
    button.hidden = false;
    function say(text) {
      if (status) status.textContent = text;
    }
    button.addEventListener("click", function () {
      source.focus();
      source.select();
      if (!navigator.clipboard || !window.isSecureContext) {
        say(button.dataset.copyFailed);
        return;
      }
      navigator.clipboard.writeText(source.value).then(
        function () { say(button.dataset.copied); },
        function () { say(button.dataset.copyFailed); }
      );
    });
  }

  // A control that sends a request in place (htmx) says so when the request is refused, next
  // to the control, in the page's language; nothing the person typed is swapped away. While the
  // request is in flight the control is disabled (data-hx-disabled-elt) and its indicator shows.
  function messages() {
    return document.body.dataset;
  }

  function reasonFor(status) {
    var text = messages();
    if (status === 0) return text.requestOffline;
    if (status === 403) return text.requestForbidden;
    if (status === 429) return text.requestTooMany;
    if (status >= 500) return text.requestFailed;
    return text.requestRefused;
  }

  function show(control, message) {
    var form = control.closest("form") || control;
    var box = form.querySelector(".request-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "error request-error";
      box.setAttribute("role", "alert");
      form.appendChild(box);
    }
    box.textContent = message;
  }

  function clear(control) {
    var form = control.closest("form") || control;
    var box = form.querySelector(".request-error");
    if (box) box.remove();
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    clear(event.detail.elt);
  });
  document.addEventListener("htmx:responseError", function (event) {
    show(event.detail.elt, reasonFor(event.detail.xhr.status));
  });
  document.addEventListener("htmx:sendError", function (event) {
    show(event.detail.elt, reasonFor(0));
  });
  document.addEventListener("htmx:timeout", function (event) {
    show(event.detail.elt, reasonFor(0));
  });
  // A session that ended answers with the login page (after a redirect): never swap it in.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var answered = event.detail.xhr.responseURL || "";
    var login = messages().loginUrl;
    if (login && answered && new URL(answered).pathname === login) {
      event.detail.shouldSwap = false;
      show(event.detail.elt, messages().requestSignedOut);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[maxlength][data-counter]").forEach(addCounter);
    document.querySelectorAll("button[data-copy]").forEach(addCopyButton);
  });
})();
