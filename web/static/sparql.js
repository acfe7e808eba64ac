// SPARQL editor: YASGUI (vendored) on this endpoint, in Chinese (sparql_zh.js), completion of
// cg: terms from ontology.ttl, the server's preset prefixes known to the editor's checker, the
// example gallery, a chart view, entity links that stay on this server, permalinks
// (/sparql?name=… for a gallery query, ?query=… for any) and downloads.
(function () {
  const BASE = "https://w3id.org/casegraph/id/";
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const examples = data("examples");
  const terms = data("terms");
  const initial = data("initial");
  const preset = data("prefixes");
  const status = document.getElementById("sparql-status");
  // YASGUI builds URL objects from the endpoint: it must be absolute
  const ENDPOINT = new URL("/sparql", window.location.href).href;
  let currentName = initial.name || null;

  // the prefixes the server declares for every query are declared for the editor's checker too,
  // so cg:… in a query without PREFIX lines is not marked as an error
  const sparqlMode = Yasgui.Yasqe.modes.sparql11;
  Yasgui.Yasqe.defineMode("sparql11", function (config, spec) {
    const mode = sparqlMode(config, spec);
    const start = mode.startState;
    mode.startState = function () {
      const state = start.apply(this, arguments);
      state.prefixes = Object.assign({}, preset, state.prefixes);
      return state;
    };
    return mode;
  });
  Yasgui.Yasr.plugins.table.defaults.tableConfig.language = window.CasegraphZh.DATATABLES;
  Yasgui.Yasr.defaults.errorRenderers = [async (error) => {
    // the endpoint's {"error": …, "status": …} as one line
    let message = error.text || error.statusText || "";
    try { message = JSON.parse(error.text).error || message; } catch (e) { /* not JSON */ }
    message = window.CasegraphZh.zh(message) || message;
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = `查询失败：${message || "端点没有回应"}`;
    return p;
  }];

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

  const root = document.getElementById("yasgui");
  window.CasegraphZh.observe(root);
  const yasgui = new Yasgui(root, {
    tabName: "查询",
    // permalinks are read here (initial.run), once: YASGUI's own reading of ?query= would run
    // the query a second time and abort the first
    populateFromUrl: false,
    requestConfig: {
      endpoint: ENDPOINT,
      method: "POST",
      acceptHeaderSelect: "application/sparql-results+json,*/*;q=0.9",
      acceptHeaderGraph: "text/turtle,*/*;q=0.9",
    },
    copyEndpointOnNewTab: true,
    showEndpointButton: false,
    endpointCatalogueOptions: { getData: () => [] },
    persistenceId: null,
    yasr: { pluginOrder: ["table", "chart", "response"], defaultPlugin: "table", prefixes: preset },
    yasqe: { value: initial.query.trim(), resizeable: true, consumeShareLink: null },
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
      tab().getYasr().selectPlugin("table");  // a new query opens on its table, not the last view
      editor().query();
    }));
  links();
  window.casegraphEditor = { getValue: () => editor().getValue(), setValue: (v) => editor().setValue(v), yasgui };
  if (initial.run) editor().query();
})();
