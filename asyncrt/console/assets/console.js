// asyncrt console. Every value that comes from the program (task names,
// functions, file paths) is written with textContent, never as markup; the
// server's Content-Security-Policy forbids inline scripts besides.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const SVG = 'http://www.w3.org/2000/svg';
  let sortKey = 'id', sortDir = 1, updates = 0, last = null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function dur(ns) {
    if (ns < 1e3) return ns + 'ns';
    const units = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs']];
    for (const [d, u] of units) {
      if (ns >= d) {
        const v = ns / d;
        return (v >= 10 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '')) + u;
      }
    }
  }

  function num(n) { return Number(n).toLocaleString('en-US'); }

  function summary(s) {
    const m = s.summary;
    const local = m.localQueueDepths || [];
    const items = [
      ['Workers', m.workers],
      ['Live tasks', num(m.tasksLive)],
      ['Spawned', num(m.tasksSpawned)],
      ['Completed', num(m.tasksCompleted)],
      ['Aborted / panicked', num(m.tasksAborted) + ' / ' + num(m.tasksPanicked)],
      ['Polls / s', num(Math.round(m.pollsPerSecond))],
      ['Polls', num(m.polls)],
      ['Steals (ops)', num(m.steals) + ' (' + num(m.stealOps) + ')'],
      ['Parks', num(m.parks)],
      ['Injection queue', num(m.injectionQueueDepth)],
      ['Local queues', local.join(' · ') || '–'],
      ['Timers', num(m.timers)],
      ['Blocking threads', m.blockingThreads + ' (' + m.blockingIdleThreads + ' idle), queue ' + m.blockingQueueDepth],
      ['Long polls', num(m.longPolls)],
      ['Lost wakers', num(m.lostWakers)],
      ['Long-poll threshold', m.longPollThresholdNanos ? dur(m.longPollThresholdNanos) : 'off'],
    ];
    const dl = $('summary');
    dl.replaceChildren();
    for (const [k, v] of items) {
      const d = el('div');
      d.append(el('dt', '', k), el('dd', '', v));
      dl.append(d);
    }
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function histogram(s) {
    const h = s.histogram || [];
    const box = $('histogram');
    box.replaceChildren();
    const W = 660, H = 170, left = 34, bottom = 26, top = 6;
    const bw = (W - left - 4) / Math.max(h.length, 1);
    const max = Math.max(1, ...h.map((b) => b.count));
    const scale = (c) => (c > 0 ? Math.log10(1 + c) / Math.log10(1 + max) : 0) * (H - top - bottom);
    box.append(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W, y2: H - bottom }));
    box.append(svg('text', { x: left - 4, y: top + 8, 'text-anchor': 'end' }, num(max)));
    box.append(svg('text', { x: left - 4, y: H - bottom, 'text-anchor': 'end' }, '0'));
    h.forEach((b, i) => {
      const x = left + i * bw, bh = scale(b.count);
      const r = svg('rect', { class: 'bar', x: x + 1, y: H - bottom - bh, width: Math.max(bw - 2, 1), height: bh });
      r.append(svg('title', {}, b.label + ': ' + num(b.count) + ' polls'));
      box.append(r);
      if (i % 3 === 0 || i === h.length - 1) {
        box.append(svg('text', { x: x + bw / 2, y: H - bottom + 14, 'text-anchor': 'middle' }, b.label));
      }
    });
  }

  const kindNames = {
    'long-poll': 'Long poll',
    'lost-waker': 'Lost waker',
    'self-wakes': 'Mostly self-wakes',
    'never-yielded': 'Never yielded',
  };

  function warnings(s) {
    const ws = s.warnings || [];
    const ul = $('warnings');
    ul.replaceChildren();
    $('no-warnings').hidden = ws.length > 0;
    $('warning-count').textContent = ws.length ? '(' + ws.length + ')' : '';
    for (const w of ws) {
      const li = el('li', w.kind + (w.ongoing ? ' ongoing' : ' past'));
      li.dataset.kind = w.kind;
      li.dataset.taskId = w.taskId;
      const head = el('div');
      head.append(el('span', 'kind', kindNames[w.kind] || w.kind));
      head.append(el('span', 'task', 'task ' + w.taskId + (w.taskName ? ' ' + w.taskName : '')));
      if (w.durationNanos) head.append(el('span', 'dur', ' · ' + dur(w.durationNanos)));
      if (!w.live) head.append(el('span', 'muted', ' · finished'));
      li.append(head);
      li.append(el('div', 'msg', w.message));
      if (w.location) li.append(el('div', 'loc', 'spawned at ' + w.location + (w.function ? ' by ' + w.function : '')));
      const checks = el('div', 'checks');
      checks.append(el('span', 'muted', 'caught statically by: '));
      for (const c of w.checks || []) {
        const a = el('a', 'check', c.name);
        if (/^https?:\/\//.test(c.url)) a.href = c.url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        checks.append(a);
      }
      li.append(checks);
      ul.append(li);
    }
  }

  const columns = [
    ['id', (t) => t.id, 'num'],
    ['name', (t) => t.name + (t.blocking ? ' [blocking]' : '') + (t.aborted ? ' [aborting]' : ''), 'name'],
    ['location', (t) => t.location, 'loc'],
    ['state', (t) => t.state, 'state'],
    ['polls', (t) => num(t.polls), 'num'],
    ['busyNanos', (t) => dur(t.busyNanos), 'num'],
    ['idleNanos', (t) => dur(t.idleNanos), 'num'],
    ['wakes', (t) => num(t.wakes), 'num'],
    ['selfWakes', (t) => num(t.selfWakes), 'num'],
    ['liveWakers', (t) => (t.liveWakers < 0 ? '–' : t.liveWakers), 'num'],
  ];

  function tasks(s) {
    const ts = (s.tasks || []).slice();
    const numeric = document.querySelector('th[data-key="' + sortKey + '"]').dataset.type === 'num';
    ts.sort((a, b) => {
      let x = a[sortKey], y = b[sortKey];
      if (!numeric) { x = String(x); y = String(y); }
      return (x < y ? -1 : x > y ? 1 : a.id - b.id) * sortDir;
    });
    const warned = new Set((s.warnings || []).filter((w) => w.ongoing).map((w) => w.taskId));
    const tbody = document.querySelector('#tasks tbody');
    tbody.replaceChildren();
    for (const t of ts) {
      const tr = el('tr', t.state + (warned.has(t.id) ? ' warn' : ''));
      tr.dataset.taskId = t.id;
      for (const [, get, cls] of columns) tr.append(el('td', cls, get(t)));
      tr.cells[2].title = t.function || '';
      tbody.append(tr);
    }
    $('task-count').textContent = '(' + s.tasksTotal + (s.tasksTotal > ts.length ? ', first ' + ts.length + ' shown' : '') + ')';
    for (const th of document.querySelectorAll('#tasks th')) {
      th.classList.toggle('asc', th.dataset.key === sortKey && sortDir > 0);
      th.classList.toggle('desc', th.dataset.key === sortKey && sortDir < 0);
    }
  }

  function render(s) {
    summary(s);
    histogram(s);
    warnings(s);
    tasks(s);
  }

  for (const th of document.querySelectorAll('#tasks th')) {
    th.addEventListener('click', () => {
      if (sortKey === th.dataset.key) sortDir = -sortDir;
      else { sortKey = th.dataset.key; sortDir = th.dataset.type === 'num' && sortKey !== 'id' ? -1 : 1; }
      if (last) tasks(last);
    });
  }

  // Server-Sent Events: the server pushes a snapshot per update; the
  // browser reconnects by itself when the stream drops.
  const status = $('status');
  const es = new EventSource('events');
  es.addEventListener('snapshot', (ev) => {
    last = JSON.parse(ev.data);
    render(last);
    updates++;
    document.body.dataset.updates = updates;
    status.textContent = 'live';
    status.className = 'status live';
  });
  es.addEventListener('error', () => {
    status.textContent = 'disconnected, retrying…';
    status.className = 'status down';
  });
})();
