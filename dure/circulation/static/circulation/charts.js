// Draws the circulation charts from the JSON each chart section embeds (no data from elsewhere).
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var palette = ["#256ef4", "#e67e22", "#2e9e5b", "#c0392b", "#8e44ad", "#16a085", "#7f8c8d", "#d35400"];
  function numberOrNull(v) { return v === null || v === undefined ? null : Number(v); }
  document.querySelectorAll("script[id^='data-']").forEach(function (node) {
    var chart = JSON.parse(node.textContent);
    var canvas = document.getElementById("chart-" + chart.key);
    if (!canvas) return;
    var labels = chart.rows.map(function (row) { return String(row[0]); });
    var config;
    if (chart.key === "districts") {
      var places = chart.places;
      var datasets = places.map(function (to, j) {
        return {
          label: to,
          data: chart.matrix.map(function (row) { return numberOrNull(row[j + 1]); }),
          backgroundColor: palette[j % palette.length],
        };
      });
      config = {
        type: "bar",
        data: { labels: chart.matrix.map(function (row) { return row[0]; }), datasets: datasets },
        options: { indexAxis: "y", maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true } } },
      };
    } else if (chart.type === "line") {
      config = {
        type: "line",
        data: {
          labels: labels,
          datasets: [
            { label: chart.columns[2], data: chart.rows.map(function (r) { return numberOrNull(r[2]); }), borderColor: palette[0], yAxisID: "y" },
            { label: chart.columns[3], data: chart.rows.map(function (r) { return numberOrNull(r[3]); }), borderColor: palette[1], yAxisID: "y" },
          ],
        },
        options: { maintainAspectRatio: false },
      };
    } else {
      config = {
        type: "bar",
        data: {
          labels: labels,
          datasets: [{ label: chart.columns[1], data: chart.rows.map(function (r) { return numberOrNull(r[1]); }), backgroundColor: palette[0] }],
        },
        options: { maintainAspectRatio: false },
      };
    }
    new Chart(canvas, config);
  });
})();
