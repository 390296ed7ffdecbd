// Hooky Live Logs: talks only to the admin JSON API, with the token in an Authorization header
// (kept in sessionStorage, never a cookie, so no other site can make this page act).
(function () {
  'use strict';
  const TOKEN_KEY = 'hooky-admin-token';
  const $ = (selector) => document.querySelector(selector);
  let token = null;
  let cursor = null;
  let selected = null;

  function takeToken() {
    const params = new URLSearchParams(location.search);
    if (params.has('token')) {
      sessionStorage.setItem(TOKEN_KEY, params.get('token'));
      params.delete('token');
      const rest = params.toString();
      history.replaceState(null, '', location.pathname + (rest ? '?' + rest : ''));
    }
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(path, options) {
    const response = await fetch('api' + path, Object.assign({}, options, {
      headers: { Authorization: 'Bearer ' + token }
    }));
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showAuth();
      throw new Error('unauthorized');
    }
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body.error || response.statusText);
    }
    return body;
  }

  function text(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : '';
  }

  function row(delivery) {
    const tr = document.createElement('tr');
    tr.dataset.eventId = delivery.eventId;
    const cells = [time(delivery.receivedAt), delivery.event, delivery.channel,
      delivery.customerId, delivery.status, delivery.attempts,
      delivery.handlerMillis ? delivery.handlerMillis.toFixed(1) + ' ms' : ''];
    cells.forEach((value, index) => {
      const td = document.createElement('td');
      td.textContent = text(value);
      if (index === 4) {
        td.className = 'status ' + text(value);
      }
      tr.appendChild(td);
    });
    tr.title = delivery.eventId;
    tr.addEventListener('click', () => showDetail(delivery.eventId));
    return tr;
  }

  function filterQuery() {
    const form = new FormData($('#filters'));
    const params = new URLSearchParams();
    for (const name of ['event', 'status', 'customer', 'since', 'until']) {
      const value = form.get(name);
      if (value) {
        params.set(name, value);
      }
    }
    if (form.get('search')) {
      params.set('q', form.get('search'));
    }
    return params;
  }

  async function load(append) {
    const params = filterQuery();
    if (append && cursor) {
      params.set('cursor', cursor);
    }
    const page = await api('/deliveries?' + params);
    const tbody = $('#deliveries');
    if (!append) {
      tbody.textContent = '';
    }
    page.deliveries.forEach((d) => tbody.appendChild(row(d)));
    cursor = page.nextCursor;
    $('#more').hidden = !cursor;
  }

  async function refreshRow(eventId) {
    const delivery = await api('/deliveries/' + encodeURIComponent(eventId));
    const existing = document.querySelector('tr[data-event-id="' + CSS.escape(eventId) + '"]');
    const fresh = row(delivery);
    fresh.classList.add('fresh');
    if (existing) {
      existing.replaceWith(fresh);
    } else {
      $('#deliveries').prepend(fresh);
    }
    if (selected === eventId) {
      renderDetail(delivery);
    }
  }

  // Streamed events are refreshed together, a few times a second at most: a flood of events
  // must not become a flood of requests from every open page.
  const pending = new Set();
  let refreshTimer = null;

  function refreshSoon(eventId) {
    pending.add(eventId);
    if (!refreshTimer) {
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        const ids = Array.from(pending);
        pending.clear();
        if (ids.length > 20) {
          load(false).catch(() => {});
        } else {
          ids.forEach((id) => refreshRow(id).catch(() => {}));
        }
      }, 250);
    }
  }

  async function showDetail(eventId) {
    selected = eventId;
    renderDetail(await api('/deliveries/' + encodeURIComponent(eventId)));
  }

  function renderDetail(d) {
    const pane = $('#detail');
    pane.hidden = false;
    pane.textContent = '';
    const title = document.createElement('h2');
    title.textContent = d.event + ' · ' + d.eventId;
    pane.appendChild(title);
    const quarantined = d.status === 'quarantined';
    const facts = document.createElement('dl');
    [['status', d.status], ['quarantined because', quarantined ? d.quarantineReason : ''],
      ['attempts', d.attempts], ['received', d.receivedAt],
      ['handled', d.handledAt], ['next attempt', d.status === 'retrying' ? d.nextAttemptAt : ''],
      ['last error', quarantined ? '' : d.lastError], ['replays', d.replays],
      ['body bytes', d.bodyLength]]
      .filter(([, value]) => text(value) !== '')
      .forEach(([name, value]) => {
        const dt = document.createElement('dt');
        dt.textContent = name;
        const dd = document.createElement('dd');
        dd.textContent = text(value);
        facts.append(dt, dd);
      });
    pane.appendChild(facts);
    if (quarantined) {
      const note = document.createElement('p');
      note.className = 'note';
      note.textContent = 'Authentic, but its body did not become a typed event: kept as it came,'
        + ' never handed to handlers. A replay parses it again with the running version.';
      pane.appendChild(note);
    }
    const v = d.verification || {};
    addBlock(pane, 'Verification', [
      v.keyMatched ? 'signed with key ' + v.keyMatched + ' of ' + v.keys
        : 'no configured key matches now (' + v.keys + ' configured)',
      v.skewSeconds === undefined ? 'no timestamp'
        : 'timestamp ' + v.skewSeconds + ' s old on arrival (tolerance '
          + (v.toleranceSeconds ? v.toleranceSeconds + ' s' : 'off') + ')',
      'body ' + text(d.bodyLength) + ' bytes, SHA-256 ' + text(v.bodySha256)].join('\n'));
    const replay = document.createElement('button');
    replay.id = 'replay';
    replay.textContent = 'Replay';
    replay.addEventListener('click', async () => {
      if (confirm('Replay ' + d.eventId + '? Every handler runs again.')) {
        await api('/deliveries/' + encodeURIComponent(d.eventId) + '/replay', { method: 'POST' });
        await refreshRow(d.eventId);
      }
    });
    pane.appendChild(replay);
    addBlock(pane, 'Attempts', (d.history || []).map((a) => a.handler === '(replay)'
      ? time(a.startedAt) + ' · replayed'
      : 'attempt ' + a.attempt + ' · ' + a.handler + ' · ' + a.durationMillis.toFixed(1) + ' ms'
        + (a.error ? ' · ' + a.error : ' · ok')).join('\n') || 'none yet');
    addBlock(pane, 'Headers', JSON.stringify(d.headers, null, 2));
    addBlock(pane, quarantined ? 'Body (raw, as received)' : 'Body',
      (typeof d.body === 'string' ? d.body : JSON.stringify(d.body, null, 2))
        + (d.bodyTruncated ? '\n… (only the first part is shown)' : ''));
  }

  function addBlock(pane, name, content) {
    const heading = document.createElement('h2');
    heading.textContent = name;
    const pre = document.createElement('pre');
    pre.textContent = content;
    pane.append(heading, pre);
  }

  async function loadRejections() {
    const list = $('#rejections');
    list.textContent = '';
    const { rejections } = await api('/rejections?limit=20');
    rejections.forEach(addRejection);
  }

  function addRejection(r, first) {
    const li = document.createElement('li');
    const details = [];
    if (r.skewSeconds !== undefined) {
      details.push('timestamp ' + r.skewSeconds + ' s old, tolerance ' + r.toleranceSeconds + ' s');
    }
    if (r.bodyLength >= 0) {
      details.push('body ' + r.bodyLength + ' bytes, SHA-256 ' + String(r.bodySha256).slice(0, 12) + '…');
    }
    li.textContent = time(r.at) + ' · ' + r.status + ' · ' + r.reason + ' · ' + r.remoteAddress
      + (details.length ? ' · ' + details.join(' · ') : '');
    if (first) {
      $('#rejections').prepend(li);
    } else {
      $('#rejections').appendChild(li);
    }
  }

  // The last hour at a glance: counts, and a bar chart drawn as SVG from /api/summary.
  const SVG = 'http://www.w3.org/2000/svg';
  const CHART_WIDTH = 600;
  const CHART_HEIGHT = 80;
  let summaryTimer = null;
  let summaryInterval = null;

  async function loadSummary() {
    const summary = await api('/summary');
    const t = summary.totals;
    const counts = $('#counts');
    counts.textContent = '';
    [['received', t.received + t.quarantined], ['handled', t.handled],
      ['retrying', t.retrying + (t.retryingMore ? '+' : '')],
      ['dead', t.dead + (t.deadMore ? '+' : '')], ['quarantined', t.quarantined],
      ['rejected', t.rejected]].forEach(([name, value]) => {
      const li = document.createElement('li');
      li.className = name;
      li.dataset.count = name;
      const number = document.createElement('b');
      number.textContent = String(value);
      const label = document.createElement('span');
      label.textContent = name;
      li.append(number, label);
      counts.appendChild(li);
    });
    // One more count per forwarding destination: delivered, and failed attempts if any.
    (summary.forwarded || []).forEach((destination) => {
      const li = document.createElement('li');
      li.className = 'forwarded';
      li.dataset.count = 'forwarded';
      li.dataset.destination = destination.destination;
      const number = document.createElement('b');
      number.textContent = String(destination.delivered)
          + (destination.failed ? ' (' + destination.failed + ' failed)' : '');
      const label = document.createElement('span');
      label.textContent = 'forwarded to ' + destination.destination;
      li.append(number, label);
      counts.appendChild(li);
    });
    drawChart(summary.minutes);
  }

  function drawChart(minutes) {
    const chart = $('#chart');
    chart.textContent = '';
    const slot = CHART_WIDTH / minutes.length;
    const deliveries = (m) => m.received + m.quarantined;
    const failures = (m) => m.failed + m.rejected;
    const most = Math.max(1, ...minutes.map((m) => Math.max(deliveries(m), failures(m))));
    minutes.forEach((m, i) => {
      const title = time(m.at) + ': ' + deliveries(m) + ' deliveries, ' + failures(m) + ' failures';
      bar(chart, i * slot + 1, deliveries(m) / most, 'received', title);
      bar(chart, i * slot + slot / 2, failures(m) / most, 'failures', title);
    });
  }

  function bar(chart, x, share, kind, title) {
    if (share <= 0) {
      return;
    }
    const height = Math.max(1, share * (CHART_HEIGHT - 2));
    const width = CHART_WIDTH / 60 / 2 - 1;
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('x', x.toFixed(1));
    rect.setAttribute('y', (CHART_HEIGHT - height).toFixed(1));
    rect.setAttribute('width', width.toFixed(1));
    rect.setAttribute('height', height.toFixed(1));
    rect.setAttribute('class', 'bar ' + kind);
    const tooltip = document.createElementNS(SVG, 'title');
    tooltip.textContent = title;
    rect.appendChild(tooltip);
    chart.appendChild(rect);
  }

  function refreshSummarySoon() {
    if (!summaryTimer) {
      summaryTimer = setTimeout(() => {
        summaryTimer = null;
        loadSummary().catch(() => {});
      }, 1000);
    }
  }

  let driftTimer = null;

  async function loadDrift() {
    const drift = await api('/drift');
    const list = $('#drift');
    list.textContent = '';
    drift.unknownEvents.forEach((e) => addDrift('unknown event ' + e.event, e));
    drift.unknownFields.forEach((f) => addDrift(f.event + ': unknown field ' + f.field, f));
    if (!list.children.length) {
      const li = document.createElement('li');
      li.textContent = 'nothing new so far';
      list.appendChild(li);
    }
  }

  function addDrift(what, seen) {
    const li = document.createElement('li');
    li.textContent = what + ' · ' + seen.count + '× · first ' + time(seen.firstSeen)
      + ' · last ' + time(seen.lastSeen);
    $('#drift').appendChild(li);
  }

  function refreshDriftSoon() {
    if (!driftTimer) {
      driftTimer = setTimeout(() => {
        driftTimer = null;
        loadDrift().catch(() => {});
      }, 3000);
    }
  }

  // Server-sent events through fetch, since EventSource cannot send an Authorization header.
  async function stream() {
    const state = $('#connection');
    try {
      const response = await fetch('api/stream', { headers: { Authorization: 'Bearer ' + token } });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      state.textContent = 'live';
      state.className = 'pill live';
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          handleEvent(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch (e) {
      // Fall through to reconnect.
    }
    state.textContent = 'reconnecting…';
    state.className = 'pill';
    setTimeout(stream, 2000);
  }

  function handleEvent(block) {
    let type = 'message';
    let data = '';
    block.split('\n').forEach((line) => {
      if (line.startsWith('event: ')) {
        type = line.slice(7);
      } else if (line.startsWith('data: ')) {
        data += line.slice(6);
      }
    });
    if (!data) {
      return;
    }
    const payload = JSON.parse(data);
    refreshSummarySoon();
    if (type === 'delivery' || type === 'attempt') {
      refreshSoon(payload.eventId);
      if (type === 'delivery') {
        refreshDriftSoon();
      }
    } else if (type === 'rejection') {
      addRejection(payload, true);
    }
  }

  function showAuth() {
    $('#auth').hidden = false;
    $('#app').hidden = true;
  }

  async function start() {
    token = takeToken();
    if (!token) {
      showAuth();
      return;
    }
    $('#auth').hidden = true;
    $('#app').hidden = false;
    await load(false);
    await loadSummary();
    if (!summaryInterval) {
      summaryInterval = setInterval(() => loadSummary().catch(() => {}), 30000);
    }
    await loadRejections();
    await loadDrift();
    stream();
  }

  $('#auth-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('#auth-token').value.trim());
    start().catch(() => {});
  });
  $('#filters').addEventListener('submit', (e) => {
    e.preventDefault();
    load(false).catch((error) => alert(error.message));
  });
  $('#more').addEventListener('click', () => load(true).catch((error) => alert(error.message)));
  $('#replay-dead').addEventListener('click', async () => {
    const since = prompt('Replay every dead letter received since (e.g. 2h, 1d):', '24h');
    if (since) {
      const result = await api('/dead-letters/replay?since=' + encodeURIComponent(since),
        { method: 'POST' });
      alert(result.replayed + ' dead letters replayed');
      load(false).catch(() => {});
    }
  });
  start().catch(() => {});
})();
