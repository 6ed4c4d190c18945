// Hotpath error log page. Plain DOM only: every value from the server is written with textContent or as an
// attribute, never parsed as HTML (messages, paths and headers are attacker-controlled).
(function () {
  'use strict';

  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function when(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
  }

  function banner(text) {
    var b = $('banner');
    b.textContent = text || '';
    b.hidden = !text;
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error(body.error || (url + ' answered ' + r.status));
        return body;
      });
    });
  }

  function showStore(store) {
    var s = $('store');
    if (!store || !store.configured) {
      s.textContent = 'kept in memory only';
      s.className = 'store';
      return;
    }
    s.textContent = 'store ' + store.path + ': ' + store.state + ', ' + store.written + ' written, ' + store.dropped + ' dropped' +
      (store.error ? ' — ' + store.error : '');
    s.className = 'store' + (store.state === 'ok' ? '' : ' failing');
  }

  function loadList() {
    return getJson('api/errors').then(function (body) {
      banner('');
      showStore(body.store);
      var tbody = $('groups').querySelector('tbody');
      clear(tbody);
      body.errors.forEach(function (g) {
        var tr = el('tr');
        tr.tabIndex = 0;
        tr.setAttribute('data-id', g.id);
        tr.appendChild(el('td', g.type, 'mono'));
        tr.appendChild(el('td', g.message));
        tr.appendChild(el('td', g.site, 'mono'));
        tr.appendChild(el('td', g.count, 'num'));
        tr.appendChild(el('td', when(g.lastSeen)));
        tr.appendChild(el('td', g.handledBy));
        var open = function () { location.hash = 'id=' + encodeURIComponent(g.id); };
        tr.addEventListener('click', open);
        tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') open(); });
        tbody.appendChild(tr);
      });
      $('count').textContent = body.errors.length === 0 ? 'No errors recorded.' : body.errors.length + ' error group(s), most recent first.';
    });
  }

  function fact(dl, name, value) {
    if (value === undefined || value === null || value === '') return;
    dl.appendChild(el('dt', name));
    dl.appendChild(el('dd', value));
  }

  function loadDetail(id) {
    return getJson('api/errors/' + encodeURIComponent(id)).then(function (g) {
      banner('');
      $('d-type').textContent = g.type;
      $('d-message').textContent = g.message;
      var facts = $('d-facts');
      clear(facts);
      fact(facts, 'Thrown at', g.site);
      fact(facts, 'Count', g.count);
      fact(facts, 'First seen', when(g.firstSeen));
      fact(facts, 'Last seen', when(g.lastSeen));
      fact(facts, 'Handled by', g.handledBy);
      $('d-kept').textContent = '(' + g.occurrences.length + ' kept)';
      var list = $('occurrences');
      clear(list);
      g.occurrences.forEach(function (o) { list.appendChild(occurrence(o)); });
    });
  }

  function occurrence(o) {
    var box = el('article', null, 'occurrence');
    var r = o.request || {};
    box.appendChild(el('h4', when(o.at) + ' · ' + r.method + ' ' + r.path + (r.query || '') + ' → ' + r.status));
    var dl = el('dl', null, 'facts');
    fact(dl, 'Handled by', o.handledBy);
    fact(dl, 'Endpoint', r.endpoint);
    fact(dl, 'User', r.user);
    fact(dl, 'Trace id', r.traceId);
    fact(dl, 'Request id', o.requestId);
    box.appendChild(dl);

    var headers = el('details');
    headers.appendChild(el('summary', 'Request headers'));
    var table = el('table');
    Object.keys(r.headers || {}).forEach(function (name) {
      var tr = el('tr');
      tr.appendChild(el('td', name, 'mono'));
      tr.appendChild(el('td', r.headers[name], 'mono'));
      table.appendChild(tr);
    });
    headers.appendChild(table);
    box.appendChild(headers);

    var stack = el('details');
    stack.open = true;
    stack.appendChild(el('summary', 'Stack trace'));
    stack.appendChild(el('pre', o.stackTrace, 'stack'));
    box.appendChild(stack);

    if (o.requestId) {
      var links = el('p');
      var profile = el('a', 'Profile of this request');
      profile.href = 'index.html#request=' + encodeURIComponent(o.requestId);
      var pipe = el('button', 'Show pipeline');
      pipe.type = 'button';
      pipe.className = 'show-pipeline';
      var holder = el('div', null, 'pipeline-holder');
      pipe.addEventListener('click', function () { loadPipeline(o.requestId, holder, pipe); });
      links.appendChild(profile);
      links.appendChild(document.createTextNode(' '));
      links.appendChild(pipe);
      box.appendChild(links);
      box.appendChild(holder);
    }
    return box;
  }

  function loadPipeline(requestId, holder, button) {
    button.disabled = true;
    getJson('api/requests/' + encodeURIComponent(requestId) + '/pipeline').then(function (p) {
      clear(holder);
      var table = el('table', null, 'pipeline');
      var head = el('tr');
      ['#', 'Middleware', 'Before next (ms)', 'After next (ms)', 'Called next', 'Exception out', 'Caught'].forEach(function (h) { head.appendChild(el('th', h)); });
      table.appendChild(head);
      p.middleware.forEach(function (m) {
        var tr = el('tr');
        tr.appendChild(el('td', m.order, 'num'));
        tr.appendChild(el('td', m.name, 'mono indent-' + Math.min(m.depth || 0, 8)));
        tr.appendChild(el('td', m.beforeMs, 'num'));
        tr.appendChild(el('td', m.afterMs, 'num'));
        tr.appendChild(el('td', m.calledNext ? 'yes' : 'no'));
        tr.appendChild(el('td', m.exception || '', 'exc mono'));
        tr.appendChild(el('td', m.handled || '', 'handled mono'));
        table.appendChild(tr);
      });
      holder.appendChild(table);
      holder.setAttribute('data-loaded', 'true');
    }).catch(function (e) {
      clear(holder);
      holder.appendChild(el('p', 'Pipeline not available: ' + e.message, 'muted'));
      holder.setAttribute('data-loaded', 'error');
    }).then(function () { button.disabled = false; });
  }

  function route() {
    var m = /^#id=(.+)$/.exec(location.hash);
    var detail = !!m;
    $('list-view').hidden = detail;
    $('detail-view').hidden = !detail;
    document.body.setAttribute('data-loaded', 'false');
    var work = detail ? loadDetail(decodeURIComponent(m[1])) : loadList();
    work.catch(function (e) { banner(e.message); }).then(function () {
      document.body.setAttribute('data-loaded', 'true');
      document.body.setAttribute('data-view', detail ? 'detail' : 'list');
    });
  }

  $('refresh').addEventListener('click', route);
  $('back').addEventListener('click', function (e) { e.preventDefault(); location.hash = ''; });
  window.addEventListener('hashchange', route);
  route();
})();
