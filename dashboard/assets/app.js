// The live page of package dashboard: it reads snapshots from
// api/events (server-sent events) and draws them. No framework, no
// network access beyond the server that sent the page.
"use strict";


function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function fmt(n) { return Number(n).toLocaleString("en-US"); }
function secs(s) { return s < 60 ? s.toFixed(1) + " s" : (s / 60).toFixed(1) + " min"; }
function msec(x) { return x < 1 ? (x * 1000).toFixed(0) + " µs" : x.toFixed(1) + " ms"; }

function renderProgress(list) {
  const root = document.getElementById("progress");
  if (!list.length) return;
  root.replaceChildren(...list.map(p => {
    const known = p.total >= 0;
    const pct = known && p.total > 0 ? Math.min(100, 100 * p.done / p.total) : 0;
    const rate = p.elapsed_s > 0 ? p.done / p.elapsed_s : 0;
    const nums = (known ? `${fmt(p.done)} / ${fmt(p.total)} (${pct.toFixed(0)}%)` : `${fmt(p.done)} done`) +
      ` · ${rate.toFixed(1)}/s · ${secs(p.elapsed_s)}`;
    const fill = el("div", { class: "fill" });
    fill.style.width = pct + "%";
    const complete = known && p.done >= p.total;
    return el("div", { class: "card progress" + (complete ? " complete" : ""), "data-name": p.name, "data-done": p.done, "data-total": p.total },
      el("div", { class: "head" }, el("span", { class: "name", text: p.name }), el("span", { class: "nums", text: nums })),
      el("div", { class: "track" }, fill));
  }));
}

function plot(canvas, rates) {
  const ctx = canvas.getContext("2d");
  const w = canvas.width, h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  if (rates.length < 2) return;
  const top = 1.2 * Math.max(...rates, 1);
  const step = w / (rates.length - 1);
  ctx.beginPath();
  rates.forEach((r, i) => {
    const x = i * step, y = h - 2 - (h - 4) * r / top;
    i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
  });
  ctx.strokeStyle = "#3b6fd8";
  ctx.lineWidth = 1.5;
  ctx.stroke();
  ctx.lineTo(w, h);
  ctx.lineTo(0, h);
  ctx.closePath();
  ctx.fillStyle = "rgba(59, 111, 216, 0.12)";
  ctx.fill();
}

function renderExecutors(list) {
  const root = document.getElementById("executors");
  if (!list.length) return;
  root.replaceChildren(...list.map(ex => {
    const rates = ex.throughput || [];
    const canvas = el("canvas", { width: 480, height: 60, "aria-label": "throughput of " + ex.name });
    plot(canvas, rates);
    const now = rates.length ? rates[rates.length - 1] : 0;
    const rows = ex.workers.map(w => el("tr", { class: "worker", "data-state": w.state },
      el("td", { text: w.name }), el("td", { text: w.pid || "" }),
      el("td", {}, el("span", { class: "state " + w.state, text: w.state })),
      el("td", { text: fmt(w.tasks) }), el("td", { text: fmt(w.failed) }),
      el("td", { text: w.startup_s ? msec(1000 * w.startup_s) : "" }),
      el("td", { text: secs(w.busy_s) }), el("td", { text: secs(w.idle_s) }),
      el("td", { class: "err", text: w.last_error || "", title: w.last_error || "" })));
    return el("div", { class: "card exec", "data-name": ex.name },
      el("div", { class: "head" },
        el("span", { class: "name", text: ex.name }), el("span", { class: "kind", text: ex.kind }),
        el("span", { class: "counts" },
          el("span", {}, "queued ", el("b", { class: "queued", text: fmt(ex.queued) })),
          el("span", {}, "running ", el("b", { class: "running", text: fmt(ex.running) })),
          el("span", {}, "done ", el("b", { class: "done", text: fmt(ex.done) })),
          el("span", { class: "failed" }, "failed ", el("b", { text: fmt(ex.failed) })),
          el("span", {}, "cancelled ", el("b", { text: fmt(ex.cancelled) })))),
      el("div", { class: "plot" }, canvas,
        el("span", { class: "rate" },
          el("div", { text: `${now.toFixed(1)} calls/s · p50 ${msec(ex.p50_ms)} · p90 ${msec(ex.p90_ms)} · p99 ${msec(ex.p99_ms)} · max ${msec(ex.max_ms)}` }),
          ex.slowest.length ? el("div", { class: "slowest", text: "slowest: " + ex.slowest.map(c => `${msec(c.ms)} (${c.worker})`).join(", ") }) : null)),
      el("table", {},
        el("thead", {}, el("tr", {}, ...["worker", "pid", "state", "calls", "failed", "start", "busy", "idle", "last error"].map(h => el("th", { text: h })))),
        el("tbody", {}, ...rows)));
  }));
}

function renderErrors(list) {
  const errs = [];
  for (const ex of list) for (const e of ex.errors) errs.push({ ...e, executor: ex.name });
  errs.sort((a, b) => (a.time < b.time ? 1 : -1));
  const root = document.getElementById("errors");
  if (!errs.length) return;
  root.replaceChildren(...errs.slice(0, 20).map(e => el("div", { class: "card error" },
    el("div", { class: "meta", text: `${new Date(e.time).toLocaleTimeString()} · ${e.executor}` + (e.worker ? ` · ${e.worker}` : "") }),
    el("div", { class: "message", text: e.error }),
    e.stack ? el("pre", { class: "stack", text: e.stack }) : null)));
}

function render(s) {
  document.getElementById("title").textContent = s.title;
  document.title = s.title + " dashboard";
  document.getElementById("clock").textContent = new Date(s.time).toLocaleTimeString();
  renderProgress(s.progress);
  renderExecutors(s.executors);
  renderErrors(s.executors);
}

function connect() {
  const status = document.getElementById("status");
  const source = new EventSource("api/events");
  source.onmessage = ev => {
    status.textContent = "live";
    status.className = "status live";
    render(JSON.parse(ev.data));
  };
  source.onerror = () => {
    status.textContent = "reconnecting";
    status.className = "status down";
  };
}

connect();
