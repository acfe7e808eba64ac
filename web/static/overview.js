// Charts for the overview page; data comes from the page's JSON block (no inline script: CSP).
(function () {
  const data = JSON.parse(document.getElementById("overview-data").textContent);
  function bar(id, labels, values) {
    new Chart(document.getElementById(id), {
      type: "bar",
      data: { labels: labels, datasets: [{ data: values, backgroundColor: "#b22222" }] },
      options: { plugins: { legend: { display: false } }, animation: false, indexAxis: "y" },
    });
  }
  bar("chart-provinces", data.provinces.map((p) => p.label), data.provinces.map((p) => p.articles));
  bar("chart-themes", data.themes.map((t) => t.label), data.themes.map((t) => t.measures));
})();
