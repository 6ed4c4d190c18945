// Requests tab: the kept requests, newest first (api/requests); a click narrows every view to one request.
import { $, el, fmtInt, fmtMs, getJson } from './util.js';

function unavailable(box, err) {
  box.replaceChildren(el('div', 'empty-note', err.status === 404
    ? 'This build has no request list (api/requests is not available).'
    : err.message));
}

export async function load(state, ctx) {
  const box = $('requests-body');
  const p = new URLSearchParams();
  p.set('limit', '200');
  const ep = $('rq-endpoint').value.trim() || state.endpoint;
  if (ep) p.set('endpoint', ep);
  const status = $('rq-status').value.trim();
  if (status) p.set('status', status);
  const min = $('rq-min').value.trim();
  if (min) p.set('minDurationMs', min);
  let data;
  try {
    data = await getJson('api/requests?' + p.toString(), { signal: ctx.signal });
  } catch (err) {
    if (err.status === 404 || err.status === 400) { unavailable(box, err); return; }
    throw err;
  }
  const rows = Array.isArray(data.requests) ? data.requests : [];
  $('rq-count').textContent = rows.length + ' requests shown' + (data.evicted ? ', ' + fmtInt(data.evicted) + ' older ones evicted' : '');
  const interval = ctx.intervalMs();
  const frag = document.createDocumentFragment();
  for (const r of rows) {
    const tr = el('tr', 'rq-row');
    tr.setAttribute('data-id', String(r.id));
    if (String(r.id) === state.request) tr.classList.add('current');
    tr.appendChild(el('td', 'rq-time', r.startedAt ? new Date(r.startedAt).toLocaleTimeString() : ''));
    tr.appendChild(el('td', 'rq-method', r.method));
    const path = el('td', 'rq-path', r.path);
    path.title = r.path || '';
    tr.appendChild(path);
    tr.appendChild(el('td', 'rq-endpoint', r.endpoint));
    const st = el('td', 'num rq-status', r.status);
    if (r.status >= 500) st.classList.add('bad'); else if (r.status >= 400) st.classList.add('warnc');
    tr.appendChild(st);
    tr.appendChild(el('td', 'num rq-duration', fmtMs(r.durationMs)));
    tr.appendChild(el('td', 'num rq-cpu', fmtInt(r.cpuSamples) + (interval ? ' (' + fmtMs(r.cpuSamples * interval) + ')' : '')));
    const trace = el('td', 'rq-trace', r.traceId ? r.traceId.slice(0, 12) + '…' : '');
    trace.title = r.traceId || '';
    tr.appendChild(trace);
    tr.addEventListener('click', () => ctx.narrow({ endpoint: r.endpoint || '', request: String(r.id) }, 'flame'));
    frag.appendChild(tr);
  }
  if (!rows.length) {
    const tr = el('tr', 'empty');
    const td = el('td', null, 'No requests match.');
    td.colSpan = 8;
    tr.appendChild(td);
    frag.appendChild(tr);
  }
  const table = el('table', 'grid');
  const head = el('thead');
  const hr = el('tr');
  for (const h of ['Started', 'Method', 'Path', 'Endpoint', 'Status', 'Duration', 'CPU samples (time)', 'Trace id']) hr.appendChild(el('th', null, h));
  head.appendChild(hr);
  const body = el('tbody');
  body.appendChild(frag);
  table.append(head, body);
  box.replaceChildren(table);
}
