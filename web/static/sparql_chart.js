// A YASR plugin "图表": a bar chart (Chart.js, vendored) of a SELECT result. It picks its axes
// from the columns: the values from the first numeric column (typed numbers: COUNT, SUM,
// xsd:decimal …), the bars' labels from the shortest-worded text column (a *Label, title or name
// column first; a second one joined when the first repeats), and, when another short text column
// has few values, one series per value (grouped bars). When a result cannot be charted it says
// why instead of drawing nothing.
(function () {
  const XSD = "http://www.w3.org/2001/XMLSchema#";
  const NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
    "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"].map((t) => XSD + t);
  const MAX_BARS = 60;
  const MAX_SERIES = 12;
  const COLOURS = ["#b0413e", "#3e6fb0", "#5a9a4a", "#c98a2b", "#7a4ab0", "#2b9aa0", "#a04a7a",
    "#6b6b6b", "#d0604f", "#4f86d0", "#86b04f", "#e0a040"];

  function isNumber(b) {
    return b && b.type !== "uri" && NUMERIC.includes(b.datatype) && b.value !== "" && !isNaN(Number(b.value));
  }
  function shortIri(value, prefixes) {
    for (const [p, ns] of Object.entries(prefixes || {})) if (value.startsWith(ns)) return p + ":" + value.slice(ns.length);
    return value;
  }
  // -> {value, label, label2, series, rows} or {why: a sentence}
  function plan(yasr) {
    const vars = yasr.results.getVariables() || [];
    const rows = yasr.results.getBindings() || [];
    if (!rows.length) return { why: "没有结果可作图。" };
    const filled = (v) => rows.filter((r) => r[v]);
    const numeric = vars.filter((v) => filled(v).length && filled(v).every((r) => isNumber(r[v])));
    if (!numeric.length) {
      return { why: "无法作图：结果中没有数值列。图表需要一列数字（如 COUNT(…) 或 cg:value）和一列标签。" };
    }
    const pick = ["n", "count", "value", "total"];
    const value = numeric.find((v) => pick.includes(v.toLowerCase())) || numeric[0];
    const BOOLEAN = XSD + "boolean";
    const texts = vars.filter((v) => !numeric.includes(v) && filled(v).length && !filled(v).every((r) => r[v].datatype === BOOLEAN));
    const meanLength = (v) => filled(v).reduce((s, r) => s + r[v].value.length, 0) / filled(v).length;
    const isIri = (v) => filled(v).every((r) => r[v].type === "uri");
    const named = (v) => /(label|title|name)$/i.test(v);
    const distinct = (v) => new Set(rows.map((r) => (r[v] ? r[v].value : ""))).size;
    const unique = (v) => distinct(v) === rows.length;
    // a label that tells the bars apart, reads as a name, is short, and is not an IRI
    const score = (v) => (isIri(v) ? 1000 : 0) + (unique(v) ? 0 : 200) + (named(v) ? 0 : 100) + Math.min(meanLength(v), 99);
    const candidates = texts.filter((v) => meanLength(v) <= 40 || isIri(v)).sort((a, b) => score(a) - score(b));
    const label = candidates[0];
    let series = null;
    let label2 = null;
    if (label && !unique(label)) {
      // the label repeats: a second short column splits it into series when each (label,
      // column) pair is one row (a grid such as province x theme), else it is joined to it
      const others = candidates.filter((v) => v !== label && !isIri(v));
      const pairs = (v) => new Set(rows.map((r) => (r[label] ? r[label].value : "") + "\u0000" + (r[v] ? r[v].value : ""))).size;
      series = others.find((v) => distinct(v) > 1 && distinct(v) <= MAX_SERIES && pairs(v) === rows.length) || null;
      if (!series && others.length) label2 = others[0];
    }
    return { value, label, label2, series, rows, vars };
  }
  class ChartPlugin {
    constructor(yasr) {
      this.yasr = yasr;
      this.label = "图表";
      this.priority = 5;
      this.chart = null;
    }
    canHandleResults() {
      // any SELECT result: the view then either draws or says why it cannot
      const r = this.yasr.results;
      return Boolean(r && r.getVariables && r.getBoolean() === undefined && (r.getVariables() || []).length);
    }
    getIcon() {
      const span = document.createElement("span");
      span.textContent = "▮▮";
      return span;
    }
    draw() {
      const p = plan(this.yasr);
      if (p.why) {
        const note = document.createElement("p");
        note.className = "chart-why";
        note.textContent = p.why;
        this.yasr.resultsEl.appendChild(note);
        return;
      }
      const prefixes = this.yasr.getPrefixes ? this.yasr.getPrefixes() : {};
      const text = (r, v) => (!v || !r[v] ? "" : r[v].type === "uri" ? shortIri(r[v].value, prefixes) : r[v].value);
      const rowLabel = (r, i) => (p.label ? [text(r, p.label), text(r, p.label2)].filter(Boolean).join(" · ") : String(i + 1));
      let labels;
      let datasets;
      if (p.series) {
        labels = [...new Set(p.rows.map(rowLabel))].slice(0, MAX_BARS);
        const names = [...new Set(p.rows.map((r) => text(r, p.series)))];
        datasets = names.map((name, k) => ({
          label: name || "（空）",
          backgroundColor: COLOURS[k % COLOURS.length],
          data: labels.map((l) => {
            const r = p.rows.find((row, i) => rowLabel(row, i) === l && text(row, p.series) === name);
            return r && r[p.value] ? Number(r[p.value].value) : null;
          }),
        }));
      } else {
        const rows = p.rows.slice(0, MAX_BARS);
        labels = rows.map(rowLabel);
        datasets = [{ label: "?" + p.value, backgroundColor: COLOURS[0], data: rows.map((r) => (r[p.value] ? Number(r[p.value].value) : null)) }];
      }
      const note = document.createElement("p");
      note.className = "chart-why";
      const shown = p.label ? "?" + p.label + (p.label2 ? " · ?" + p.label2 : "") : "行号";
      note.textContent = `数值：?${p.value}；标签：${shown}${p.series ? "；分组：?" + p.series : ""}` +
        (p.rows.length > MAX_BARS && !p.series ? `；只画前 ${MAX_BARS} 行（共 ${p.rows.length} 行）` : "");
      this.yasr.resultsEl.appendChild(note);
      const canvas = document.createElement("canvas");
      canvas.className = "yasr-chart";
      const box = document.createElement("div");
      box.className = "chart-box";
      box.appendChild(canvas);
      this.yasr.resultsEl.appendChild(box);
      this.chart = new Chart(canvas, {
        type: "bar",
        data: { labels, datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          locale: "zh-CN",
          plugins: { legend: { display: datasets.length > 1 } },
          scales: {
            x: { title: { display: true, text: shown }, ticks: { autoSkip: false, maxRotation: 60 } },
            y: { beginAtZero: true, title: { display: true, text: "?" + p.value } },
          },
        },
      });
    }
    destroy() {
      if (this.chart) this.chart.destroy();
      this.chart = null;
    }
  }
  window.CasegraphChartPlugin = ChartPlugin;
})();
