// A control that sends a request in place (htmx) says so when the request is refused, next to
// the control, in the page's language; nothing the person typed is swapped away. While the
// request is in flight the control is disabled (data-hx-disabled-elt) and its indicator shows.
(function () {
  "use strict";

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
})();
