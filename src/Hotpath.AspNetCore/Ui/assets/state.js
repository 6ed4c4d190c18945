// The page's state, kept in location.hash so a reload or a shared link keeps the view.

const DEFAULTS = {
  tab: 'functions', scope: 'requests', endpoint: '', request: '', measure: 'cpu', jmc: 'false', fn: '',
  sort: 'self', dir: '', limit: '50', filter: '', regex: 'false', live: 'true',
};
export const TABS = ['functions', 'tree', 'callers', 'flame', 'requests', 'endpoints'];
const SORTS = ['self', 'total', 'name', 'module', 'file'];

export function naturalDir(sort) { return sort === 'self' || sort === 'total' ? 'desc' : 'asc'; }

export function readState() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  const s = {};
  for (const k of Object.keys(DEFAULTS)) s[k] = p.has(k) ? p.get(k) : DEFAULTS[k];
  if (TABS.indexOf(s.tab) < 0) s.tab = DEFAULTS.tab;
  if (s.scope !== 'process') s.scope = 'requests';
  if (s.measure !== 'wait') s.measure = 'cpu';
  if (!/^\d{1,18}$/.test(s.request)) s.request = '';
  if (!/^\d{1,9}$/.test(s.fn)) s.fn = '';
  if (SORTS.indexOf(s.sort) < 0) s.sort = DEFAULTS.sort;
  if (s.dir !== 'asc' && s.dir !== 'desc') s.dir = naturalDir(s.sort);
  if (['50', '100', 'all'].indexOf(s.limit) < 0) s.limit = DEFAULTS.limit;
  s.regex = s.regex === 'true' ? 'true' : 'false';
  s.jmc = s.jmc === 'true' ? 'true' : 'false';
  s.live = s.live === 'false' ? 'false' : 'true';
  return s;
}

export function writeState(state) {
  const p = new URLSearchParams();
  for (const k of Object.keys(DEFAULTS)) {
    const def = k === 'dir' ? naturalDir(state.sort) : DEFAULTS[k];
    if (state[k] !== def) p.set(k, state[k]);
  }
  const hash = p.toString();
  // replaceState: no history entry per keystroke, and no hashchange event back to us.
  history.replaceState(null, '', location.pathname + location.search + (hash ? '#' + hash : ''));
}

/** The query every view shares: scope, endpoint, request, measure (and jmc for the tree views). */
export function viewQuery(state, withJmc) {
  const p = new URLSearchParams();
  p.set('scope', state.scope);
  if (state.endpoint) p.set('endpoint', state.endpoint);
  if (state.request) p.set('request', state.request);
  if (state.measure !== 'cpu') p.set('measure', state.measure);
  if (withJmc && state.jmc === 'true') p.set('jmc', 'true');
  return p;
}
