// Functions tab: the pstats-style table of self and total per function.
import { $, el, fmtInt, fmtMs, getJson, pctBar } from './util.js';
import { viewQuery } from './state.js';

function fileText(f) {
  if (!f.file) return '';
  const base = f.file.split(/[\\/]/).pop();
  return f.line != null ? base + ':' + f.line : base;
}

function cell(cls, text, title) {
  const td = el('td', cls, text);
  if (title) td.title = title;
  return td;
}

function samplesCell(cls, samples, intervalMs) {
  const td = el('td', cls + ' num');
  td.appendChild(document.createTextNode(fmtInt(samples)));
  td.appendChild(el('span', 'ms', fmtMs(samples * intervalMs)));
  td.setAttribute('data-value', String(samples));
  return td;
}

export function url(state) {
  const p = viewQuery(state, false);
  p.set('sort', state.sort);
  p.set('dir', state.dir);
  p.set('limit', state.limit);
  p.set('filter', state.filter);
  p.set('regex', state.regex);
  return 'api/functions?' + p.toString();
}

export async function load(state, ctx) {
  const data = await getJson(url(state), { signal: ctx.signal });
  ctx.onTotals(data);
  const intervalMs = (data.totals && (data.totals.effectiveIntervalMs || data.totals.configuredIntervalMs)) || 0;
  const tbody = $('functions').tBodies[0];
  const frag = document.createDocumentFragment();
  const fns = Array.isArray(data.functions) ? data.functions : [];
  for (const f of fns) {
    const tr = el('tr', 'fn-row');
    tr.setAttribute('data-id', String(f.id));
    tr.setAttribute('data-name', f.name);
    const name = cell('fn-name', f.display || f.name, f.name);
    tr.appendChild(name);
    tr.appendChild(cell('fn-module', f.module, f.module));
    const full = f.file ? f.file + (f.line != null ? ':' + f.line : '') : '';
    tr.appendChild(cell('fn-file', fileText(f), full));
    tr.appendChild(samplesCell('fn-self', f.self, intervalMs));
    const sp = el('td', 'fn-selfpct num');
    sp.appendChild(pctBar(f.selfPct));
    sp.setAttribute('data-value', String(f.selfPct || 0));
    tr.appendChild(sp);
    tr.appendChild(samplesCell('fn-total', f.total, intervalMs));
    const tp = el('td', 'fn-totalpct num');
    tp.appendChild(pctBar(f.totalPct));
    tp.setAttribute('data-value', String(f.totalPct || 0));
    tr.appendChild(tp);
    const act = el('td', 'fn-act');
    const b = el('button', 'link', 'callers');
    b.type = 'button';
    b.title = 'Show the callers and callees of this function';
    b.addEventListener('click', () => ctx.selectFunction(f.id));
    act.appendChild(b);
    // The function's line table (hits and time where instrumented, samples where sampled).
    const lines = el('a', 'fn-lines-link', 'lines');
    lines.href = 'lines.html?function=' + encodeURIComponent('^' + String(f.name).split('(')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    lines.title = 'Show this function\'s source lines';
    act.appendChild(document.createTextNode(' '));
    act.appendChild(lines);
    tr.appendChild(act);
    frag.appendChild(tr);
  }
  if (fns.length === 0) {
    const tr = el('tr', 'empty');
    const td = el('td', null, state.filter ? 'No functions match the filter.' :
      data.scope === 'requests' ? 'No samples yet. Send some requests; the view updates while load runs.' : 'No samples yet.');
    td.colSpan = 8;
    tr.appendChild(td);
    frag.appendChild(tr);
  }
  tbody.replaceChildren(frag);
  const matched = typeof data.matched === 'number' ? data.matched : fns.length;
  let count = fns.length + ' of ' + matched + ' functions';
  if (state.filter && data.totals && typeof data.totals.functions === 'number') {
    count += ' matching the filter (' + data.totals.functions + ' in total)';
  }
  $('count').textContent = count;
  document.body.dataset.rows = String(fns.length);
}

export function syncControls(state) {
  $('limit').value = state.limit;
  if ($('filter').value !== state.filter) $('filter').value = state.filter;
  $('regex').checked = state.regex === 'true';
  for (const th of document.querySelectorAll('#functions th[data-sort]')) {
    const active = th.getAttribute('data-sort') === state.sort;
    th.classList.toggle('sorted', active);
    th.setAttribute('aria-sort', active ? (state.dir === 'asc' ? 'ascending' : 'descending') : 'none');
    th.querySelector('.ind').textContent = active ? (state.dir === 'asc' ? ' ▲' : ' ▼') : '';
  }
}
