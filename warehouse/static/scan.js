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

  // « Imprimer » buttons (the CSP forbids inline onclick handlers).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // The scale attached to this workstation: "Lire la balance" copies a stable weight, never another.
  document.querySelectorAll("[data-read-scale]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.dataset.readScale);
      var status = button.parentNode.querySelector("[data-scale-status]");
      fetch("/api/appareils/balance", { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          var reading = answer.reading;
          if (reading && reading.priceable) {
            target.value = (reading.grams / 1000).toFixed(3).replace(".", ",");
            status.textContent = "Balance : " + reading.display;
          } else {
            status.textContent = answer.message;
          }
        })
        .catch(function () { status.textContent = "Balance : le poste ne répond pas."; });
    });
  });
  // A scanner grabbed by the device hub: its scans land in the scan field, whatever has the focus.
  if (document.querySelector("[data-device-events]") && field && window.EventSource) {
    var source = new EventSource("/api/appareils/evenements");
    source.onopen = function () { document.documentElement.dataset.devices = "connected"; };
    source.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.type !== "scan") return;
      field.value = event.data;
      field.form.submit();
    };
  }
})();
