// The SuperNova frontend: signs in, reads a symbol's hourly sentiment from the API (same origin, proxied by
// nginx) and draws it as an SVG line, then follows the API's WebSocket for that symbol and redraws when points
// arrive. No library, nothing loaded from elsewhere. The access token lives in this closure only (never in
// storage; on the WebSocket's URL only, since browsers cannot set headers on a handshake).
// document.body.dataset says where the page is: state = signed-out, loading, loaded (points = the number of
// points drawn) or error; live = connecting, open or closed; updates = live updates drawn so far.
"use strict";
(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const W = 800, H = 360, LEFT = 56, RIGHT = 16, TOP = 16, BOTTOM = 40;
  // The API closes a connection idle for micronaut.server.idle-timeout (60 s): a ping (answered "pong") well
  // within it keeps the WebSocket, and every proxy's idle timer on the way, from expiring.
  // A handshake refused (an HTTP error, not a WebSocket close) cannot be told from an API that is down: a few tries,
  // then the page says so instead of knocking every 5 s for good.
  const PING_MS = 25000, RECONNECT_MS = 5000, MAX_FAILED_CONNECTS = 3;
  let token = null;
  let live = null; // { socket, symbol, hours, ping, refreshing, again }
  let updates = 0;

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
        "data-bucket": b.bucket, "data-score": b.avg_overall_score, "data-count": b.count,
      });
      point.append(el("title", {}, `${b.bucket}: ${b.avg_overall_score.toFixed(3)} (${b.count} points)`));
      chart.append(point);
    });
  }

  const liveState = (name, message) => {
    document.body.dataset.live = name;
    $("live").textContent = message;
  };
  const hhmmss = (t) => new Date(t).toISOString().slice(11, 19) + " UTC";

  // Redraws from the API (the hourly averages are the database's, not summed up here); one read at a time,
  // and one more if points arrived meanwhile.
  async function refresh(current) {
    if (current.refreshing) { current.again = true; return; }
    current.refreshing = true;
    try {
      do {
        current.again = false;
        const buckets = await hourly(current.symbol, current.hours);
        if (live !== current) return;
        draw(current.symbol, buckets);
        document.body.dataset.points = String(buckets.length);
        updates += 1;
        document.body.dataset.updates = String(updates);
        state("loaded", `${current.symbol}: ${buckets.length} hourly averages over the last ${current.hours} h.`);
      } while (current.again);
    } catch (e) {
      state("error", e.message);
    } finally {
      current.refreshing = false;
    }
  }

  function stopLive() {
    if (!live) return;
    const old = live;
    live = null;
    clearInterval(old.ping);
    old.socket.close(1000);
  }

  function follow(symbol, hours, failedConnects = 0) {
    stopLive();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const url = `${scheme}//${location.host}/ws/sentiment/${encodeURIComponent(symbol)}`;
    // A browser sets no header on a handshake: the token rides as a subprotocol (never in the URL,
    // which proxies and Ingress controllers log); the API answers with supernova.v1.
    const protocols = ["supernova.v1", `supernova.bearer.${token}`];
    const current = {
      socket: new WebSocket(url, protocols), symbol, hours, ping: null, refreshing: false, again: false, opened: false,
    };
    live = current;
    liveState("connecting", `Live updates for ${symbol}: connecting…`);
    current.socket.addEventListener("open", () => {
      current.opened = true;
      current.ping = setInterval(() => current.socket.send("ping"), PING_MS);
    });
    current.socket.addEventListener("message", (event) => {
      if (live !== current || event.data === "pong") return;
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "subscribed") {
        liveState("open", `Live updates for ${symbol}: on.`);
      } else if (message.type === "points" && Array.isArray(message.points) && message.points.length > 0) {
        const last = message.points[message.points.length - 1];
        liveState("open", `Live: ${message.points.length} new point${message.points.length > 1 ? "s" : ""} of ` +
          `${symbol} at ${hhmmss(Date.now())}, the last ${last.overall_score.toFixed(3)} for ${hhmmss(last.timestamp)}.`);
        refresh(current);
      }
    });
    current.socket.addEventListener("close", (event) => {
      clearInterval(current.ping);
      if (live !== current) return;
      live = null;
      if (event.code === 1008) {
        // The API refuses or ends a session whose token expired or was revoked.
        token = null;
        liveState("closed", "Live updates stopped: the session expired. Sign in again with Show.");
        return;
      }
      const failed = current.opened ? 0 : failedConnects + 1;
      if (failed >= MAX_FAILED_CONNECTS) {
        liveState("closed", `Live updates unavailable: ${failed} connections failed. Show tries again.`);
        return;
      }
      liveState("closed", `Live updates interrupted (code ${event.code}); reconnecting in ${RECONNECT_MS / 1000} s.`);
      setTimeout(() => { if (!live && token) follow(symbol, hours, failed); }, RECONNECT_MS);
    });
  }

  async function show(event) {
    if (event) event.preventDefault();
    const symbol = $("symbol").value.trim().toUpperCase();
    const hours = Number($("hours").value);
    state("loading", `Reading ${symbol}…`);
    stopLive();
    try {
      if (!token) token = await login($("username").value, $("password").value);
      $("password").value = "";
      const buckets = await hourly(symbol, hours);
      draw(symbol, buckets);
      document.body.dataset.points = String(buckets.length);
      state("loaded", buckets.length === 0
        ? `No sentiment for ${symbol} in the last ${hours} h.`
        : `${symbol}: ${buckets.length} hourly averages over the last ${hours} h.`);
      follow(symbol, hours);
    } catch (e) {
      state("error", e.message);
    }
  }

  $("query").addEventListener("submit", show);
})();
