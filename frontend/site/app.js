// The SuperNova frontend: signs in, reads a symbol's hourly sentiment from the API (same origin, proxied by
// nginx) and draws it as an SVG line. No library, nothing loaded from elsewhere. The access token lives in this
// closure only (never in storage or the URL). document.body.dataset.state says where the page is:
// signed-out, loading, loaded (data-points = the number of points drawn) or error.
"use strict";
(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const W = 800, H = 360, LEFT = 56, RIGHT = 16, TOP = 16, BOTTOM = 40;
  let token = null;

  const $ = (id) => document.getElementById(id);
  const state = (name, message) => {
    document.body.dataset.state = name;
    $("status").textContent = message;
  };

  async function login(username, password) {
    const res = await fetch("/auth/login", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`sign-in failed (HTTP ${res.status})`);
    return (await res.json()).access_token;
  }

  async function hourly(symbol, hours) {
    const from = new Date(Date.now() - hours * 3600 * 1000).toISOString();
    const url = `/api/sentiment/${encodeURIComponent(symbol)}/hourly?from=${encodeURIComponent(from)}`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 401) { token = null; throw new Error("the session expired: sign in again"); }
    if (!res.ok) throw new Error(`reading ${symbol} failed (HTTP ${res.status})`);
    // The API answers newest first; the chart runs left to right in time.
    return (await res.json()).buckets.slice().reverse();
  }

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw(symbol, buckets) {
    const chart = $("chart");
    chart.querySelectorAll(":scope > :not(title)").forEach((n) => n.remove());
    if (buckets.length === 0) return;
    const times = buckets.map((b) => Date.parse(b.bucket));
    const t0 = Math.min(...times), t1 = Math.max(...times);
    const x = (t) => LEFT + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (W - LEFT - RIGHT);
    // overall_score is in [-1, 1] (the API refuses anything else).
    const y = (s) => TOP + (1 - (s + 1) / 2) * (H - TOP - BOTTOM);
    chart.append(el("line", { class: "axis", x1: LEFT, y1: TOP, x2: LEFT, y2: H - BOTTOM }));
    chart.append(el("line", { class: "axis", x1: LEFT, y1: H - BOTTOM, x2: W - RIGHT, y2: H - BOTTOM }));
    chart.append(el("line", { class: "zero", x1: LEFT, y1: y(0), x2: W - RIGHT, y2: y(0) }));
    for (const s of [-1, -0.5, 0, 0.5, 1]) {
      chart.append(el("text", { class: "label", x: LEFT - 8, y: y(s) + 4, "text-anchor": "end" }, s.toFixed(1)));
    }
    const hhmm = (t) => new Date(t).toISOString().slice(11, 16);
    chart.append(el("text", { class: "label", x: LEFT, y: H - 14 }, hhmm(t0) + " UTC"));
    chart.append(el("text", { class: "label", x: W - RIGHT, y: H - 14, "text-anchor": "end" }, hhmm(t1) + " UTC"));
    chart.append(el("text", { class: "label", x: (W + LEFT) / 2, y: H - 14, "text-anchor": "middle" },
      `${symbol}: hourly average overall_score`));
    const path = buckets.map((b, i) => `${i ? "L" : "M"}${x(times[i]).toFixed(1)},${y(b.avg_overall_score).toFixed(1)}`);
    chart.append(el("path", { class: "line", d: path.join(" ") }));
    buckets.forEach((b, i) => {
      const point = el("circle", {
        class: "point", r: 4, cx: x(times[i]).toFixed(1), cy: y(b.avg_overall_score).toFixed(1),
        "data-bucket": b.bucket, "data-score": b.avg_overall_score,
      });
      point.append(el("title", {}, `${b.bucket}: ${b.avg_overall_score.toFixed(3)} (${b.count} points)`));
      chart.append(point);
    });
  }

  async function show(event) {
    if (event) event.preventDefault();
    const symbol = $("symbol").value.trim().toUpperCase();
    const hours = Number($("hours").value);
    state("loading", `Reading ${symbol}…`);
    try {
      if (!token) token = await login($("username").value, $("password").value);
      $("password").value = "";
      const buckets = await hourly(symbol, hours);
      if (buckets.length === 0) {
        draw(symbol, []);
        document.body.dataset.points = "0";
        state("loaded", `No sentiment for ${symbol} in the last ${hours} h.`);
        return;
      }
      draw(symbol, buckets);
      document.body.dataset.points = String(buckets.length);
      state("loaded", `${symbol}: ${buckets.length} hourly averages over the last ${hours} h.`);
    } catch (e) {
      state("error", e.message);
    }
  }

  $("query").addEventListener("submit", show);
})();
