// Live updates of the problems grid and of a check's page from /api/stream (Server-Sent Events):
// a changed check's row gets its new state, badges and output; the counters follow.
"use strict";
(() => {
  const classFor = (c) => "st-" + (c.lastCheck === null ? "pending" : c.state.toLowerCase());
  const nameFor = (c) => (c.lastCheck === null ? "PENDING" : c.state);
  const problem = (c) => c.lastCheck !== null && !["OK", "UP"].includes(c.state);
  const setText = (el, text) => { if (el) { el.textContent = text; } };

  function badges(c) {
    const out = [];
    if (problem(c)) { out.push([c.stateType + " " + c.attempt + "/" + c.maxAttempts, ""]); }
    if (c.acknowledged) { out.push(["ack", "ack"]); }
    if (c.inDowntime) { out.push(["downtime", "dt"]); }
    if (c.flapping) { out.push(["flapping", "flap"]); }
    if (!c.notificationsEnabled) { out.push(["muted", "muted"]); }
    const frag = document.createDocumentFragment();
    out.forEach(([text, cls]) => {
      const s = document.createElement("span");
      s.className = "badge" + (cls ? " " + cls : "");
      s.textContent = text;
      frag.appendChild(s);
    });
    return frag;
  }

  function update(c) {
    document.querySelectorAll("tr[data-id]").forEach((row) => {
      if (row.dataset.id !== c.id) { return; }
      row.className = classFor(c) + (problem(c) && !c.acknowledged && !c.inDowntime ? " unhandled" : "") + " flash";
      setText(row.querySelector("td.state"), nameFor(c));
      setText(row.querySelector("td.output"), c.output);
      const b = row.querySelector("td.badges");
      if (b) { b.replaceChildren(badges(c)); }
      const ack = row.querySelector("button.ack");
      if (ack && (!problem(c) || c.acknowledged)) { ack.remove(); }
      row.dataset.updated = String(Date.now());
    });
    const state = document.getElementById("state");
    if (state && document.querySelector("[data-check='" + CSS.escape(c.id) + "']")) {
      state.textContent = nameFor(c);
      setText(document.getElementById("output"), c.output);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (!window.EventSource) { return; }
    const live = document.getElementById("live");
    const source = new EventSource("/api/stream");
    source.addEventListener("check", (e) => update(JSON.parse(e.data)));
    source.addEventListener("counts", (e) => {
      const n = JSON.parse(e.data);
      setText(document.getElementById("problem-count"), String(n.unhandled));
      setText(document.getElementById("problem-total"), String(n.problems));
      document.body.dataset.live = "on";
    });
    source.addEventListener("reload", () => {
      if (live) { live.hidden = false; live.textContent = "Many changes at once: reload the page to see them all."; }
    });
    source.onerror = () => { document.body.dataset.live = "off"; };
  });
})();
