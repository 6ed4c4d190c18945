// Endpoints tab: latency percentiles and CPU per endpoint (api/endpoints); a click narrows every view to one endpoint.
import { $, el, fmtInt, fmtMs, getJson } from './util.js';

export async function load(state, ctx) {
  const box = $('endpoints-body');
  let data;
  try {
    data = await getJson('api/endpoints', { signal: ctx.signal });
  } catch (err) {
    if (err.status === 404) {
      box.replaceChildren(el('div', 'empty-note', 'This build has no endpoint summary (api/endpoints is not available).'));
      return;
    }
    throw err;
  }
  const rows = Array.isArray(data) ? data : Array.isArray(data.endpoints) ? data.endpoints : [];
  const interval = ctx.intervalMs();
  const table = el('table', 'grid');
  const head = el('thead');
  const hr = el('tr');
  for (const h of ['Endpoint', 'Requests', 'p50', 'p95', 'p99', 'CPU samples (time)', 'Errors']) hr.appendChild(el('th', null, h));
  head.appendChild(hr);
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr', 'ep-row');
    if (r.endpoint === state.endpoint) tr.classList.add('current');
    tr.appendChild(el('td', 'ep-name', r.endpoint));
    tr.appendChild(el('td', 'num', fmtInt(r.requests)));
    tr.appendChild(el('td', 'num', fmtMs(r.p50Ms)));
    tr.appendChild(el('td', 'num', fmtMs(r.p95Ms)));
    tr.appendChild(el('td', 'num', fmtMs(r.p99Ms)));
    tr.appendChild(el('td', 'num', fmtInt(r.cpuSamples) + (interval ? ' (' + fmtMs(r.cpuSamples * interval) + ')' : '')));
    tr.appendChild(el('td', 'num' + (r.errors ? ' bad' : ''), fmtInt(r.errors)));
    tr.addEventListener('click', () => ctx.narrow({ endpoint: r.endpoint, request: '' }, 'tree'));
    body.appendChild(tr);
  }
  if (!rows.length) {
    const tr = el('tr', 'empty');
    const td = el('td', null, 'No requests yet.');
    td.colSpan = 7;
    tr.appendChild(td);
    body.appendChild(tr);
  }
  table.append(head, body);
  box.replaceChildren(table);
}
