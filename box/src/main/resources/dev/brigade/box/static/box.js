// Every page: the "tick all" box of a grid. No inline script anywhere (the CSP forbids it).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("tick-all");
  if (all) {
    all.addEventListener("change", () => {
      document.querySelectorAll("#grid input[name=target]").forEach((b) => { b.checked = all.checked; });
    });
  }
});
