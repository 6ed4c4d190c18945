// Call tree tab: top-down tree with expand/collapse, % of total and % of parent, time beside samples.
import { $, el, fmtInt, fmtMs, fmtPct } from './util.js';
import * as flame from './flamedata.js';

const MAX_CHILDREN = 200;
const expanded = new Set();   // path keys ("frameId/frameId/…") of open nodes; survive live updates
let autoExpandedFor = null;   // filter the hot path was opened for
let current = null;

function key(d, i) {
  const parts = [];
  for (let j = i; j > 0; j = d.parent[j]) parts.push(d.frameId[d.frame[j]]);
  return parts.reverse().join('/');
}

function children(d, i) {
  const out = [];
  for (let j = i + 1; j < d.end[i]; j = d.end[j]) out.push(j);
  return out;
}

function openHotPath(d) {
  expanded.clear();
  let i = 0;
  for (let level = 0; level < 40; level++) {
    expanded.add(key(d, i));
    const kids = children(d, i);
    if (kids.length === 0 || d.total[kids[0]] < d.total[i] * 0.5) break;
    i = kids[0];
  }
}

function row(d, i, ctx) {
  const r = el('div', 'tree-row');
  r.setAttribute('role', 'treeitem');
  r.setAttribute('data-node', String(d.node[i]));
  r.setAttribute('data-depth', String(d.depth[i]));
  r.style.paddingLeft = (d.depth[i] * 14 + 4) + 'px';
  const hasKids = i + 1 < d.end[i];
  const k = key(d, i);
  const open = expanded.has(k);
  const t = el('button', 'toggle', hasKids ? (open ? '▾' : '▸') : '·');
  t.type = 'button';
  t.disabled = !hasKids;
  t.setAttribute('aria-label', open ? 'collapse' : 'expand');
  if (hasKids) r.setAttribute('aria-expanded', open ? 'true' : 'false');
  t.addEventListener('click', () => { if (open) expanded.delete(k); else expanded.add(k); render(ctx); });
  r.appendChild(t);
  const name = el('span', 'tree-name', flame.displayOf(d, i));
  name.title = flame.nameOf(d, i) + (flame.moduleOf(d, i) ? '\n' + flame.moduleOf(d, i) : '');
  r.appendChild(name);
  const total = d.total[i];
  const parentTotal = d.parent[i] >= 0 ? d.total[d.parent[i]] : total;
  r.appendChild(el('span', 'tree-num tree-time', fmtMs(total * d.intervalMs)));
  r.appendChild(el('span', 'tree-num tree-samples', fmtInt(total)));
  r.appendChild(el('span', 'tree-num tree-pct', fmtPct(d.grandTotal ? total * 100 / d.grandTotal : 0)));
  r.appendChild(el('span', 'tree-num tree-ppct', fmtPct(parentTotal ? total * 100 / parentTotal : 0)));
  r.appendChild(el('span', 'tree-num tree-self', fmtInt(d.self[i])));
  if (d.frame[i] >= 0) {
    const b = el('button', 'link', 'callers');
    b.type = 'button';
    b.addEventListener('click', () => ctx.selectFunction(d.frameId[d.frame[i]]));
    r.appendChild(b);
  }
  return { r, open, hasKids };
}

function add(d, i, frag, ctx) {
  const { r, open, hasKids } = row(d, i, ctx);
  frag.appendChild(r);
  if (!open || !hasKids) return;
  const kids = children(d, i);
  for (let c = 0; c < kids.length && c < MAX_CHILDREN; c++) add(d, kids[c], frag, ctx);
  if (d.hidden[i] > 0) {
    const small = el('div', 'tree-more', '… ' + fmtInt(d.hidden[i]) + ' samples (' + fmtMs(d.hidden[i] * d.intervalMs) + ') in children too small to list');
    small.style.paddingLeft = ((d.depth[i] + 1) * 14 + 4) + 'px';
    frag.appendChild(small);
  }
  if (kids.length > MAX_CHILDREN) {
    const more = el('div', 'tree-more', '… ' + (kids.length - MAX_CHILDREN) + ' smaller children not shown (see the flame graph)');
    more.style.paddingLeft = ((d.depth[i] + 1) * 14 + 4) + 'px';
    frag.appendChild(more);
  }
}

function render(ctx) {
  const d = current;
  const box = $('tree');
  if (!d) return;
  const frag = document.createDocumentFragment();
  if (d.n <= 1 || d.grandTotal === 0) {
    frag.appendChild(el('div', 'empty-note', 'No samples in this view yet.'));
  } else {
    add(d, 0, frag, ctx);
  }
  box.replaceChildren(frag);
}

export async function load(state, ctx) {
  const d = await flame.get(state, ctx.signal);
  current = d;
  const filterKey = JSON.stringify(d.filter);
  if (autoExpandedFor !== filterKey) { openHotPath(d); autoExpandedFor = filterKey; }
  render(ctx);
}
