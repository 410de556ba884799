// Small enhancements of Baton's pages. Every page works without them: a text box still has its
// limit (maxlength) and a hint.
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[maxlength][data-counter]").forEach(addCounter);
  });
})();
