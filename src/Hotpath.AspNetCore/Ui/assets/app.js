// Hotpath profile viewer: tabs over one shared filter (scope › endpoint › request), live update by polling api/version.
// Plain DOM only: every value from the server is written with textContent/attributes, never parsed as HTML.
import { $, el, fmtInt, fmtMs, getJson } from './util.js';
import { readState, writeState, naturalDir, TABS, viewQuery } from './state.js';
import * as functions from './functions.js';
import * as tree from './tree.js';
import * as callers from './callers.js';
import * as flameView from './flame.js';
import * as requests from './requests.js';
import * as endpoints from './endpoints.js';

const VIEWS = { functions, tree, callers, flame: flameView, requests, endpoints };
const POLL_MS = 2000;
const DEBOUNCE_MS = 250;

let state = readState();
let seq = 0;
let inFlight = null;
let renders = 0;
let version = null;
let lastTotals = null;
let lastStatus = null;
let filterTimer = null;

const ctx = {
  signal: null,
  selectFunction(id) { change({ fn: String(id), tab: 'callers' }); },
  narrow(patch, tab) { change(Object.assign({}, patch, { tab: tab || state.tab })); },
  intervalMs() { return lastTotals ? (lastTotals.effectiveIntervalMs || lastTotals.configuredIntervalMs || 0) : 0; },
  showError(msg) { showError(msg); },
  onTotals(data) { renderStatus(data.status); renderTotals(data.totals, data.scope); },
};

// ---- header: status, totals, breadcrumb ----

function renderStatus(st) {
  st = st || {};
  const name = st.state || 'unknown';
  const box = $('status');
  box.setAttribute('data-state', name);
  box.setAttribute('data-sampler', st.sampler || '');
  box.title = st.samplerDescription || '';
  lastStatus = st;
  box.querySelector('.state').textContent = name;
  box.querySelector('.message').textContent = st.message ? ' — ' + st.message : '';
  const banner = $('banner');
  if (name === 'failed' || name === 'disabled') {
    banner.textContent = (name === 'failed' ? 'Profiler could not start: ' : 'Profiler is disabled: ') + (st.message || 'no details were given.');
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
  const s = el('span', 'stat');
  s.setAttribute('data-stat', key);
  if (title) s.title = title;
  s.appendChild(el('span', 'label', label));
  const v = el('span', 'value');
  if (value instanceof Node) v.appendChild(value); else v.textContent = value;
  s.appendChild(v);
  return s;
}

function renderTotals(t, scope) {
  t = t || {};
  lastTotals = t;
  const box = $('totals');
  box.replaceChildren();
  const interval = t.effectiveIntervalMs || t.configuredIntervalMs || 0;
  box.appendChild(stat('samples', scope === 'process' ? 'Process samples' : 'Request samples',
    fmtInt(t.samples) + ' ≈ ' + fmtMs((t.samples || 0) * interval),
    'Samples × measured interval. Process ' + fmtInt(t.processSamples) + ', in requests ' + fmtInt(t.requestSamples)));
  box.appendChild(stat('wallspan', 'Wall span', fmtMs(t.wallSpanMs)));
  const iv = document.createDocumentFragment();
  const eff = t.effectiveIntervalMs, conf = t.configuredIntervalMs;
  iv.appendChild(document.createTextNode(eff == null ? '—' : fmtMs(eff)));
  const st = lastStatus || {};
  const samplerName = st.sampler === 'perf_event' ? 'kernel CPU clock' : st.sampler === 'eventpipe' ? 'EventPipe (fallback)' : '—';
  iv.appendChild(el('span', 'sub', ' (configured ' + fmtMs(conf) + ', ' + samplerName + ')'));
  // Only the kernel sampler's interval can be wrong in a way worth a warning (records dropped); EventPipe's stretches
  // with its duty cycle and with a saturated app, which is not a fault.
  const off = st.sampler === 'perf_event' && typeof eff === 'number' && typeof conf === 'number' && conf > 0 && Math.abs(eff - conf) / conf > 0.5;
  const ivStat = stat('interval', 'Interval', iv, 'Sampling interval measured by the sampler, versus the configured one. Times shown are samples × this interval.');
  if (off) {
    ivStat.classList.add('warn');
    ivStat.appendChild(el('span', 'hint', 'samples dropped'));
  }
  box.appendChild(ivStat);
  box.appendChild(stat('requests', 'Requests', fmtInt(t.requests)));
  const merged = stat('merged', 'Merged into [other]', fmtInt(t.mergedSamples), 'Samples folded into [other] because the function/stack caps were reached');
  if (t.mergedSamples > 0) merged.classList.add('warn');
  box.appendChild(merged);
  box.appendChild(stat('sampler', 'Sampler', samplerName, st.samplerDescription || ''));
  box.appendChild(stat('waits', 'Waiting', fmtInt(t.requestWaitSamples),
    'Samples of request threads blocked or waiting (Measure: Waiting shows where); never counted as CPU'));
  box.appendChild(stat('idle', 'Idle', fmtInt(t.idleSamples), 'Samples of threads that were waiting, not running'));
  box.appendChild(stat('discarded', 'Discarded', fmtInt(t.discardedSamples)));
}

function crumb(text, cls, onClear, title) {
  const c = el('span', 'crumb ' + cls);
  c.appendChild(el('span', 'crumb-text', text));
  if (title) c.title = title;
  if (onClear) {
    const x = el('button', 'crumb-clear', '×');
    x.type = 'button';
    x.setAttribute('aria-label', 'Remove this filter');
    x.addEventListener('click', onClear);
    c.appendChild(x);
  }
  return c;
}

function renderCrumbs() {
  const box = $('crumbs');
  const parts = [crumb(state.scope === 'process' ? 'Whole process' : 'All requests', 'crumb-scope', null)];
  if (state.endpoint) parts.push(el('span', 'sep', '›'), crumb(state.endpoint, 'crumb-endpoint', () => change({ endpoint: '', request: '' }), 'Endpoint'));
  if (state.request) parts.push(el('span', 'sep', '›'), crumb('request ' + state.request, 'crumb-request', () => change({ request: '' }), 'One request'));
  if (state.jmc === 'true') parts.push(el('span', 'sep', '·'), crumb('just my code', 'crumb-jmc', () => change({ jmc: 'false' })));
  box.replaceChildren(...parts);
}

// ---- state and loading ----

function syncControls() {
  $('scope').value = state.scope;
  $('measure').value = state.measure;
  $('jmc').checked = state.jmc === 'true';
  $('auto').checked = state.live === 'true';
  functions.syncControls(state);
  const dl = $('download');
  const q = viewQuery(state, false);
  dl.setAttribute('href', 'export/collapsed?' + q.toString());
  const base = 'hotpath-' + (state.request ? 'request-' + state.request : state.scope);
  dl.setAttribute('download', base + '.collapsed.txt');
  $('download-speedscope').setAttribute('href', 'export/speedscope?' + q.toString());
  $('download-speedscope').setAttribute('download', base + '.speedscope.json');
  $('download-pprof').setAttribute('href', 'export/pprof?' + q.toString());
  $('download-pprof').setAttribute('download', base + '.pb.gz');
  for (const t of TABS) {
    const tab = $('tab-' + t);
    const active = t === state.tab;
    tab.setAttribute('aria-selected', active ? 'true' : 'false');
    tab.tabIndex = active ? 0 : -1;
    $('panel-' + t).hidden = !active;
  }
  document.body.dataset.tab = state.tab;
  renderCrumbs();
}

function showError(msg) {
  $('error').textContent = msg || '';
  $('filter').classList.toggle('bad', !!msg && state.tab === 'functions');
  document.body.setAttribute('data-error', msg ? 'true' : 'false');
}

async function load() {
  const my = ++seq;
  if (inFlight) inFlight.abort();
  const ctl = new AbortController();
  inFlight = ctl;
  ctx.signal = ctl.signal;
  document.body.dataset.loaded = 'false';
  const t0 = performance.now();
  try {
    const jobs = [VIEWS[state.tab].load(state, ctx)];
    if (state.tab !== 'functions') {
      // Status and totals come with the function table; fetch its first row only.
      const q = viewQuery(state, false);
      q.set('limit', '1');
      jobs.push(getJson('api/functions?' + q.toString(), { signal: ctl.signal })
        .then((data) => { if (my === seq) ctx.onTotals(data); }));
    }
    await Promise.all(jobs);
    if (my !== seq) return;
    showError('');
    document.body.dataset.renders = String(++renders);
    document.body.dataset.loadMs = (performance.now() - t0).toFixed(1);
    document.body.dataset.loadedAt = performance.now().toFixed(1); // ms since navigation start (the browser benchmark reads it)
    document.body.dataset.loaded = 'true';
  } catch (err) {
    if (my !== seq || (err && err.name === 'AbortError')) return;
    showError(err && err.message ? err.message : String(err));
    document.body.dataset.loaded = 'true';
  } finally {
    if (my === seq) inFlight = null;
  }
}

function change(patch) {
  Object.assign(state, patch);
  writeState(state);
  syncControls();
  load();
}

async function poll() {
  if (state.live !== 'true' || document.hidden || inFlight) return;
  try {
    const v = await getJson('api/version');
    if (v.version !== version) {
      const first = version === null;
      version = v.version;
      if (!first) await load();
    }
  } catch { /* the next poll tries again; a failing server shows on the next load */ }
}

async function clearProfile() {
  const btn = $('clear');
  btn.disabled = true;
  try {
    const res = await fetch('api/antiforgery', { cache: 'no-store', credentials: 'same-origin' });
    if (!res.ok) throw new Error('Could not get an antiforgery token: HTTP ' + res.status);
    const af = await res.json();
    const headers = {};
    headers[af.header] = af.token;
    const cleared = await fetch('api/clear', { method: 'POST', headers, credentials: 'same-origin' });
    if (!cleared.ok) {
      const t = await cleared.text();
      let msg = 'Clear failed: HTTP ' + cleared.status;
      try { const j = JSON.parse(t); if (j && j.error) msg = 'Clear failed: ' + j.error; } catch { /* keep msg */ }
      throw new Error(msg);
    }
    await load();
  } catch (err) {
    showError(err.message || String(err));
  } finally {
    btn.disabled = false;
  }
}

function onSortClick(th) {
  const key = th.getAttribute('data-sort');
  if (key === state.sort) change({ dir: state.dir === 'asc' ? 'desc' : 'asc' });
  else change({ sort: key, dir: naturalDir(key) });
}

function init() {
  syncControls();
  $('controls').addEventListener('submit', (e) => e.preventDefault());
  $('scope').addEventListener('change', function () { change({ scope: this.value }); });
  $('measure').addEventListener('change', function () { change({ measure: this.value }); });
  $('jmc').addEventListener('change', function () { change({ jmc: this.checked ? 'true' : 'false' }); });
  $('limit').addEventListener('change', function () { change({ limit: this.value }); });
  $('regex').addEventListener('change', function () { change({ regex: this.checked ? 'true' : 'false' }); });
  $('filter').addEventListener('input', function () {
    const v = this.value;
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => { if (v !== state.filter) change({ filter: v }); }, DEBOUNCE_MS);
  });
  $('filter').addEventListener('keydown', function (e) {
    if (e.key === 'Enter') { clearTimeout(filterTimer); change({ filter: this.value }); }
  });
  $('refresh').addEventListener('click', () => load());
  $('auto').addEventListener('change', function () { change({ live: this.checked ? 'true' : 'false' }); });
  $('clear').addEventListener('click', clearProfile);
  for (const th of document.querySelectorAll('#functions th[data-sort]')) {
    th.addEventListener('click', function () { onSortClick(this); });
    th.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSortClick(this); }
    });
  }
  for (const t of TABS) $('tab-' + t).addEventListener('click', () => change({ tab: t }));
  $('tabs').addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = TABS.indexOf(state.tab) + (e.key === 'ArrowRight' ? 1 : TABS.length - 1);
    change({ tab: TABS[i % TABS.length] });
    $('tab-' + state.tab).focus();
  });
  for (const id of ['rq-endpoint', 'rq-status', 'rq-min']) {
    $(id).addEventListener('change', () => { if (state.tab === 'requests') load(); });
  }
  flameView.init(ctx);
  window.addEventListener('hashchange', () => { state = readState(); syncControls(); load(); });
  setInterval(poll, POLL_MS);
  load();
  poll();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
