// The graphs page: drag across the picture to zoom (the drag's x pixels become a from/to URL),
// double-click to zoom out; the range preset and the from/to fields exclude each other.
(function () {
  'use strict';
  var form = document.getElementById('graph-form');
  if (form) {
    form.addEventListener('submit', function () {
      var range = document.getElementById('range');
      var from = document.getElementById('from');
      var to = document.getElementById('to');
      if (range && range.value !== '') {
        from.disabled = true;
        to.disabled = true;
      } else if (range && from.value === '' && to.value === '') {
        range.value = '1d';
      }
    });
  }

  var fig = document.getElementById('graph');
  if (!fig) {
    return;
  }
  var svg = fig.querySelector('svg');
  var band = fig.querySelector('.zoom-band');
  var from = Number(fig.getAttribute('data-from'));
  var to = Number(fig.getAttribute('data-to'));
  var minMs = 1000 * (Number(fig.getAttribute('data-min-seconds')) || 60);

  // The plot's left and right edge in the SVG's own units: the horizontal axis line.
  function plotBounds() {
    var lines = svg.querySelectorAll('line.axis');
    for (var i = 0; i < lines.length; i++) {
      var l = lines[i];
      if (l.getAttribute('y1') === l.getAttribute('y2')) {
        var a = Number(l.getAttribute('x1'));
        var b = Number(l.getAttribute('x2'));
        return [Math.min(a, b), Math.max(a, b)];
      }
    }
    return [0, svg.viewBox.baseVal.width];
  }

  function svgX(clientX) {
    var r = svg.getBoundingClientRect();
    var w = svg.viewBox.baseVal && svg.viewBox.baseVal.width ? svg.viewBox.baseVal.width : r.width;
    return ((clientX - r.left) * w) / r.width;
  }

  function timeAt(x) {
    var b = plotBounds();
    var clamped = Math.min(Math.max(x, b[0]), b[1]);
    return from + ((clamped - b[0]) / (b[1] - b[0])) * (to - from);
  }

  function go(t1, t2) {
    if (t2 - t1 < minMs) {
      var mid = (t1 + t2) / 2;
      t1 = mid - minMs / 2;
      t2 = mid + minMs / 2;
    }
    var params = new URLSearchParams(fig.getAttribute('data-query'));
    params.delete('range');
    params.set('from', String(Math.floor(t1 / 1000)));
    params.set('to', String(Math.ceil(t2 / 1000)));
    // '/' stays readable in the query, as the page writes it
    window.location.assign('/graphs?' + params.toString().replace(/%2F/g, '/'));
  }

  var startClient = null;
  fig.addEventListener('mousedown', function (e) {
    if (e.button !== 0) {
      return;
    }
    startClient = e.clientX;
    e.preventDefault();
  });
  window.addEventListener('mousemove', function (e) {
    if (startClient === null) {
      return;
    }
    var r = fig.getBoundingClientRect();
    var a = Math.min(startClient, e.clientX) - r.left;
    var b = Math.max(startClient, e.clientX) - r.left;
    band.style.left = a + 'px';
    band.style.width = b - a + 'px';
    band.classList.remove('hidden');
  });
  window.addEventListener('mouseup', function (e) {
    if (startClient === null) {
      return;
    }
    var s = startClient;
    startClient = null;
    if (Math.abs(e.clientX - s) < 5) {
      band.classList.add('hidden');
      return;
    }
    var t1 = timeAt(svgX(Math.min(s, e.clientX)));
    var t2 = timeAt(svgX(Math.max(s, e.clientX)));
    fig.setAttribute('data-zoom', Math.floor(t1 / 1000) + '-' + Math.ceil(t2 / 1000));
    go(t1, t2);
  });
  fig.addEventListener('dblclick', function () {
    var len = to - from;
    go(from - len / 2, to + len / 2);
  });
})();
