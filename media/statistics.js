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

  const KIND_NAMES = { completion: "code completion", summarize: "summarize", sentiment: "sentiment" };

  /** A round axis maximum (1, 2 or 5 times a power of ten) at or above `v`. */
  function niceMax(v) {
    const power = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1))));
    for (const step of [1, 2, 5, 10]) if (step * power >= v) return step * power;
    return 10 * power;
  }
  const clock = (t) => new Date(t).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const day = (t) => new Date(t).toLocaleDateString([], { month: "short", day: "numeric" });

  function text(x, y, content, attrs) {
    const node = svg("text", { x, y, ...attrs });
    node.textContent = content;
    return node;
  }

  // Latency (y, ms, from 0) of each recent request against the time it was made (x), one colour per
  // kind, with both axes labelled and a legend of the kinds shown.
  function chart(recent) {
    const width = 640, height = 240, left = 64, right = 16, top = 16, bottom = 48;
    const root = svg("svg", { id: "latency-chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Latency of recent requests over time, by kind" });
    if (recent.length === 0) return root;
    const max = niceMax(Math.max(...recent.map((r) => r.latencyMs), 1));
    const t0 = recent[0].time, t1 = Math.max(recent[recent.length - 1].time, t0 + 1);
    const x = (t) => left + ((t - t0) / (t1 - t0)) * (width - left - right);
    const y = (v) => height - bottom - (v / max) * (height - top - bottom);
    // y axis: 0, half and the maximum, with grid lines; its title turned along it
    for (const v of [0, max / 2, max]) {
      root.append(svg("line", { x1: left, y1: y(v), x2: width - right, y2: y(v), class: v === 0 ? "axis" : "grid" }));
      root.append(text(left - 6, y(v) + 4, `${num(v)}`, { class: "tick", "text-anchor": "end" }));
    }
    root.append(svg("line", { x1: left, y1: top, x2: left, y2: height - bottom, class: "axis" }));
    root.append(text(14, (top + height - bottom) / 2, "latency (ms)", { class: "axis-title", "text-anchor": "middle", transform: `rotate(-90 14 ${(top + height - bottom) / 2})` }));
    // x axis: the first and last request's time (and the day when they differ)
    const sameDay = day(t0) === day(t1);
    root.append(text(left, height - bottom + 16, sameDay ? clock(t0) : `${day(t0)} ${clock(t0)}`, { class: "tick", "text-anchor": "start", id: "x-start" }));
    root.append(text(width - right, height - bottom + 16, sameDay ? clock(t1) : `${day(t1)} ${clock(t1)}`, { class: "tick", "text-anchor": "end", id: "x-end" }));
    root.append(text((left + width - right) / 2, height - 8, `time of request${sameDay ? ` (${day(t0)})` : ""}`, { class: "axis-title", "text-anchor": "middle" }));
    for (const r of recent) {
      const point = svg("circle", { cx: x(r.time).toFixed(1), cy: y(r.latencyMs).toFixed(1), r: 2.5, class: `point ${r.kind}` });
      const title = svg("title", {});
      title.textContent = `${KIND_NAMES[r.kind] || r.kind}: ${r.latencyMs} ms at ${clock(r.time)}`;
      point.append(title);
      root.append(point);
    }
    return root;
  }

  function legend(recent) {
    const counts = {};
    for (const r of recent) counts[r.kind] = (counts[r.kind] || 0) + 1;
    return el("ul", { id: "latency-legend", class: "legend", "aria-label": "Legend" },
      Object.keys(KIND_NAMES).filter((k) => counts[k]).map((k) => el("li", {}, [el("span", { class: `swatch ${k}` }, ""), `${KIND_NAMES[k]} (${num(counts[k])})`])));
  }

  function render(s) {
    const kinds = ["completion", "summarize", "sentiment"];
    app.replaceChildren(
      el("header", {}, [el("h1", {}, "Local SLM: statistics"), el("button", { id: "clear", onclick: () => vscode.postMessage({ type: "clear" }) }, "Clear")]),
      el("p", { class: "note" }, "Measured and stored on this machine only; nothing is sent anywhere."),
      s.requests === 0
        ? el("p", { id: "empty" }, "No requests yet: type in a file, or summarize a selection.")
        : el("figure", { class: "chart" }, [chart(s.recent), legend(s.recent), el("figcaption", { class: "note" }, `Latency of the last ${num(s.recent.length)} requests, each a dot; hover a dot for its figures.`)]),
      el("section", { class: "figures" }, [
        ...kinds.map((k) => el("div", { class: "figure", id: `latency-${k}` }, [el("h2", {}, k), el("p", {}, s.latency[k] ? `p50 ${ms(s.latency[k].p50Ms)} · p95 ${ms(s.latency[k].p95Ms)} (${s.latency[k].count})` : "no requests")])),
        el("div", { class: "figure", id: "acceptance" }, [el("h2", {}, "completions accepted"), el("p", {}, `${pct(s.acceptanceRate)} (${num(s.accepted)} of ${num(s.shown)} shown)`)]),
        el("div", { class: "figure", id: "tokens" }, [el("h2", {}, "tokens"), el("p", {}, `${num(s.promptTokens)} processed · ${num(s.generatedTokens)} generated · ${pct(s.cacheReuse)} from cache`)]),
        el("div", { class: "figure", id: "cpu" }, [
          el("h2", {}, "CPU-seconds per hour"),
          el("p", {}, (s.cpuSecondsPerHour ?? []).length === 0
            ? "none measured yet"
            : s.cpuSecondsPerHour.slice(-6).map((h) => `${new Date(h.hour).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}: ${h.seconds} s`).join(" · ")),
        ]),
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
