// SPARQL editor: YASGUI (vendored) on this endpoint, completion of cg: terms from ontology.ttl,
// the example gallery, a chart view, entity links that stay on this server, permalinks
// (/sparql?name=… for a gallery query) and downloads.
(function () {
  const BASE = "https://w3id.org/casegraph/id/";
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const examples = data("examples");
  const terms = data("terms");
  const initial = data("initial");
  const status = document.getElementById("sparql-status");
  let currentName = initial.name || null;

  Yasgui.Yasr.registerPlugin("chart", window.CasegraphChartPlugin);
  // the result views with Chinese names
  [["table", "表格"], ["response", "原始响应"]].forEach(([name, label]) => {
    const Base = Yasgui.Yasr.plugins[name];
    Yasgui.Yasr.registerPlugin(name, class extends Base {
      constructor(yasr) { super(yasr); this.label = label; }
    });
  });
  const classNames = terms.classes.map((t) => t.name);
  const propertyNames = terms.properties.map((t) => t.name);
  Yasgui.Yasqe.registerAutocompleter({
    name: "cgTerms",
    bulk: true,
    autoShow: true,
    persistenceId: null,
    get: () => classNames.concat(propertyNames),
    isValidCompletionPosition: (yasqe) => {
      const token = yasqe.getCompleteToken();
      return /^cg:/.test(token.string || "");
    },
  });
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables", "cgTerms"];

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: {
      endpoint: "/sparql",
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json,*/*;q=0.9",
      acceptHeaderGraph: "text/turtle,*/*;q=0.9",
    },
    copyEndpointOnNewTab: true,
    showEndpointButton: false,
    endpointCatalogueOptions: { getData: () => [] },
    persistenceId: null,
    yasr: { pluginOrder: ["table", "chart", "response"], defaultPlugin: "table", prefixes: { cg: "https://w3id.org/casegraph/ontology#", cgid: BASE } },
    yasqe: { value: initial.query.trim(), resizeable: true },
  });
  const tab = () => yasgui.getTab();
  const editor = () => tab().getYasqe();

  function links() {
    const q = encodeURIComponent(editor().getValue());
    document.getElementById("permalink").href = currentName ? "/sparql?name=" + encodeURIComponent(currentName) : "/sparql?query=" + q;
    document.getElementById("download-csv").href = "/sparql?format=csv&query=" + q;
    document.getElementById("download-json").href = "/sparql?format=json&query=" + q;
  }
  function localLinks() {
    document.querySelectorAll("#yasgui a.iri").forEach((a) => {
      const href = a.getAttribute("href") || "";
      if (href.startsWith(BASE)) {
        a.setAttribute("href", "/id/" + href.slice(BASE.length));
        a.setAttribute("target", "_self");
      }
    });
  }
  function watch(t) {
    const yasr = t.getYasr();
    yasr.on("drawn", () => {
      localLinks();
      const n = yasr.results && yasr.results.getBindings ? (yasr.results.getBindings() || []).length : 0;
      status.textContent = yasr.results && yasr.results.getBoolean() === undefined ? n + " 行" : "";
    });
    t.getYasqe().on("change", () => { currentName = null; links(); });
  }
  watch(tab());
  yasgui.on("tabSelect", () => setTimeout(() => { watch(tab()); links(); }, 0));

  document.querySelectorAll("button.example").forEach((b) =>
    b.addEventListener("click", () => {
      const ex = examples.find((e) => e.name === b.dataset.name);
      editor().setValue(ex.sparql.trim());
      currentName = ex.name;
      links();
      editor().query();
    }));
  links();
  window.casegraphEditor = { getValue: () => editor().getValue(), setValue: (v) => editor().setValue(v), yasgui };
  if (initial.run) editor().query();
})();
