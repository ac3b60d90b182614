// On-screen PIN keypad for touch screens; the physical keyboard keeps working as usual.
(function () {
  document.querySelectorAll(".keypad").forEach(function (pad) {
    var input = document.getElementById(pad.dataset.target);
    pad.addEventListener("click", function (event) {
      var key = event.target.dataset.key;
      if (!key) return;
      if (key === "⌫") input.value = input.value.slice(0, -1);
      else if (key === "OK") input.form.requestSubmit();
      else if (input.value.length < 6) input.value += key;
      input.focus();
    });
  });
})();
