// The beneficiaries' kiosk: forget the card after a minute without a touch, and leave nothing in the
// history (every way back to the welcome screen replaces the current entry instead of adding one).
(function () {
  "use strict";
  var body = document.body;
  var home = body.getAttribute("data-home");
  var idleMs = (parseInt(body.getAttribute("data-idle-seconds"), 10) || 60) * 1000;
  var timer = null;

  function goHome() {
    var card = document.getElementById("card");
    if (card) { card.value = ""; }
    // The sign-up forms of a card's page carry the card too: forget it as well.
    document.querySelectorAll("[data-card]").forEach(function (field) { field.value = ""; });
    window.location.replace(home);
  }

  function restart() {
    if (timer !== null) { window.clearTimeout(timer); }
    timer = window.setTimeout(goHome, idleMs);
  }

  ["pointerdown", "keydown", "touchstart", "wheel", "scroll", "input"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true, capture: true });
  });

  document.querySelectorAll("[data-reset]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      window.location.replace(link.getAttribute("href"));
    });
  });

  // A page restored from the back-forward cache or with its form refilled shows no card number.
  window.addEventListener("pageshow", function () {
    var form = document.querySelector(".card-form");
    if (form) { form.reset(); }
    restart();
  });

  // A scanner in keyboard mode types wherever the focus is: bring it back to the card field.
  var cardField = document.getElementById("card");
  if (cardField) {
    window.addEventListener("keydown", function (event) {
      if (document.activeElement !== cardField && event.key.length === 1 && !event.ctrlKey && !event.altKey) {
        cardField.focus();
      }
    }, true);
    document.querySelector(".card-form").addEventListener("submit", function (event) {
      if (!cardField.value.trim()) { event.preventDefault(); return; }
      event.target.querySelector("button[type=submit]").disabled = true;
    });
  }

  document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  restart();
}());
