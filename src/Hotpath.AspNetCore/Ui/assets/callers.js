// Callers/callees tab: who calls the selected function and whom it calls, merged over all call sites.
import { $, el, fmtInt, fmtMs, getJson, pctBar } from './util.js';
import { viewQuery } from './state.js';

function list(title, edges, data, ctx, cls) {
  const box = el('section', 'edges ' + cls);
  box.appendChild(el('h3', null, title));
  if (!edges.length) {
    box.appendChild(el('div', 'empty-note', cls === 'callers' ? 'No callers: the function is a stack root.' : 'No callees: all its time is its own.'));
    return box;
  }
  const table = el('table', 'edge-table');
  const tb = el('tbody');
  for (const e of edges) {
    const tr = el('tr', 'edge-row');
    tr.setAttribute('data-id', String(e.id));
    const name = el('td', 'fn-name');
    if (e.id >= 0) {
      const a = el('button', 'link name-link', e.display);
      a.type = 'button';
      a.title = e.name + (e.module ? '\n' + e.module : '');
      a.addEventListener('click', () => ctx.selectFunction(e.id));
      name.appendChild(a);
    } else {
      name.textContent = e.display;
    }
    tr.appendChild(name);
    tr.appendChild(el('td', 'num', fmtMs(e.ms)));
    tr.appendChild(el('td', 'num', fmtInt(e.samples)));
    const pct = el('td', 'num pctcell');
    pct.appendChild(pctBar(e.pct));
    tr.appendChild(pct);
    tb.appendChild(tr);
  }
  table.appendChild(tb);
  box.appendChild(table);
  return box;
}

export async function load(state, ctx) {
  const box = $('callers');
  if (!state.fn) {
    box.replaceChildren(el('div', 'empty-note', 'Pick a function: the "callers" button in the Functions table or the call tree, or a frame in the flame graph.'));
    return;
  }
  const p = viewQuery(state, true);
  p.set('function', state.fn);
  let data;
  try {
    data = await getJson('api/callers?' + p.toString(), { signal: ctx.signal, reuse: true });
  } catch (err) {
    if (err.status === 400) {
      box.replaceChildren(el('div', 'empty-note', err.message));
      return;
    }
    throw err;
  }
  const f = data.function;
  const head = el('div', 'fn-head');
  const h = el('h2', 'fn-title', f.display);
  h.title = f.name;
  head.appendChild(h);
  head.appendChild(el('div', 'fn-full', f.name + (f.module ? '  —  ' + f.module : '')));
  head.appendChild(el('div', 'fn-sum',
    'total ' + fmtMs(f.totalMs) + ' (' + fmtInt(f.total) + ' samples, ' + f.totalPct.toFixed(1) + '% of the view) · self ' +
    fmtMs(f.selfMs) + ' (' + fmtInt(f.self) + ' samples)'));
  const cols = el('div', 'edge-cols');
  cols.appendChild(list('Callers', data.callers, data, ctx, 'callers'));
  cols.appendChild(list('Callees', data.callees, data, ctx, 'callees'));
  box.replaceChildren(head, cols);
}
