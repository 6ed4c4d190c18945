// One fetch of api/flame feeds the call tree and the flame graph: depth-first arrays, decoded once into typed arrays.
import { getJson } from './util.js';
import { viewQuery } from './state.js';

let cached = null; // { url, raw, data }

export function url(state, node) {
  const q = viewQuery(state, true);
  if (node) q.set('node', String(node));
  return 'api/flame?' + q.toString();
}

/**
 * The decoded flame data for the state's filter, from node (default: the root) down; reuses the last decode when the
 * server says nothing changed.
 */
export async function get(state, signal, node) {
  const u = url(state, node);
  const raw = await getJson(u, { signal, reuse: true });
  if (cached && cached.url === u && cached.raw === raw) return cached.data;
  const data = decode(raw);
  cached = { url: u, raw, data };
  return data;
}

export function decode(raw) {
  const e = raw.entries;
  const n = e.node.length;
  const depth = Int32Array.from(e.depth);
  const total = Float64Array.from(e.total);
  const self = Float64Array.from(e.self);
  const frame = Int32Array.from(e.frame);
  const node = Int32Array.from(e.node);
  const x = new Float64Array(n);   // left edge in samples
  const end = new Int32Array(n);   // one past the last entry of the subtree
  const parent = new Int32Array(n);
  let maxDepth = 0;
  const nextX = [0];
  const open = []; // entries whose subtree is still open, by depth
  for (let i = 0; i < n; i++) {
    const d = depth[i];
    while (open.length > d) end[open.pop()] = i;
    parent[i] = d > 0 ? open[d - 1] : -1;
    x[i] = nextX[d] || 0;
    nextX[d] = x[i] + total[i];
    nextX[d + 1] = x[i];
    open.push(i);
    if (d > maxDepth) maxDepth = d;
  }
  while (open.length) end[open.pop()] = n;
  // Samples in subtrees the server left out as too small to draw (they still count in the parent's total).
  const hidden = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    hidden[i] += total[i] - self[i];
    if (parent[i] >= 0) hidden[parent[i]] -= total[i];
  }
  const f = raw.frames;
  return {
    n, depth, total, self, frame, node, x, end, parent, maxDepth, hidden, root: raw.root || 0,
    frameId: f.id, name: f.name, display: f.display, module: f.module,
    grandTotal: raw.total, intervalMs: raw.intervalMs || 0, filter: raw.filter,
  };
}

export function displayOf(d, i) { return d.frame[i] < 0 ? 'all samples' : d.display[d.frame[i]]; }

export function nameOf(d, i) { return d.frame[i] < 0 ? '[root]' : d.name[d.frame[i]]; }

export function moduleOf(d, i) { return d.frame[i] < 0 ? '' : d.module[d.frame[i]]; }
