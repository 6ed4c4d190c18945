// Hotpath profile viewer. Plain DOM only: every value from the server is written with
// textContent/attributes, never parsed as HTML (function names contain <, > and &).
(function () {
  'use strict';

  var SORTS = ['self', 'total', 'name', 'module', 'file'];
  var NUMERIC = { self: true, total: true };
  var DEFAULTS = { scope: 'requests', measure: 'cpu', sort: 'self', dir: 'desc', limit: '50', filter: '', regex: 'false' };
  var AUTO_MS = 2000;
  var DEBOUNCE_MS = 250;

  var $ = function (id) { return document.getElementById(id); };
  var state = readState();
  var seq = 0;           // id of the newest request; older responses are dropped
  var inFlight = null;   // AbortController of the running request
  var renders = 0;
  var autoTimer = null;
  var filterTimer = null;

  // ---- URL state (kept in location.hash so a reload keeps the view) ----

  function readState() {
    var p = new URLSearchParams(location.hash.replace(/^#/, ''));
    var s = {};
    Object.keys(DEFAULTS).forEach(function (k) { s[k] = p.has(k) ? p.get(k) : DEFAULTS[k]; });
    if (s.scope !== 'process') s.scope = 'requests';
    if (s.measure !== 'wait') s.measure = 'cpu';
    if (SORTS.indexOf(s.sort) < 0) s.sort = DEFAULTS.sort;
    if (!p.has('dir') || (s.dir !== 'asc' && s.dir !== 'desc')) s.dir = naturalDir(s.sort);
    if (['50', '100', 'all'].indexOf(s.limit) < 0) s.limit = DEFAULTS.limit;
    s.regex = s.regex === 'true' ? 'true' : 'false';
    return s;
  }

  function naturalDir(sort) { return NUMERIC[sort] ? 'desc' : 'asc'; }

  function writeState() {
    var p = new URLSearchParams();
    Object.keys(DEFAULTS).forEach(function (k) {
      var def = k === 'dir' ? naturalDir(state.sort) : DEFAULTS[k];
      if (state[k] !== def) p.set(k, state[k]);
    });
    var hash = p.toString();
    // replaceState: no history entry per keystroke, and no hashchange event back to us.
    history.replaceState(null, '', location.pathname + location.search + (hash ? '#' + hash : ''));
  }

  function syncControls() {
    $('scope').value = state.scope;
    $('measure').value = state.measure;
    $('limit').value = state.limit;
    if ($('filter').value !== state.filter) $('filter').value = state.filter;
    $('regex').checked = state.regex === 'true';
    var dl = $('download');
    dl.setAttribute('href', 'export/collapsed?scope=' + encodeURIComponent(state.scope) + (state.measure === 'wait' ? '&measure=wait' : ''));
    dl.setAttribute('download', 'hotpath-' + state.scope + (state.measure === 'wait' ? '-wait' : '') + '.collapsed.txt');
    var ths = document.querySelectorAll('#functions th[data-sort]');
    for (var i = 0; i < ths.length; i++) {
      var th = ths[i];
      var active = th.getAttribute('data-sort') === state.sort;
      th.classList.toggle('sorted', active);
      th.setAttribute('aria-sort', active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      th.querySelector('.ind').textContent = active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : '';
    }
  }

  // ---- formatting ----

  function fmtInt(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : '—'; }

  function fmtMs(ms) {
    if (typeof ms !== 'number' || !isFinite(ms)) return '—';
    if (ms < 1) return ms.toFixed(2) + ' ms';
    if (ms < 1000) return (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)) + ' ms';
    var s = ms / 1000;
    if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + ' s';
    var min = Math.floor(s / 60), sec = Math.floor(s % 60);
    if (min < 60) return min + ' min ' + sec + ' s';
    return Math.floor(min / 60) + ' h ' + (min % 60) + ' min';
  }

  function fmtPct(p) { return (typeof p === 'number' ? p : 0).toFixed(1) + '%'; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  // ---- rendering ----

  function renderStatus(st) {
    st = st || {};
    var name = st.state || 'unknown';
    var box = $('status');
    box.setAttribute('data-state', name);
    box.querySelector('.state').textContent = name;
    box.querySelector('.message').textContent = st.message ? ' — ' + st.message : '';
    box.setAttribute('data-sampler', st.sampler || '');
    if (st.samplerDescription) box.title = st.samplerDescription;
    var banner = $('banner');
    if (name === 'failed' || name === 'disabled') {
      var lead = name === 'failed' ? 'Profiler could not start: ' : 'Profiler is disabled: ';
      banner.textContent = lead + (st.message || 'no details were given.');
      banner.hidden = false;
    } else if (st.warning) {
      banner.textContent = st.warning;
      banner.hidden = false;
    } else {
      banner.textContent = '';
      banner.hidden = true;
    }
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  function stat(key, label, value, title) {
    var s = el('span', 'stat');
    s.setAttribute('data-stat', key);
    if (title) s.title = title;
    s.appendChild(el('span', 'label', label));
    var v = el('span', 'value');
    if (value instanceof Node) v.appendChild(value); else v.textContent = value;
    s.appendChild(v);
    return s;
  }

  function renderTotals(t, scope, st) {
    t = t || {};
    st = st || {};
    var box = $('totals');
    box.replaceChildren();
    box.appendChild(stat('sampler', 'Sampler', st.sampler === 'perf_event' ? 'kernel CPU clock' : st.sampler === 'eventpipe' ? 'EventPipe (fallback)' : '—',
      st.samplerDescription || ''));
    box.appendChild(stat('samples', scope === 'process' ? 'Process samples' : 'Request samples',
      fmtInt(t.samples), 'process ' + fmtInt(t.processSamples) + ', in requests ' + fmtInt(t.requestSamples)));
    box.appendChild(stat('wallspan', 'Wall span', fmtMs(t.wallSpanMs)));

    var iv = document.createDocumentFragment();
    var eff = t.effectiveIntervalMs, conf = t.configuredIntervalMs;
    iv.appendChild(document.createTextNode(eff == null ? '—' : fmtMs(eff)));
    iv.appendChild(el('span', 'sub', ' (configured ' + fmtMs(conf) + ')'));
    // Only the kernel sampler's interval can be wrong in a way worth a warning (records dropped); EventPipe's stretches
    // whenever the app is saturated, which is not a fault.
    var off = st.sampler === 'perf_event' && typeof eff === 'number' && typeof conf === 'number' && conf > 0 && Math.abs(eff - conf) / conf > 0.5;
    var ivStat = stat('interval', 'Interval', iv, 'Sampling interval measured by the sampler, versus the configured one.');
    if (off) {
      ivStat.classList.add('warn');
      var hint = el('span', 'hint', 'samples dropped');
      hint.title = 'The kernel dropped sample records because Hotpath did not read its rings in time.';
      ivStat.appendChild(hint);
    }
    box.appendChild(ivStat);
    box.appendChild(stat('requests', 'Requests', fmtInt(t.requests)));
    box.appendChild(stat('merged', 'Merged into [other]', fmtInt(t.mergedSamples),
      'Samples folded into [other] because the function/stack caps were reached'));
    box.appendChild(stat('waits', 'Waiting', fmtInt(t.requestWaitSamples),
      'Samples of request threads blocked or waiting (Measure: Waiting shows where); never counted as CPU'));
    box.appendChild(stat('idle', 'Idle', fmtInt(t.idleSamples), 'Samples of threads that were waiting, not running'));
    box.appendChild(stat('discarded', 'Discarded', fmtInt(t.discardedSamples)));
    if (t.mergedSamples > 0) box.querySelector('[data-stat="merged"]').classList.add('warn');
  }

  function cell(cls, text, title) {
    var td = el('td', cls, text);
    if (title) td.title = title;
    return td;
  }

  function pctCell(cls, pct) {
    var td = el('td', cls + ' num');
    var wrap = el('span', 'pctwrap');
    var track = el('span', 'track');
    var bar = el('span', 'bar');
    bar.style.width = Math.max(0, Math.min(100, pct || 0)) + '%';
    track.appendChild(bar);
    wrap.appendChild(track);
    wrap.appendChild(el('span', 'pct', fmtPct(pct)));
    td.appendChild(wrap);
    td.setAttribute('data-value', String(pct || 0));
    return td;
  }

  function fileText(f) {
    if (!f.file) return '';
    var base = f.file.split(/[\\/]/).pop();
    return f.line != null ? base + ':' + f.line : base;
  }

  function renderRows(data) {
    var tbody = $('functions').tBodies[0];
    var frag = document.createDocumentFragment();
    var fns = Array.isArray(data.functions) ? data.functions : [];
    fns.forEach(function (f) {
      var tr = el('tr', 'fn-row');
      tr.appendChild(cell('fn-name', f.name, f.name));
      tr.appendChild(cell('fn-module', f.module, f.module));
      var full = f.file ? f.file + (f.line != null ? ':' + f.line : '') : '';
      tr.appendChild(cell('fn-file', fileText(f), full));
      var self = cell('fn-self num', f.self);
      self.setAttribute('data-value', String(f.self));
      tr.appendChild(self);
      tr.appendChild(pctCell('fn-selfpct', f.selfPct));
      var total = cell('fn-total num', f.total);
      total.setAttribute('data-value', String(f.total));
      tr.appendChild(total);
      tr.appendChild(pctCell('fn-totalpct', f.totalPct));
      frag.appendChild(tr);
    });
    if (fns.length === 0) {
      var tr = el('tr', 'empty');
      var td = el('td', null, state.filter ? 'No functions match the filter.' :
        data.scope === 'requests' ? 'No samples yet. Send some requests, then refresh.' : 'No samples yet.');
      td.colSpan = 7;
      tr.appendChild(td);
      frag.appendChild(tr);
    }
    tbody.replaceChildren(frag);
    var matched = typeof data.matched === 'number' ? data.matched : fns.length;
    var count = fns.length + ' of ' + matched + ' functions';
    if (state.filter && data.totals && typeof data.totals.functions === 'number') {
      count += ' matching the filter (' + data.totals.functions + ' in total)';
    }
    $('count').textContent = count;
    return fns.length;
  }

  function showError(msg) {
    $('error').textContent = msg || '';
    $('filter').classList.toggle('bad', !!msg);
    document.body.setAttribute('data-error', msg ? 'true' : 'false');
  }

  // ---- loading ----

  function apiUrl() {
    var p = new URLSearchParams();
    p.set('scope', state.scope);
    p.set('measure', state.measure);
    p.set('sort', state.sort);
    p.set('dir', state.dir);
    p.set('limit', state.limit);
    p.set('filter', state.filter);
    p.set('regex', state.regex);
    return 'api/functions?' + p.toString();
  }

  function load() {
    var my = ++seq;
    if (inFlight) inFlight.abort();
    var ctl = typeof AbortController === 'function' ? new AbortController() : null;
    inFlight = ctl;
    document.body.dataset.loaded = 'false';
    return fetch(apiUrl(), { headers: { Accept: 'application/json' }, cache: 'no-store', signal: ctl && ctl.signal })
      .then(function (res) {
        return res.text().then(function (body) {
          var json = null;
          try { json = body ? JSON.parse(body) : null; } catch (e) { /* not JSON: reported below */ }
          if (!res.ok) {
            var msg = json && json.error ? json.error : 'Request failed: HTTP ' + res.status + (res.statusText ? ' ' + res.statusText : '');
            throw new Error(msg);
          }
          if (!json) throw new Error('The server returned an unreadable response.');
          return json;
        });
      })
      .then(function (data) {
        if (my !== seq) return;
        showError('');
        renderStatus(data.status);
        renderTotals(data.totals, data.scope, data.status);
        var rows = renderRows(data);
        document.body.dataset.rows = String(rows);
        document.body.dataset.renders = String(++renders);
        document.body.dataset.loaded = 'true';
      })
      .catch(function (err) {
        if (my !== seq || (err && err.name === 'AbortError')) return;
        // Keep the previous table; only say what went wrong.
        showError(err && err.message ? err.message : String(err));
      })
      .then(function () { if (my === seq) inFlight = null; });
  }

  function change(patch) {
    Object.keys(patch).forEach(function (k) { state[k] = patch[k]; });
    writeState();
    syncControls();
    load();
  }

  function clearProfile() {
    var btn = $('clear');
    btn.disabled = true;
    fetch('api/antiforgery', { cache: 'no-store', credentials: 'same-origin' })
      .then(function (res) {
        if (!res.ok) throw new Error('Could not get an antiforgery token: HTTP ' + res.status);
        return res.json();
      })
      .then(function (af) {
        var headers = {};
        headers[af.header] = af.token;
        return fetch('api/clear', { method: 'POST', headers: headers, credentials: 'same-origin' });
      })
      .then(function (res) {
        if (!res.ok) {
          return res.text().then(function (t) {
            var msg = 'Clear failed: HTTP ' + res.status;
            try { var j = JSON.parse(t); if (j && j.error) msg = 'Clear failed: ' + j.error; } catch (e) { /* keep msg */ }
            throw new Error(msg);
          });
        }
        return load();
      })
      .catch(function (err) { showError(err.message || String(err)); })
      .then(function () { btn.disabled = false; });
  }

  function setAuto(on) {
    if (autoTimer) { clearInterval(autoTimer); autoTimer = null; }
    if (on) autoTimer = setInterval(function () { if (!inFlight && !document.hidden) load(); }, AUTO_MS);
  }

  // ---- wiring ----

  function onSortClick(th) {
    var key = th.getAttribute('data-sort');
    if (key === state.sort) change({ dir: state.dir === 'asc' ? 'desc' : 'asc' });
    else change({ sort: key, dir: naturalDir(key) });
  }

  function init() {
    syncControls();
    $('controls').addEventListener('submit', function (e) { e.preventDefault(); });
    $('scope').addEventListener('change', function () { change({ scope: this.value }); });
    $('measure').addEventListener('change', function () { change({ measure: this.value }); });
    $('limit').addEventListener('change', function () { change({ limit: this.value }); });
    $('regex').addEventListener('change', function () { change({ regex: this.checked ? 'true' : 'false' }); });
    $('filter').addEventListener('input', function () {
      var v = this.value;
      clearTimeout(filterTimer);
      filterTimer = setTimeout(function () { if (v !== state.filter) change({ filter: v }); }, DEBOUNCE_MS);
    });
    $('filter').addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { clearTimeout(filterTimer); change({ filter: this.value }); }
    });
    $('refresh').addEventListener('click', function () { load(); });
    $('auto').addEventListener('change', function () { setAuto(this.checked); });
    $('clear').addEventListener('click', clearProfile);
    var ths = document.querySelectorAll('#functions th[data-sort]');
    for (var i = 0; i < ths.length; i++) {
      ths[i].addEventListener('click', function () { onSortClick(this); });
      ths[i].addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSortClick(this); }
      });
    }
    window.addEventListener('hashchange', function () { state = readState(); syncControls(); load(); });
    load();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
