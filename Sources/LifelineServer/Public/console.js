// Lifeline console scripts: the dashboard chart and map, and forms that reload their choices.
// Every page works without this file; it only draws and saves clicks.
//
// Data never becomes markup here (ADR 0021): names, notes and numbers reach the page as text nodes,
// through the helpers below, and Leaflet tooltips and popups are given elements, never strings (a
// string there is set as HTML). The Content-Security-Policy forbids inline scripts and handlers, so
// every behaviour lives in this file, bound with addEventListener.
var LifelineDOM = (function () {
  'use strict';
  /** An element of `tag` whose children are `parts`: strings become text nodes, nodes are kept. */
  function element(tag, className, parts) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    (parts || []).forEach(function (part) {
      if (part === null || part === undefined) { return; }
      node.appendChild(typeof part === 'object' ? part : document.createTextNode(String(part)));
    });
    return node;
  }
  /** A link to `path` (a path on this site) reading `text`. */
  function link(path, text) {
    var a = element('a', null, [text]);
    a.setAttribute('href', path);
    return a;
  }
  /** Tooltip or popup content: one line of text per entry of `lines` (each a string or a list of parts). */
  function label(lines) {
    return element('div', 'map-text', lines.map(function (line) {
      return element('div', null, Array.isArray(line) ? line : [line]);
    }));
  }
  /** Marks a Leaflet layer's element with `data-<key>` once it is drawn (tests find markers by it). */
  function mark(layer, key, value) {
    function set() { var el = layer.getElement(); if (el) { el.dataset[key] = value; } }
    if (layer.getElement()) { set(); } else { layer.once('add', set); }
    return layer;
  }
  return { element: element, link: link, label: label, mark: mark };
})();

(function () {
  'use strict';
  function data(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  var chartData = data('chart-data');
  var canvas = document.getElementById('category-chart');
  if (chartData && canvas && window.Chart) {
    var palette = ['#0b4f6c', '#01baef', '#20bf55', '#5c7cfa', '#757575', '#e0a800', '#b02a37', '#6f42c1', '#fd7e14', '#0dcaf0', '#198754', '#adb5bd', '#d63384', '#495057', '#0d6efd'];
    window.lifelineChart = new Chart(canvas, {
      type: 'bar',
      data: { labels: chartData.labels, datasets: [{ label: chartData.label, data: chartData.values,
        backgroundColor: chartData.labels.map(function (_, i) { return palette[i % palette.length]; }), borderColor: '#0b4f6c', borderWidth: 1 }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
        scales: { y: { ticks: { callback: function (v) {
          return document.body.dataset.lang === 'zh' ? (v / 10000).toFixed(0) + '万' : (v / 1000000).toFixed(0) + ' M';
        } } } } }
    });
    canvas.dataset.drawn = 'true';
  }

  // The mass-testing planner: how many item classes each round's demand is covered for.
  var massData = data('mass-testing-chart-data');
  var massCanvas = document.getElementById('mass-testing-chart');
  if (massData && massData.labels && massCanvas && window.Chart) {
    new Chart(massCanvas, {
      type: 'bar',
      data: { labels: massData.labels, datasets: [{ label: massData.label, data: massData.values, backgroundColor: '#01baef' }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: true } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    massCanvas.dataset.drawn = 'true';
  }

  var points = data('map-data') || [];
  var coverage = (data('coverage-data') || []).filter(function (c) { return c.lat != null && c.lon != null; });
  var mapEl = document.getElementById('depot-map');
  if ((points.length || coverage.length) && mapEl && window.L) {
    // No tile server: depots are drawn on a plain background from their coordinates.
    var map = L.map(mapEl, { attributionControl: false, zoomSnap: 0.25 });
    var bounds = [];
    // Coverage of approved plans: a ring at the jurisdiction's centre, coloured by its worst item.
    var tones = { below: '#b02a37', short: '#e0a800', full: '#198754' };
    coverage.forEach(function (c) {
      var ring = L.circleMarker([c.lat, c.lon], { radius: 16, weight: 4, color: tones[c.tone] || '#6c757d',
        fillColor: tones[c.tone] || '#6c757d', fillOpacity: 0.06 }).addTo(map);
      ring.bindTooltip(LifelineDOM.label([c.label]));
      ring.on('click', function () { window.location.href = '/reserve-plans/' + encodeURIComponent(c.planId); });
      LifelineDOM.mark(ring, 'planId', c.planId);
      bounds.push([c.lat, c.lon]);
    });
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 7, weight: 2, color: p.enterprise ? '#e0a800' : '#0b4f6c',
        fillColor: p.enterprise ? '#ffe69c' : '#01baef', fillOpacity: 0.85 }).addTo(map);
      marker.bindTooltip(LifelineDOM.label([p.value ? p.name + ' · ' + p.value : p.name]));
      marker.on('click', function () { window.location.href = '/depots/' + encodeURIComponent(p.id); });
      LifelineDOM.mark(marker, 'depotId', p.id);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 11); } else { map.fitBounds(bounds, { padding: [20, 20] }); }
    L.control.scale({ imperial: false }).addTo(map);
    mapEl.dataset.drawn = 'true';
    mapEl.dataset.markers = String(points.length);
    mapEl.dataset.coverage = String(coverage.length);
  }

  // Choosing a depot or item reloads the form so the lot list follows the choice.
  document.querySelectorAll('select.reload-on-change').forEach(function (select) {
    select.addEventListener('change', function () {
      var form = select.form;
      var params = new URLSearchParams();
      ['depotId', 'itemId', 'toDepotId', 'kind'].forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value) { params.set(name, field.value); }
      });
      window.location.href = '/movements/' + form.dataset.form + '?' + params.toString();
    });
  });
})();

// Dispatch loop: confirmations, the route map, and the live stream (badge, sound, board refresh).
(function () {
  'use strict';
  document.querySelectorAll('form.confirm').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.dataset.confirm || '?')) { event.preventDefault(); }
    });
  });
  // A button that asks first, when its form has other buttons that do not (the plan's approval).
  document.querySelectorAll('button[data-confirm]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      if (!window.confirm(button.dataset.confirm)) { event.preventDefault(); }
    });
  });
  document.querySelectorAll('[data-action="print"]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });

  var routeEl = document.getElementById('route-map');
  var routeData = document.getElementById('route-data');
  if (routeEl && routeData && window.L) {
    // The source depot, then the destination (when it has coordinates), each named in its tooltip.
    var ends = JSON.parse(routeData.textContent);
    var pts = ends.map(function (p) { return [p.lat, p.lon]; });
    var rmap = L.map(routeEl, { attributionControl: false });
    var styles = [{ radius: 8, color: '#0b4f6c', fillColor: '#01baef', fillOpacity: 0.9 },
      { radius: 8, color: '#198754', fillColor: '#20bf55', fillOpacity: 0.9 }];
    // The line first, so the ends are drawn over it and the mouse finds them.
    if (pts.length > 1) { L.polyline(pts.slice(0, 2), { color: '#0b4f6c', dashArray: '6 6' }).addTo(rmap); }
    ends.slice(0, 2).forEach(function (end, i) {
      LifelineDOM.mark(L.circleMarker(pts[i], styles[i]), 'end', i === 0 ? 'depot' : 'destination')
        .bindTooltip(LifelineDOM.label([end.label])).addTo(rmap);
    });
    if (pts.length > 1) { rmap.fitBounds(pts, { padding: [30, 30] }); } else { rmap.setView(pts[0], 11); }
    routeEl.dataset.drawn = 'true';
  }

  if (document.body.dataset.live !== 'true' || !window.EventSource) { return; }
  var badge = document.getElementById('new-orders-badge');
  var status = document.getElementById('live-status');
  var board = document.getElementById('order-board');
  var unseen = 0;
  function beep() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var osc = ctx.createOscillator();
      osc.frequency.value = 880;
      osc.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.2);
    } catch (e) { /* sound is a courtesy */ }
  }
  function refreshBoard(number) {
    if (!board) { return; }
    fetch(board.dataset.rowsUrl, { credentials: 'same-origin' }).then(function (r) {
      // Only the rows themselves: not a sign-in page after a redirect, not an error page.
      return r.ok && !r.redirected ? r.text() : null;
    }).then(function (html) {
      if (html === null) { return; }
      // The one place markup is inserted: the rows come from this server's own template
      // (dispatch-rows.leaf), the same one that renders them into the page, where every value is
      // printed with #(...), which escapes & < > " ' — so a name arrives as text, exactly as it
      // does on a full page load; the CSP would stop any script in it regardless.
      board.querySelector('tbody').innerHTML = html;
      var row = number ? board.querySelector('tr[data-number="' + CSS.escape(String(number)) + '"]') : null;
      if (row) { row.classList.add('fresh'); }
      board.dataset.refreshed = String(Number(board.dataset.refreshed || '0') + 1);
      var label = document.querySelector('.pager .text-muted');
      if (label) { label.textContent = board.dataset.liveCount.replace('{n}', String(board.querySelectorAll('tr[data-number]').length)); }
    });
  }
  var source = null;
  function connect() {
    source = new EventSource('/events');
    source.onopen = function () {
      if (status) { status.dataset.connected = 'true'; status.textContent = status.dataset.liveText; }
    };
    source.onerror = function () {
      if (status) { status.dataset.connected = 'false'; status.textContent = status.dataset.offlineText; }
    };
    source.addEventListener('notice', function (event) {
      var notice = JSON.parse(event.data);
      if (notice.kind === 'order.issued' || notice.kind === 'order.escalated') {
        unseen += 1;
        if (badge) { badge.textContent = String(unseen); badge.classList.remove('d-none'); }
        beep();
      }
      if (notice.orderId) { refreshBoard(notice.number); }
    });
  }
  connect();
  // A page kept in the back-forward cache would keep its stream open, and Chromium gives a site
  // six connections: six pages later the next one waits for a minute. Close on leaving; on coming
  // back from the cache, reconnect and catch up with what was missed.
  window.addEventListener('pagehide', function () { if (source) { source.close(); } });
  window.addEventListener('pageshow', function (event) {
    if (event.persisted) { connect(); refreshBoard(null); }
  });
})();

// The allocation plan's flows: depot → site lines, thicker for more units.
(function () {
  'use strict';
  var el = document.getElementById('flow-map');
  var data = document.getElementById('flow-data');
  if (!el || !data || !window.L) { return; }
  var flows = JSON.parse(data.textContent);
  if (!flows.length) { return; }
  var map = L.map(el, { attributionControl: false });
  var bounds = [];
  var most = Math.max.apply(null, flows.map(function (f) { return f.quantity; }));
  flows.forEach(function (f) {
    var from = [f.fromLatitude, f.fromLongitude], to = [f.toLatitude, f.toLongitude];
    L.polyline([from, to], { color: '#0b4f6c', weight: 2 + 6 * f.quantity / most, opacity: 0.7, className: 'flow-line' })
      .bindTooltip(LifelineDOM.label([f.label + ' · ' + f.quantity])).addTo(map);
    L.circleMarker(from, { radius: 5, color: '#0b4f6c', fillColor: '#01baef', fillOpacity: 0.9 }).addTo(map);
    L.circleMarker(to, { radius: 5, color: '#198754', fillColor: '#20bf55', fillOpacity: 0.9 }).addTo(map);
    bounds.push(from, to);
  });
  map.fitBounds(bounds, { padding: [20, 20] });
  el.dataset.drawn = 'true';
  el.dataset.flows = String(flows.length);
})();

// The tracking map: every open order from its depot to its destination, its last reported position.
(function () {
  'use strict';
  var el = document.getElementById('tracking-map');
  var data = document.getElementById('tracking-data');
  if (!el || !data || !window.L) { return; }
  var orders = JSON.parse(data.textContent);
  var map = L.map(el, { attributionControl: false });
  var bounds = [];
  orders.forEach(function (o) {
    var colour = o.alert ? '#b02a37' : '#0b4f6c';
    var route = o.depot + ' → ' + o.receiver;
    // The line first, so the depot is drawn over it and its tooltip is under the mouse.
    if (o.to) {
      L.polyline([o.from, o.to], { color: colour, dashArray: '6 6' }).addTo(map);
      L.circleMarker(o.to, { radius: 6, color: '#198754', fillColor: '#20bf55', fillOpacity: 0.9 }).addTo(map);
      bounds.push(o.to);
    }
    LifelineDOM.mark(L.circleMarker(o.from, { radius: 6, color: colour, fillColor: '#01baef', fillOpacity: 0.9 }), 'orderId', o.id)
      .bindTooltip(LifelineDOM.label([o.number, route])).addTo(map);
    bounds.push(o.from);
    if (o.last) {
      L.marker(o.last, { title: o.number })
        .bindPopup(LifelineDOM.label([[LifelineDOM.link('/orders/' + encodeURIComponent(o.id), o.number), ' · ' + o.status], route]))
        .addTo(map);
      bounds.push(o.last);
    }
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 }); } else { map.setView([26.6, 106.7], 9); }
  el.dataset.drawn = 'true';
  el.dataset.orders = String(orders.length);
})();

// Coverage bars: the width comes from data-width (CSP forbids style attributes in markup; setting
// the property from script is allowed).
(function () {
  document.querySelectorAll('.progress-bar[data-width]').forEach(function (bar) {
    bar.style.width = Math.max(0, Math.min(100, Number(bar.dataset.width) || 0)) + '%';
  });
})();
