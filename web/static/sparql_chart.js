// A YASR plugin "图表": a bar chart (Chart.js, vendored) of the first numeric column against the
// first text column of a SELECT result; offered when the result has both.
(function () {
  function columns(yasr) {
    const vars = yasr.results.getVariables();
    const rows = yasr.results.getBindings() || [];
    const isNum = (v) => rows.length > 0 && rows.every((r) => r[v] && r[v].value !== "" && !isNaN(Number(r[v].value)));
    const value = vars.find(isNum);
    const labels = vars.filter((v) => v !== value && !isNum(v));
    return { rows, value, label: labels[0], labels };
  }
  class ChartPlugin {
    constructor(yasr) {
      this.yasr = yasr;
      this.label = "图表";
      this.priority = 5;
      this.chart = null;
    }
    canHandleResults() {
      if (!this.yasr.results || !this.yasr.results.getVariables || this.yasr.results.getBoolean() !== undefined) return false;
      const vars = this.yasr.results.getVariables();
      if (!vars || vars.length < 2) return false;
      const c = columns(this.yasr);
      return Boolean(c.value && c.label);
    }
    getIcon() {
      const span = document.createElement("span");
      span.textContent = "▮▮";
      return span;
    }
    draw() {
      const c = columns(this.yasr);
      const canvas = document.createElement("canvas");
      canvas.className = "yasr-chart";
      const box = document.createElement("div");
      box.className = "chart-box";
      box.appendChild(canvas);
      this.yasr.resultsEl.appendChild(box);
      const rows = c.rows.slice(0, 60);
      this.chart = new Chart(canvas, {
        type: "bar",
        data: {
          labels: rows.map((r) => c.labels.map((v) => (r[v] ? r[v].value : "")).join(" · ")),
          datasets: [{ label: c.value, data: rows.map((r) => Number(r[c.value].value)), backgroundColor: "#b0413e" }],
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: true } } },
      });
    }
    destroy() {
      if (this.chart) this.chart.destroy();
      this.chart = null;
    }
  }
  window.CasegraphChartPlugin = ChartPlugin;
})();
