// YASGUI in Chinese: its own labels, titles and messages (YASGUI 4.6 has no translations),
// rewritten where they appear: exact strings and a few patterns, on text nodes and on the title,
// aria-label and placeholder attributes, kept up by a MutationObserver as YASGUI redraws.
// The table's own strings (DataTables) come from its language option (DATATABLES below).
(function () {
  const EXACT = {
    "Query": "查询",
    "New Tab": "新建标签页",
    "Rename Tab": "重命名标签页",
    "Copy Tab": "复制标签页",
    "Close Tab": "关闭标签页",
    "Close tab": "关闭标签页",
    "Close other tabs": "关闭其他标签页",
    "Undo close Tab": "恢复关闭的标签页",
    "Add tab": "新建标签页",
    "Add a new tab": "新建标签页",
    "Run query": "运行查询",
    "Share query": "分享查询",
    "Shorten": "缩短",
    "Download result": "下载结果",
    "Download Results": "下载结果",
    "Download not supported": "这种结果不能下载",
    "Simple view": "简洁视图",
    "Ellipse": "省略长文本",
    "Page size:": "每页行数：",
    "Page size: ": "每页行数：",
    "Show all": "全部显示",
    "All": "全部",
    "Filter query results": "筛选结果",
    "Clear endpoint": "清除端点",
    "Search or add an endpoint": "搜索或添加端点",
    "Press \"enter\" to add this endpoint": "按回车添加这个端点",
    "Open settings": "设置",
    "Close settings": "关闭设置",
    "Settings": "设置",
    "Request method": "请求方法",
    "Accept Headers": "Accept 请求头",
    "Header Arguments": "请求头参数",
    "Named Graphs": "命名图",
    "Default Graphs": "默认图",
    "Arguments": "参数",
    "Endpoint is down": "端点无响应",
    "Incorrect endpoint URL": "端点地址有误",
    "CORS-enabled": "跨域（CORS）已启用",
    "Try query in a new browser window": "在新窗口中试运行查询",
    "Unable to get response from endpoint. Possible reasons:": "端点没有回应。可能的原因：",
    "cannot render result": "无法显示这个结果",
    "An error has occurred": "出错了",
    "Error": "错误",
    "Response": "响应",
    "Querying is disabled.": "查询已停用。",
    "No data available in table": "没有结果",
    "No matching records found": "没有符合筛选的结果",
    "Table": "表格",
    "Raw response": "原始响应",
    "Response documentation": "原始响应说明",
    "Table documentation": "表格说明",
    "Documentation": "说明",
  };
  const PATTERNS = [
    [/^(\d+) results? in ([\d.]+) seconds?$/, (m) => `${m[1]} 条结果，用时 ${m[2]} 秒`],
    [/^Response in ([\d.]+) seconds?$/, (m) => `响应用时 ${m[1]} 秒`],
    [/^(\d+) results?$/, (m) => `${m[1]} 条结果`],
    [/^Shows (.+) view$/, (m) => `显示${m[1]}视图`],
    [/^(.+) documentation$/, (m) => `${m[1]} 说明`],
    [/^This line is invalid\. Expected: (.*)$/, (m) => `此行有误，应为：${m[1]}`],
    [/^Prefix '(.*)' is not defined$/, (m) => `前缀 '${m[1]}' 未声明`],
    [/^Error \(#(\d+)\)$/, (m) => `错误（${m[1]}）`],
    // the endpoint's own messages (it answers protocol clients in English)
    [/^SPARQL syntax error: (.*)$/s, (m) => `SPARQL 语法错误：${m[1]}`],
    [/^the query ran longer than the (\S+) s time limit.*$/, (m) => `查询超过了 ${m[1]} 秒的时间上限（排队和检查也计算在内）`],
    [/^SERVICE \(federated query\) is not allowed.*$/, () => "不允许 SERVICE（联邦查询）：本端点不向外发出请求"],
    [/^this endpoint is read-only.*$/, () => "本端点只读，不接受 SPARQL Update"],
    [/^the SPARQL endpoint is busy.*$/, () => "SPARQL 端点正忙，请稍后再试"],
    [/^the query is longer than ([\d,]+) characters$/, (m) => `查询超过 ${m[1]} 个字符`],
    [/^the query needed more than the (\d+) MB memory limit.*$/, (m) => `查询需要的内存超过了 ${m[1]} MB 的上限`],
    [/^the query's worker was stopped by signal (\S+).*$/, (m) => `执行查询的进程被信号 ${m[1]} 终止`],
  ];
  const ATTRIBUTES = ["title", "aria-label", "placeholder"];
  // what is the user's own, not YASGUI's: the query text and the result cells
  const SKIP = ".CodeMirror-code, .CodeMirror-hints, .dataTable td, .dataTable th, pre, code";

  function zh(text) {
    const core = text.trim();
    if (!core) return null;
    if (Object.prototype.hasOwnProperty.call(EXACT, core)) return text.replace(core, EXACT[core]);
    for (const [re, f] of PATTERNS) {
      const m = core.match(re);
      if (m) return text.replace(core, f(m));
    }
    return null;
  }
  function skipped(node) {
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return !el || Boolean(el.closest(SKIP));
  }
  function translateNode(node) {
    if (node.nodeType === Node.TEXT_NODE) {
      if (skipped(node)) return;
      const t = zh(node.nodeValue);
      if (t !== null && t !== node.nodeValue) node.nodeValue = t;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || skipped(node)) return;
    if (node.tagName === "title" || node.tagName === "metadata") return;
    for (const a of ATTRIBUTES) {
      const v = node.getAttribute(a);
      const t = v && zh(v);
      if (t && t !== v) node.setAttribute(a, t);
    }
  }
  function translate(root) {
    translateNode(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) translateNode(walker.currentNode);
  }
  function observe(root) {
    translate(root);
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === "characterData") translateNode(r.target);
        else if (r.type === "attributes") translateNode(r.target);
        else r.addedNodes.forEach((n) => translate(n));
      }
    }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  }
  // DataTables' own strings (the table view's pager, counts and empty table)
  const DATATABLES = {
    emptyTable: "没有结果",
    info: "第 _START_ 至 _END_ 条，共 _TOTAL_ 条",
    infoEmpty: "共 0 条",
    infoFiltered: "（从 _MAX_ 条中筛选）",
    lengthMenu: "每页 _MENU_ 条",
    loadingRecords: "载入中…",
    search: "筛选：",
    zeroRecords: "没有符合筛选的结果",
    entries: { _: "条", 1: "条" },
    lengthLabels: { "-1": "全部" },
    paginate: { first: "«", last: "»", next: "›", previous: "‹" },
    aria: { orderable: "按此列排序", orderableReverse: "按此列倒序排序" },
  };
  window.CasegraphZh = { translate, observe, zh, DATATABLES };
})();
