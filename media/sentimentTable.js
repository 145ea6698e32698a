// Per-line sentiment table: totals per label, a table sortable by any column (click a header,
// again to reverse), an Export CSV button. Data arrives from the extension by postMessage.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById("app");
  let data;
  let sortKey = "line";
  let ascending = true;

  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "result") {
      data = event.data;
      render();
    }
  });
  vscode.postMessage({ type: "ready" });

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "onclick") node.addEventListener("click", value);
      else node.setAttribute(key, value);
    }
    for (const child of [].concat(children || [])) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return node;
  }

  const pct = (x) => `${Math.round(x * 100)}%`;

  function render() {
    const { title, result } = data;
    const total = result.items.length;
    const totals = el("section", { id: "totals", "aria-label": "totals per label" }, [
      ...["positive", "negative", "neutral"].map((label) =>
        el("div", { class: `total ${label}`, id: `total-${label}` }, [
          el("span", { class: "count" }, result.totals[label]),
          el("span", { class: "name" }, ` ${label} (${total ? pct(result.totals[label] / total) : "0%"})`),
        ]),
      ),
      el("div", { class: "total skipped", id: "total-skipped" }, `${result.skippedBlankLines} blank line${result.skippedBlankLines === 1 ? "" : "s"} skipped`),
    ]);
    const columns = [
      ["line", "Line"],
      ["label", "Label"],
      ["confidence", "Confidence"],
      ["text", "Text"],
    ];
    const rows = [...result.items].sort((a, b) => {
      const x = a[sortKey];
      const y = b[sortKey];
      const order = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    const table = el("table", { id: "sentiment-table" }, [
      el("thead", {}, el("tr", {}, columns.map(([key, name]) =>
        el("th", { scope: "col", "aria-sort": key === sortKey ? (ascending ? "ascending" : "descending") : "none" },
          el("button", { onclick: () => { ascending = key === sortKey ? !ascending : true; sortKey = key; render(); } }, `${name}${key === sortKey ? (ascending ? " ▲" : " ▼") : ""}`)),
      ))),
      el("tbody", {}, rows.map((item) =>
        el("tr", { class: item.label }, [
          el("td", { class: "num" }, item.line),
          el("td", { class: "label" }, item.label),
          el("td", { class: "num", title: `positive ${pct(item.scores.positive)}, negative ${pct(item.scores.negative)}, neutral ${pct(item.scores.neutral)}` }, pct(item.confidence)),
          el("td", { class: "text" }, item.text),
        ]),
      )),
    ]);
    app.replaceChildren(
      el("header", {}, [
        el("h1", {}, `Sentiment per line: ${title}`),
        el("button", { id: "export-csv", onclick: () => vscode.postMessage({ type: "exportCsv" }) }, "Export CSV"),
      ]),
      totals,
      total === 0 ? el("p", {}, "No non-blank lines to classify.") : table,
    );
  }
})();
