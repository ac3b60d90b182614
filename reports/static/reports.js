// Draws each <canvas data-chart> with the vendored Chart.js; a click on a bar opens the rows behind it.
// Data come from data- attributes (the CSP forbids inline scripts).
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = JSON.parse(canvas.dataset.chart);
    var links = JSON.parse(canvas.dataset.links || "[]");
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom" } },
        onClick: function (_event, elements) {
          if (elements.length && links[elements[0].index]) { window.location.href = links[elements[0].index]; }
        }
      }
    });
  });
})();
