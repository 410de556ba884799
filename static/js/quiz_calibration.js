// Quiz admin: while a mentor picks the intended difficulty and tags of a quiz, the calibration
// table keeps the earlier quizzes that share one of them and sets the others aside.
(function () {
  "use strict";

  function chosenTagIds() {
    var select = document.getElementById("id_tags_to") || document.getElementById("id_tags");
    if (!select) return [];
    var options = select.id === "id_tags_to" ? select.options : select.selectedOptions;
    return Array.prototype.map.call(options, function (option) { return option.value; });
  }

  function update() {
    var table = document.querySelector("[data-calibration]");
    if (!table) return;
    var difficultySelect = document.getElementById("id_intended_difficulty");
    var difficulty = difficultySelect ? difficultySelect.value : "";
    var tags = chosenTagIds();
    var filtering = Boolean(difficulty || tags.length);
    var shown = 0;
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var rowTags = (row.dataset.tags || "").split(",").filter(Boolean);
      var matches = !filtering || row.dataset.difficulty === difficulty ||
        rowTags.some(function (tag) { return tags.indexOf(tag) !== -1; });
      row.hidden = !matches;
      if (matches) shown += 1;
    });
    var note = document.querySelector("[data-calibration-empty]");
    if (note) note.hidden = shown > 0;
  }

  document.addEventListener("DOMContentLoaded", update);
  ["change", "click", "dblclick", "keyup"].forEach(function (type) {
    document.addEventListener(type, function () { window.setTimeout(update, 0); });
  });
})();
