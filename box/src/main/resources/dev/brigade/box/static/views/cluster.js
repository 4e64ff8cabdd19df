// The cluster page: reloads the layer diagram every few seconds (polling; no inline script).
(function () {
  'use strict';
  var live = document.getElementById('cluster-live');
  if (!live) {
    return;
  }
  var src = live.getAttribute('data-src');
  var every = parseInt(live.getAttribute('data-every'), 10) || 5000;
  function refresh() {
    fetch(src, {credentials: 'same-origin', cache: 'no-store'})
      .then(function (r) {
        if (!r.ok) {
          throw new Error(r.status + ' ' + r.statusText);
        }
        return r.text();
      })
      .then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        var svg = doc.documentElement;
        if (svg.nodeName !== 'svg') {
          throw new Error('not an SVG');
        }
        live.replaceChildren(document.importNode(svg, true));
        live.classList.remove('stale');
        live.setAttribute('data-refreshed', String(Date.now()));
      })
      .catch(function () {
        live.classList.add('stale');
      })
      .finally(function () {
        setTimeout(refresh, every);
      });
  }
  setTimeout(refresh, every);
})();
