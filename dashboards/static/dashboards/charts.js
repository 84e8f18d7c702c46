/* Draws the dashboard's charts from the JSON in <script id="dashboard-data" type="application/json">.
   No inline script (CSP-friendly); each chart's numbers are also in a table next to it. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#0d6efd", "#6f42c1", "#198754", "#dc3545", "#fd7e14", "#20c997", "#6c757d", "#ffc107"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var series = data[canvas.dataset.chart];
    if (!series) { return; }
    var kind = canvas.dataset.kind || "bar";
    new window.Chart(canvas, {
      type: kind,
      data: {
        labels: series.labels,
        datasets: [{
          label: canvas.getAttribute("aria-label") || "",
          data: series.values,
          backgroundColor: kind === "bar" && canvas.dataset.single ? colours[0] : colours.slice(0, series.values.length),
        }],
      },
      options: {
        responsive: true,
        aspectRatio: kind === "doughnut" ? 2.2 : 2,
        animation: false,
        plugins: { legend: { display: kind !== "bar" } },
        scales: kind === "bar" ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {},
      },
    });
  });
}());
