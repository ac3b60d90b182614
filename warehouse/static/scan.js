// Scan-first: the scan field keeps the focus, and Ctrl+] (how keyboard-mode scanners send the GS1
// separator, ASCII 29) is inserted as the real GS character instead of being lost.
(function () {
  var field = document.querySelector("[data-scan]");
  var first = document.querySelector("[data-focus-first]");
  if (first) { first.focus(); if (first.select) first.select(); }
  else if (field) { field.focus(); }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (!target || !target.matches || !target.matches("[data-scan]")) return;
    if (event.ctrlKey && (event.key === "]" || event.code === "BracketRight")) {
      event.preventDefault();
      var start = target.selectionStart, end = target.selectionEnd;
      target.value = target.value.slice(0, start) + "\u001d" + target.value.slice(end);
      target.selectionStart = target.selectionEnd = start + 1;
    }
  });
})();
