// Scan-first: the scan field (or the first field of a form) has the focus when the page opens.
(function () {
  var first = document.querySelector("[data-focus-first]") || document.querySelector("[data-scan]");
  if (first) { first.focus(); if (first.select) first.select(); }
})();
