// SPARQL editor: CodeMirror, example gallery, results table with entity links, downloads, permalink.
(function () {
  const BASE = "https://w3id.org/casegraph/id/";
  const textarea = document.getElementById("query");
  const editor = CodeMirror.fromTextArea(textarea, { mode: "application/sparql-query", lineNumbers: true });
  const status = document.getElementById("sparql-status");
  const out = document.getElementById("sparql-results");

  function links() {
    const q = encodeURIComponent(editor.getValue());
    document.getElementById("permalink").href = "/sparql?query=" + q;
    document.getElementById("download-csv").href = "/sparql?format=csv&query=" + q;
    document.getElementById("download-json").href = "/sparql?format=json&query=" + q;
  }
  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.textContent = term.value.startsWith(BASE) ? term.value.slice(BASE.length) : term.value;
      a.href = term.value.startsWith(BASE) ? "/id/" + term.value.slice(BASE.length) : term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.value;
    }
    return td;
  }
  async function run() {
    links();
    status.textContent = "运行中…";
    out.textContent = "";
    const t0 = performance.now();
    const resp = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
      body: editor.getValue(),
    });
    const ms = Math.round(performance.now() - t0);
    const type = resp.headers.get("Content-Type") || "";
    if (!resp.ok) {
      const err = type.includes("json") ? (await resp.json()).error : await resp.text();
      status.textContent = "出错：" + err;
      status.className = "error";
      return;
    }
    status.className = "";
    if (!type.includes("sparql-results+json")) {
      const pre = document.createElement("pre");
      pre.textContent = await resp.text();
      out.appendChild(pre);
      status.textContent = ms + " ms";
      return;
    }
    const data = await resp.json();
    if ("boolean" in data) { status.textContent = "ASK: " + data.boolean + "（" + ms + " ms）"; return; }
    const vars = data.head.vars;
    const table = document.createElement("table");
    table.className = "comparison";
    const head = table.createTHead().insertRow();
    vars.forEach((v) => { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); });
    const body = table.createTBody();
    data.results.bindings.forEach((b) => { const tr = body.insertRow(); vars.forEach((v) => tr.appendChild(cell(b[v]))); });
    out.appendChild(table);
    const truncated = resp.headers.get("X-SPARQL-Truncated");
    status.textContent = data.results.bindings.length + " 行，" + ms + " ms" + (truncated ? "（结果被截断：" + truncated + "）" : "");
  }
  document.getElementById("run").addEventListener("click", run);
  const examples = JSON.parse(document.getElementById("examples").textContent);
  document.querySelectorAll("button.example").forEach((b) =>
    b.addEventListener("click", () => {
      editor.setValue(examples.find((e) => e.name === b.dataset.name).sparql.trim());
      run();
    }));
  editor.on("change", links);
  links();
  window.casegraphEditor = editor;
  if (new URLSearchParams(window.location.search).get("query")) run();
})();
