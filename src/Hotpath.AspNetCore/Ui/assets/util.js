// Shared helpers. Everything from the server is written with textContent or attributes, never parsed as HTML.

export const $ = (id) => document.getElementById(id);

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

export function fmtInt(n) { return typeof n === 'number' ? n.toLocaleString('en-US') : '—'; }

export function fmtMs(ms) {
  if (typeof ms !== 'number' || !isFinite(ms)) return '—';
  if (ms < 1) return ms.toFixed(2) + ' ms';
  if (ms < 1000) return (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0)) + ' ms';
  const s = ms / 1000;
  if (s < 60) return s.toFixed(s < 10 ? 2 : 1) + ' s';
  const min = Math.floor(s / 60), sec = Math.floor(s % 60);
  if (min < 60) return min + ' min ' + sec + ' s';
  return Math.floor(min / 60) + ' h ' + (min % 60) + ' min';
}

export function fmtPct(p) { return (typeof p === 'number' && isFinite(p) ? p : 0).toFixed(1) + '%'; }

/** Samples with the time they stand for: "146 (1.46 s)". */
export function samplesAndTime(samples, intervalMs) {
  return fmtInt(samples) + ' (' + fmtMs(samples * (intervalMs || 0)) + ')';
}

const etags = new Map(); // url -> { etag, data }

/**
 * GETs JSON. With reuse=true an ETag seen before is sent back, and a 304 answers with the data kept from last time.
 * Errors carry the server's own message ({ error }) when there is one; err.status holds the HTTP status.
 */
export async function getJson(url, { signal, reuse = false } = {}) {
  const headers = { Accept: 'application/json' };
  const kept = reuse ? etags.get(url) : null;
  if (kept) headers['If-None-Match'] = kept.etag;
  const res = await fetch(url, { headers, cache: 'no-store', signal, credentials: 'same-origin' });
  if (res.status === 304 && kept) return kept.data;
  const body = await res.text();
  let json = null;
  try { json = body ? JSON.parse(body) : null; } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const err = new Error(json && json.error ? json.error : 'Request failed: HTTP ' + res.status + (res.statusText ? ' ' + res.statusText : ''));
    err.status = res.status;
    throw err;
  }
  if (json === null) throw new Error('The server returned an unreadable response.');
  const etag = res.headers.get('ETag');
  if (reuse && etag) {
    if (etags.size > 50) etags.clear();
    etags.set(url, { etag, data: json });
  }
  return json;
}

/** A percentage bar cell content: track + bar + label. */
export function pctBar(pct, cls) {
  const wrap = el('span', 'pctwrap' + (cls ? ' ' + cls : ''));
  const track = el('span', 'track');
  const bar = el('span', 'bar');
  bar.style.width = Math.max(0, Math.min(100, pct || 0)) + '%';
  track.appendChild(bar);
  wrap.appendChild(track);
  wrap.appendChild(el('span', 'pct', fmtPct(pct)));
  return wrap;
}
