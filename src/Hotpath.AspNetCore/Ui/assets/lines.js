// Hotpath line view: GET api/lines, rendered with textContent only (no markup from data), no inline script.
(function () {
  'use strict';

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined) return '';
    return digits === undefined ? String(v) : Number(v).toFixed(digits);
  }

  function query() {
    var p = new URLSearchParams();
    var f = $('function').value, file = $('file').value;
    if (f) p.set('function', f);
    if (file) p.set('file', file);
    p.set('top', $('top').value);
    return p.toString();
  }

  function heatOf(fn) {
    var timed = fn.lines.some(function (l) { return l.timeMs !== null; });
    var hits = fn.lines.some(function (l) { return l.hits !== null; });
    var key = timed ? 'timeMs' : hits ? 'hits' : 'samples';
    var max = 0;
    fn.lines.forEach(function (l) { if (l[key] > max) max = l[key]; });
    return { key: key, max: max };
  }

  function renderFunction(fn) {
    var box = el('section', 'fn-lines');
    box.setAttribute('data-function', fn.function);
    box.appendChild(el('h2', null, fn.function));
    var meta = [fn.file];
    meta.push(fn.calls === null ? 'calls: not instrumented' : 'calls: ' + fn.calls);
    meta.push(fn.totalMs === null ? 'total: not timed' : 'total: ' + fmt(fn.totalMs, 3) + ' ms');
    box.appendChild(el('div', 'meta', meta.join(' · ')));

    var heat = heatOf(fn);
    var table = el('table', 'lines');
    var head = el('tr');
    head.appendChild(el('th', null, 'Line'));
    head.appendChild(el('th', null, 'Hits'));
    head.appendChild(el('th', null, 'Time (ms)'));
    var sh = el('th', null, 'Samples ');
    sh.appendChild(el('span', 'sampled-label', '(sampled)'));
    head.appendChild(sh);
    head.appendChild(el('th', null, 'Heat'));
    head.appendChild(el('th', 'code', 'Code'));
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    fn.lines.forEach(function (l) {
      var tr = el('tr', l.hits > 0 || l.samples > 0 ? 'hit' : null);
      tr.setAttribute('data-line', String(l.line));
      tr.appendChild(el('td', 'ln', l.line));
      tr.appendChild(el('td', 'num hits', fmt(l.hits)));
      tr.appendChild(el('td', 'num time', fmt(l.timeMs, 3)));
      tr.appendChild(el('td', 'num samples', fmt(l.samples)));
      var h = el('td', 'heat');
      var v = l[heat.key];
      if (heat.max > 0 && v > 0) {
        var bar = el('span', 'bar');
        bar.style.width = Math.max(2, Math.round(100 * v / heat.max)) + '%';
        bar.title = heat.key + ': ' + v;
        h.appendChild(bar);
      }
      tr.appendChild(h);
      tr.appendChild(el('td', 'code', l.code === null ? '' : l.code));
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(table);
    return box;
  }

  function load() {
    var q = query();
    history.replaceState(null, '', location.pathname + '?' + q);
    $('download').href = 'export/lines?' + q;
    $('error').textContent = '';
    fetch('api/lines?' + q, { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, data: d }; }); })
      .then(function (res) {
        var host = $('functions');
        host.textContent = '';
        if (!res.ok) {
          $('error').textContent = res.data && res.data.error ? res.data.error : 'request failed';
          return;
        }
        var fns = res.data.functions || [];
        fns.forEach(function (fn) { host.appendChild(renderFunction(fn)); });
        $('count').textContent = fns.length === 0
          ? 'No line data matches. Build the app with HotpathLineProfile=true, run the code, then refresh.'
          : fns.length + ' function' + (fns.length === 1 ? '' : 's') + ', sorted by total time.';
        $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
        document.body.setAttribute('data-functions', String(fns.length));
        document.body.setAttribute('data-loaded', 'true');
      })
      .catch(function (e) { $('error').textContent = String(e && e.message || e); });
  }

  var params = new URLSearchParams(location.search);
  $('function').value = params.get('function') || '';
  $('file').value = params.get('file') || '';
  if (params.get('top')) $('top').value = params.get('top');
  $('controls').addEventListener('submit', function (e) { e.preventDefault(); load(); });
  load();
}());
