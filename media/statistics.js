// Statistics page: latency over time (inline SVG, drawn here), p50/p95 per kind, acceptance rate,
// tokens, and the cloud cost of the same tokens next to the local cost. Data by postMessage.
(function () {
  const vscode = acquireVsCodeApi();
  const app = document.getElementById("app");
  const SVG = "http://www.w3.org/2000/svg";
  window.addEventListener("message", (event) => event.data && event.data.type === "summary" && render(event.data.summary));
  vscode.postMessage({ type: "ready" });

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) k === "onclick" ? node.addEventListener("click", v) : node.setAttribute(k, v);
    for (const c of [].concat(children ?? [])) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }
  const ms = (v) => (v === undefined ? "–" : `${v} ms`);
  const pct = (v) => (v === undefined ? "–" : `${Math.round(v * 100)}%`);
  const num = (v) => v.toLocaleString();

  function chart(recent) {
    const width = 640, height = 200, pad = 36;
    const root = svg("svg", { id: "latency-chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Latency of recent requests over time" });
    if (recent.length === 0) return root;
    const max = Math.max(...recent.map((r) => r.latencyMs), 1);
    const t0 = recent[0].time, t1 = Math.max(recent[recent.length - 1].time, t0 + 1);
    const x = (t) => pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad);
    const y = (v) => height - pad - (v / max) * (height - 2 * pad);
    root.append(svg("line", { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: "axis" }));
    root.append(svg("line", { x1: pad, y1: pad, x2: pad, y2: height - pad, class: "axis" }));
    const label = svg("text", { x: 4, y: pad, class: "tick" });
    label.textContent = `${Math.round(max)} ms`;
    root.append(label);
    for (const r of recent) root.append(svg("circle", { cx: x(r.time).toFixed(1), cy: y(r.latencyMs).toFixed(1), r: 2.5, class: `point ${r.kind}` }));
    return root;
  }

  function render(s) {
    const kinds = ["completion", "summarize", "sentiment"];
    app.replaceChildren(
      el("header", {}, [el("h1", {}, "Local SLM: statistics"), el("button", { id: "clear", onclick: () => vscode.postMessage({ type: "clear" }) }, "Clear")]),
      el("p", { class: "note" }, "Measured and stored on this machine only; nothing is sent anywhere."),
      s.requests === 0 ? el("p", { id: "empty" }, "No requests yet: type in a file, or summarize a selection.") : chart(s.recent),
      el("section", { class: "figures" }, [
        ...kinds.map((k) => el("div", { class: "figure", id: `latency-${k}` }, [el("h2", {}, k), el("p", {}, s.latency[k] ? `p50 ${ms(s.latency[k].p50Ms)} · p95 ${ms(s.latency[k].p95Ms)} (${s.latency[k].count})` : "no requests")])),
        el("div", { class: "figure", id: "acceptance" }, [el("h2", {}, "completions accepted"), el("p", {}, `${pct(s.acceptanceRate)} (${num(s.accepted)} of ${num(s.shown)} shown)`)]),
        el("div", { class: "figure", id: "tokens" }, [el("h2", {}, "tokens"), el("p", {}, `${num(s.promptTokens)} processed · ${num(s.generatedTokens)} generated · ${pct(s.cacheReuse)} from cache`)]),
      ]),
      el("table", { id: "cost" }, [
        el("thead", {}, el("tr", {}, [el("th", {}, "The same tokens at"), el("th", {}, "cost")])),
        el("tbody", {}, [
          el("tr", { class: "local" }, [el("td", {}, "Local SLM (this machine)"), el("td", {}, "$0.00")]),
          ...s.cloudCost.map((c) => el("tr", {}, [el("td", {}, c.name), el("td", {}, `$${c.dollars.toFixed(c.dollars < 1 ? 4 : 2)}`)])),
        ]),
      ]),
      el("p", { class: "note" }, "Cloud prices are examples per million tokens (setting localSlm.statistics.cloudPrices); a cloud API bills every prompt token it is sent."),
    );
  }
})();
