// Lifeline console scripts: the dashboard chart and map, and forms that reload their choices.
// Every page works without this file; it only draws and saves clicks.
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

  var points = data('map-data');
  var mapEl = document.getElementById('depot-map');
  if (points && points.length && mapEl && window.L) {
    // No tile server: depots are drawn on a plain background from their coordinates.
    var map = L.map(mapEl, { attributionControl: false, zoomSnap: 0.25 });
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 7, weight: 2, color: p.enterprise ? '#e0a800' : '#0b4f6c',
        fillColor: p.enterprise ? '#ffe69c' : '#01baef', fillOpacity: 0.85 }).addTo(map);
      marker.bindTooltip(p.name + (p.value ? ' · ' + p.value : ''));
      marker.on('click', function () { window.location.href = '/depots/' + p.id; });
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 11); } else { map.fitBounds(bounds, { padding: [20, 20] }); }
    L.control.scale({ imperial: false }).addTo(map);
    mapEl.dataset.drawn = 'true';
    mapEl.dataset.markers = String(points.length);
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

  var routeEl = document.getElementById('route-map');
  var routeData = document.getElementById('route-data');
  if (routeEl && routeData && window.L) {
    var pts = JSON.parse(routeData.textContent).map(function (p) { return [p.lat, p.lon]; });
    var rmap = L.map(routeEl, { attributionControl: false });
    L.circleMarker(pts[0], { radius: 8, color: '#0b4f6c', fillColor: '#01baef', fillOpacity: 0.9 }).addTo(rmap);
    if (pts.length > 1) {
      L.circleMarker(pts[1], { radius: 8, color: '#198754', fillColor: '#20bf55', fillOpacity: 0.9 }).addTo(rmap);
      L.polyline(pts, { color: '#0b4f6c', dashArray: '6 6' }).addTo(rmap);
      rmap.fitBounds(pts, { padding: [30, 30] });
    } else { rmap.setView(pts[0], 11); }
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
    fetch(board.dataset.rowsUrl, { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (html) {
      board.querySelector('tbody').innerHTML = html;
      var row = board.querySelector('tr[data-number="' + number + '"]');
      if (row) { row.classList.add('fresh'); }
      board.dataset.refreshed = String(Number(board.dataset.refreshed || '0') + 1);
      var label = document.querySelector('.pager .text-muted');
      if (label) { label.textContent = board.dataset.liveCount.replace('{n}', String(board.querySelectorAll('tr[data-number]').length)); }
    });
  }
  var source = new EventSource('/events');
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
    L.polyline([from, to], { color: '#0b4f6c', weight: 2 + 6 * f.quantity / most, opacity: 0.7 }).bindTooltip(f.label + ' · ' + f.quantity).addTo(map);
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
    L.circleMarker(o.from, { radius: 6, color: colour, fillColor: '#01baef', fillOpacity: 0.9 }).bindTooltip(o.number).addTo(map);
    bounds.push(o.from);
    if (o.to) {
      L.polyline([o.from, o.to], { color: colour, dashArray: '6 6' }).addTo(map);
      L.circleMarker(o.to, { radius: 6, color: '#198754', fillColor: '#20bf55', fillOpacity: 0.9 }).addTo(map);
      bounds.push(o.to);
    }
    if (o.last) {
      L.marker(o.last, { title: o.number }).bindPopup('<a href="/orders/' + o.id + '">' + o.number + '</a> · ' + o.status).addTo(map);
      bounds.push(o.last);
    }
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 }); } else { map.setView([26.6, 106.7], 9); }
  el.dataset.drawn = 'true';
  el.dataset.orders = String(orders.length);
})();
