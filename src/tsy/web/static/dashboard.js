// tsy dashboard: fetch figures and tables from the JSON API and draw them with Plotly.
// The page is ready for tests when document.body.dataset.ready === "1".
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("tsy-config").textContent);
  const lang = cfg.lang;
  const timeSeries = new Set(cfg.timeSeries);
  const params = new URLSearchParams(window.location.search);
  const startInput = document.getElementById("start");
  const endInput = document.getElementById("end");
  startInput.value = params.get("start") || "";
  endInput.value = params.get("end") || "";

  function query(extra) {
    const q = new URLSearchParams({ lang: lang });
    for (const [k, v] of Object.entries(extra || {})) if (v) q.set(k, v);
    return q.toString();
  }

  async function getJSON(url) {
    const r = await fetch(url);
    const body = await r.json();
    if (!r.ok) throw new Error(body.detail || r.statusText);
    return body;
  }

  function text(el, value) { el.textContent = value; }

  function showError(el, err) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = cfg.error + ": " + err.message;
    el.replaceChildren(p);
  }

  async function loadHeadline() {
    const d = await getJSON("/api/monitor?" + query());
    const h = d.headline;
    text(document.querySelector("#headline-state strong"), h.state_text);
    const ul = document.getElementById("headline-alerts");
    ul.replaceChildren(...h.reasons.map((r) => { const li = document.createElement("li"); li.textContent = r; return li; }));
    text(document.getElementById("headline-score"), h.score_text);
    text(document.getElementById("headline-verdict"), h.verdict_text);
    text(document.getElementById("headline-asof"), h.as_of_text);
    document.getElementById("headline-asof").dataset.iso = h.as_of;
    text(document.getElementById("headline-parts"), h.n_ok + " / " + h.n_parts);
    text(document.getElementById("headline-text"), h.text);
    if (h.alert) document.getElementById("headline").classList.add("alert");
  }

  async function drawChart(el, range) {
    const name = el.dataset.chart;
    const extra = timeSeries.has(name) ? range : {};
    const cap = document.getElementById("caption-" + name);
    try {
      const d = await getJSON("/api/figures/" + name + "?" + query(extra));
      await Plotly.react(el, d.figure.data, d.figure.layout, {
        responsive: true,
        displaylogo: false,
        locale: lang === "zh" ? "zh-CN" : "en",
      });
      text(cap, d.caption);
      el.dataset.drawn = "1";
    } catch (err) {
      showError(el, err);
      el.dataset.drawn = "error";
      text(cap, "");
    }
  }

  async function drawTable(el) {
    const name = el.dataset.table;
    try {
      const d = await getJSON("/api/tables/" + name + "?" + query());
      const h3 = document.createElement("h3");
      h3.textContent = d.title;
      const table = document.createElement("table");
      const thead = table.createTHead().insertRow();
      for (const c of d.columns) { const th = document.createElement("th"); th.textContent = c; thead.appendChild(th); }
      const tbody = table.createTBody();
      for (const row of d.rows) {
        const tr = tbody.insertRow();
        for (const cell of row) tr.insertCell().textContent = cell;
      }
      const cap = document.createElement("p");
      cap.className = "caption";
      cap.textContent = d.caption;
      el.replaceChildren(h3, table, cap);
    } catch (err) {
      showError(el, err);
    }
  }

  function range() { return { start: startInput.value, end: endInput.value }; }

  async function drawAll() {
    const r = range();
    const charts = Array.from(document.querySelectorAll(".chart"));
    await Promise.all(charts.map((el) => drawChart(el, r)));
  }

  async function main() {
    const tables = Array.from(document.querySelectorAll(".table")).map(drawTable);
    await Promise.all([loadHeadline().catch((e) => text(document.getElementById("headline-text"), cfg.error + ": " + e.message)), drawAll(), ...tables]);
    document.body.dataset.ready = "1";
  }

  function updateUrl() {
    const q = new URLSearchParams({ lang: lang });
    if (startInput.value) q.set("start", startInput.value);
    if (endInput.value) q.set("end", endInput.value);
    window.history.replaceState(null, "", "?" + q.toString());
  }

  document.getElementById("apply").addEventListener("click", async () => {
    document.body.dataset.ready = "0";
    updateUrl();
    await Promise.all(Array.from(document.querySelectorAll(".chart")).filter((el) => timeSeries.has(el.dataset.chart)).map((el) => drawChart(el, range())));
    document.body.dataset.ready = "1";
  });
  document.getElementById("reset").addEventListener("click", () => {
    startInput.value = "";
    endInput.value = "";
    document.getElementById("apply").click();
  });
  document.getElementById("lang-select").addEventListener("change", (ev) => {
    const q = new URLSearchParams(window.location.search);
    q.set("lang", ev.target.value);
    window.location.search = q.toString();
  });
  main();
})();
