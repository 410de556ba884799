// Small enhancements of Baton's pages. Every page works without them: a text box still has its
// limit (maxlength) and a hint, the calendar address can still be selected and copied by hand.
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[maxlength][data-counter]").forEach(addCounter);
    document.querySelectorAll("button[data-copy]").forEach(addCopyButton);
  });
})();
