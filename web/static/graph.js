// Neighbourhood graph (cytoscape): nodes link to their pages.
(function () {
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const colors = { article: "#b22222", region: "#3b7dd8", measure: "#4c9a5a", practice: "#c8782c",
                   theme: "#7a7a7a", organization: "#8a5cc7" };
  const cy = cytoscape({
    container: document.getElementById("cy"),
    elements: [
      ...data.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, url: n.url, center: n.center } })),
      ...data.edges.map((e, i) => ({ data: { id: "e" + i, source: e.source, target: e.target } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": (n) => colors[n.data("kind")] || "#999",
                                   width: (n) => (n.data("center") ? 30 : 14), height: (n) => (n.data("center") ? 30 : 14),
                                   "text-wrap": "ellipsis", "text-max-width": 120 } },
      { selector: "edge", style: { width: 1, "line-color": "#ccc" } },
    ],
    layout: { name: "cose", animate: false },
  });
  cy.on("tap", "node", (evt) => { const url = evt.target.data("url"); if (url && url !== "/") window.location.href = url; });
  window.casegraphCy = cy;
})();
