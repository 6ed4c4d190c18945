// Flame graph tab: a canvas renderer over the depth-first arrays of api/flame (root on top, callees below).
// Canvas, not DOM: 50,000 nodes would be 50,000 elements; the canvas draws only what is at least half a pixel wide.
import { $, el, fmtInt, fmtMs, fmtPct } from './util.js';
import * as flame from './flamedata.js';

const viewKey = (s) => [s.scope, s.endpoint, s.request, s.measure, s.jmc];

const ROW = 17;
const FONT = '11px ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace';
const CHAR_W = 6.7; // advance of the monospace font at 11px, close enough to truncate labels without measuring each
let d = null;
let zoom = 0;          // entry index the view is zoomed to
let search = '';
let hits = null;       // Uint8Array: 1 where the entry matches the search
let drawn = [];        // per depth: [entry, x0, x1, …] of what was drawn, for hit testing
let ctxRef = null;
let selected = -1;

function color(i) {
  const m = flame.moduleOf(d, i);
  const name = flame.nameOf(d, i);
  let h = 0;
  for (let c = 0; c < name.length; c += 3) h = (h * 31 + name.charCodeAt(c)) | 0;
  const v = Math.abs(h % 20);
  if (d.frame[i] < 0) return '#b8c2cc';
  if (m.startsWith('System') || m.startsWith('Microsoft') || m === '') return 'hsl(' + (200 + v) + ',45%,' + (72 + v / 4) + '%)';
  if (m.startsWith('Hotpath') && !m.startsWith('Hotpath.Demo')) return 'hsl(' + (270 + v) + ',35%,78%)';
  return 'hsl(' + (18 + v) + ',85%,' + (62 + v / 3) + '%)';
}

function computeHits() {
  hits = null;
  const q = search.trim().toLowerCase();
  if (!d || !q) { $('flame-hits').textContent = ''; return; }
  hits = new Uint8Array(d.n);
  const frameHit = new Uint8Array(d.display.length);
  for (let f = 0; f < d.display.length; f++) {
    frameHit[f] = d.display[f].toLowerCase().indexOf(q) >= 0 || d.name[f].toLowerCase().indexOf(q) >= 0 ? 1 : 0;
  }
  // Matched samples: totals of matching entries that have no matching ancestor (so nesting is not counted twice).
  let matched = 0;
  let coveredUntil = -1;
  for (let i = 0; i < d.n; i++) {
    if (d.frame[i] >= 0 && frameHit[d.frame[i]]) {
      hits[i] = 1;
      if (i >= coveredUntil) { matched += d.total[i]; coveredUntil = d.end[i]; }
    }
  }
  $('flame-hits').textContent = 'matches ' + fmtPct(d.grandTotal ? matched * 100 / d.grandTotal : 0) + ' of samples (' + fmtMs(matched * d.intervalMs) + ')';
}

export function draw() {
  const canvas = $('flame-canvas');
  const wrap = $('flame-wrap');
  if (!d) return;
  const t0 = performance.now();
  const width = Math.max(200, wrap.clientWidth);
  const height = (d.maxDepth + 1) * ROW + 2;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(width * ratio);
  canvas.height = Math.floor(height * ratio);
  canvas.style.width = width + 'px';
  canvas.style.height = height + 'px';
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = FONT;
  g.textBaseline = 'middle';
  drawn = [];
  for (let k = 0; k <= d.maxDepth; k++) drawn.push([]);
  if (d.n === 0 || d.total[zoom] === 0) return;
  const x0 = d.x[zoom];
  const span = d.total[zoom];
  const scale = width / span;
  const zoomDepth = d.depth[zoom];
  for (let i = 0; i < d.n;) {
    const depth = d.depth[i];
    // Outside the zoomed window (or on its ancestors' siblings): skip the whole subtree.
    const left = (d.x[i] - x0) * scale;
    const w = d.total[i] * scale;
    const ancestor = i < zoom && d.end[i] > zoom;
    if (!ancestor && (i < zoom || i >= d.end[zoom])) { i = d.end[i]; continue; }
    if (w < 0.5 && !ancestor) { i = d.end[i]; continue; }
    const px = ancestor ? 0 : left;
    const pw = ancestor ? width : w;
    const y = depth * ROW;
    const dim = hits && !hits[i];
    g.fillStyle = hits && hits[i] ? '#e34bbf' : color(i);
    g.globalAlpha = dim ? 0.35 : (ancestor && i !== zoom ? 0.7 : 1);
    g.fillRect(px, y, Math.max(0.5, pw - 0.5), ROW - 1);
    if (i === selected) { g.strokeStyle = '#1f2328'; g.lineWidth = 1.5; g.strokeRect(px + 0.75, y + 0.75, Math.max(0.5, pw - 2), ROW - 2.5); }
    if (pw > 24) {
      const label = flame.displayOf(d, i);
      const chars = Math.floor((pw - 6) / CHAR_W);
      g.globalAlpha = dim ? 0.5 : 1;
      g.fillStyle = '#1f2328';
      g.fillText(chars >= label.length ? label : label.slice(0, Math.max(1, chars - 1)) + '…', px + 3, y + ROW / 2);
    }
    g.globalAlpha = 1;
    drawn[depth].push(i, px, px + pw);
    i++;
  }
  void zoomDepth;
  document.body.dataset.flameDrawMs = (performance.now() - t0).toFixed(1);
  document.body.dataset.flameZoom = String(d.node[zoom]);
}

function entryAt(ev) {
  const canvas = $('flame-canvas');
  const r = canvas.getBoundingClientRect();
  const x = ev.clientX - r.left, y = ev.clientY - r.top;
  const depth = Math.floor(y / ROW);
  const list = drawn[depth];
  if (!list) return -1;
  for (let k = 0; k < list.length; k += 3) if (x >= list[k + 1] && x < list[k + 2]) return list[k];
  return -1;
}

function tooltip(ev, i) {
  const tip = $('flame-tip');
  if (i < 0) { tip.hidden = true; return; }
  const total = d.total[i], self = d.self[i];
  tip.replaceChildren(
    el('div', 'tip-name', flame.displayOf(d, i)),
    el('div', 'tip-full', flame.nameOf(d, i)),
    el('div', 'tip-mod', flame.moduleOf(d, i)),
    el('div', 'tip-num', 'total ' + fmtMs(total * d.intervalMs) + ' · ' + fmtInt(total) + ' samples · ' + fmtPct(d.grandTotal ? total * 100 / d.grandTotal : 0)),
    el('div', 'tip-num', 'self ' + fmtMs(self * d.intervalMs) + ' · ' + fmtInt(self) + ' samples'));
  tip.hidden = false;
  const wrap = $('flame-wrap').getBoundingClientRect();
  const left = Math.min(ev.clientX - wrap.left + 14, wrap.width - 360);
  tip.style.left = Math.max(0, left) + 'px';
  tip.style.top = (ev.clientY - wrap.top + 16) + 'px';
}

function details(i) {
  const box = $('flame-selected');
  if (i < 0 || !d) { box.replaceChildren(); return; }
  const name = el('span', 'sel-name', flame.displayOf(d, i));
  name.title = flame.nameOf(d, i);
  const parts = [el('span', 'label', 'Selected: '), name,
    el('span', 'sel-num', ' total ' + fmtMs(d.total[i] * d.intervalMs) + ', self ' + fmtMs(d.self[i] * d.intervalMs))];
  if (d.frame[i] >= 0) {
    const b = el('button', 'link', 'callers and callees');
    b.type = 'button';
    b.id = 'flame-callers';
    b.addEventListener('click', () => ctxRef.selectFunction(d.frameId[d.frame[i]]));
    parts.push(b);
  }
  box.replaceChildren(...parts);
}

let stateRef = null;

function hiddenBelow(i) {
  let h = 0;
  for (let j = i; j < d.end[i]; j++) h += d.hidden[j];
  return h;
}

async function zoomTo(i) {
  if (i >= 0 && stateRef && hiddenBelow(i) > 0 && d.node[i] !== d.root) {
    // The server left out what was too small to draw at the old zoom: ask for this frame's subtree in full detail.
    const wanted = d.node[i];
    try {
      const next = await flame.get(stateRef, undefined, wanted);
      next.filterKey = JSON.stringify(viewKey(stateRef));
      d = next;
      i = -1;
      for (let j = 0; j < d.n; j++) if (d.node[j] === wanted) { i = j; break; }
      computeHits();
    } catch (err) {
      ctxRef.showError(err.message || String(err));
    }
  } else if (i < 0 && d.root !== 0 && stateRef) {
    const next = await flame.get(stateRef, undefined, 0);
    next.filterKey = JSON.stringify(viewKey(stateRef));
    d = next;
    computeHits();
  }
  zoom = i < 0 ? 0 : i;
  selected = i;
  $('flame-reset').disabled = zoom === 0;
  details(i);
  draw();
}

export function init(ctx) {
  ctxRef = ctx;
  const canvas = $('flame-canvas');
  canvas.addEventListener('mousemove', (ev) => { if (d) tooltip(ev, entryAt(ev)); });
  canvas.addEventListener('mouseleave', () => { $('flame-tip').hidden = true; });
  canvas.addEventListener('click', (ev) => { if (d) { const i = entryAt(ev); if (i >= 0) zoomTo(i); } });
  $('flame-reset').addEventListener('click', () => zoomTo(-1));
  let timer = null;
  $('flame-search').addEventListener('input', (ev) => {
    clearTimeout(timer);
    const v = ev.target.value;
    timer = setTimeout(() => { search = v; computeHits(); draw(); }, 120);
  });
  window.addEventListener('resize', () => { if (!$('panel-flame').hidden) draw(); });
}

export async function load(state, ctx) {
  stateRef = state;
  const next = await flame.get(state, ctx.signal, d && d.filterKey === JSON.stringify(viewKey(state)) ? d.root : 0);
  next.filterKey = JSON.stringify(viewKey(state));
  if (next !== d) {
    // Keep the zoom on the same node across live updates when it still exists.
    const zoomNode = d ? d.node[zoom] : 0;
    d = next;
    zoom = 0;
    selected = -1;
    if (zoomNode > 0) for (let i = 0; i < d.n; i++) if (d.node[i] === zoomNode) { zoom = i; selected = i; break; }
    $('flame-reset').disabled = zoom === 0;
    details(selected);
    computeHits();
  }
  draw();
  $('flame-empty').hidden = d.grandTotal > 0;
}
