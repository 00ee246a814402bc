// The rollcall dashboard: the cluster summary and a virtualised member table, kept live by one
// Server-Sent Events stream (read with fetch, so it can carry the admin token when reads are
// protected), a member view with its history, jobs and the operator's actions, and the state
// machines with live counts. No framework, nothing from the network but the registry itself.
import { drawMachine } from './diagram.js';

const ROW_H = 28;
const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'rollcall.adminToken';
const state = { sort: 'id', order: 'asc', filter: '', q: '', matched: 0, rows: new Map(), selected: null, summary: null, graphs: null };

// ---- talking to the registry -------------------------------------------------------------
const token = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
const headers = () => (token() ? { authorization: `Bearer ${token()}` } : {});

const PROTECTED = 'This registry protects reads: paste the admin token.';

async function api(method, path) {
  const used = token();
  const reply = await fetch(path, { method, headers: headers() });
  const body = await reply.json().catch(() => ({}));
  if (reply.status === 401 && method === 'GET' && refused(used)) return api(method, path);
  if (!reply.ok) throw Object.assign(new Error(body.error?.message ?? `${method} ${path}: HTTP ${reply.status}`), { status: reply.status });
  return body;
}

/** The operator dismissed the prompt: reads stop asking until they click "Admin token". */
let declined = false;

/** A read sent with `used` was refused: true when there is now another token to try (asked for, unless another read already did). */
function refused(used) {
  if (token() !== used) return true;
  if (declined) return false;
  declined = !askToken(PROTECTED);
  return !declined;
}

function say(text, kind = 'error') {
  const box = $('message');
  box.textContent = text;
  box.className = kind === 'info' ? 'info' : '';
  box.hidden = !text;
}

/** Asks for the admin token (kept for this tab only); true when one was given. */
function askToken(why) {
  const given = prompt(`${why ?? 'Admin token (kept for this tab only):'}`, token());
  if (given === null) return false;
  sessionStorage.setItem(TOKEN_KEY, given.trim());
  declined = false;
  say('');
  return true;
}

// ---- formatting -------------------------------------------------------------------------
const pill = (name, text = name) => `<span class="pill" style="background:var(--${name.split('.').pop()})">${escape(text)}</span>`;
const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
function duration(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
const age = (ms) => (ms === null || ms === undefined ? 'never' : `${duration(ms)} ago`);
const colour = (stateName) => `var(--${escape(stateName.split('.').pop())})`;

/** A member's history on a time axis, from its first recorded change to `now`: one segment per state, as wide as its stay. */
function timeline(history, now) {
  if (!history.length) return '';
  const start = history[0].at;
  const span = Math.max(1, now - start);
  const segments = history.map((c, i) => {
    const stay = (history[i + 1]?.at ?? now) - c.at;
    return `<i title="${escape(c.to)} for ${duration(stay)}" style="width:${(100 * stay) / span}%;background:${colour(c.to)}"></i>`;
  });
  const clock = (t) => new Date(t).toLocaleTimeString();
  return `<div class="timeline">${segments.join('')}</div><div class="axis"><span>${clock(start)}</span><span>${duration(span)}</span><span>${clock(now)}</span></div>`;
}
const pairs = (map) => Object.entries(map).map(([k, v]) => `${k}=${v}`).join(', ') || '–';
const known = (n) => n ?? '–';
/** What the worker said in its last heartbeat (worker.report), as facts; a disagreement with the registry first. */
function reported(r) {
  if (!r) return { Reported: 'nothing yet in this session' };
  return {
    ...(r.problem ? { 'Report problem': r.problem } : {}),
    'Reported jobs': `${r.currentJobs} running`,
    Load: `CPU ${known(r.cpuPercent)} %, memory ${known(r.memoryUsedMb)} of ${known(r.memoryTotalMb)} MB`,
    'Reported errors': known(r.errorCount),
    Breaker: known(r.breakerState),
    Message: r.message || '–',
  };
}
const stateName = (row) => (row.substate ? `${row.state}.${row.substate}` : row.state);

// ---- summary ----------------------------------------------------------------------------
/** With replicas: who leads, and whether a standby served this page and how old its figures are. */
function showServedBy(served) {
  const badge = $('served');
  badge.hidden = !served;
  if (!served) return;
  const leader = served.leader ? `leader ${served.leader.replica} (epoch ${served.leader.epoch})` : 'no leader';
  badge.textContent =
    served.role === 'leader'
      ? `${leader}: this page`
      : `${leader} · this page from standby ${served.replica}, ${(served.dataAgeMs / 1000).toFixed(1)} s old`;
  badge.title = served.leader?.rest ? `the leader's REST address: ${served.leader.rest}` : '';
}
function showSummary(s) {
  state.summary = s;
  const registry = $('registry');
  registry.textContent = s.up ? 'registry up' : `registry down: ${s.reason}`;
  registry.className = `badge ${s.up ? 'ok' : 'bad'}`;
  showServedBy(s.served);
  if (!s.up) return;
  $('total').textContent = s.total.toLocaleString('en');
  const pills = (counts) => Object.entries(counts).map(([k, n]) => pill(k, `${k} ${n}`)).join(' ');
  $('states').innerHTML = `${pills(s.byState)}<div class="substates">of the active: ${pills(s.bySubstate)}</div>`;
  $('capacity').textContent = `${s.capacity.used} / ${s.capacity.total}`;
  $('capacity-bar').style.width = `${s.capacity.total ? (100 * s.capacity.used) / s.capacity.total : 0}%`;
  $('rate').textContent = Math.round(s.heartbeatsPerSecond).toLocaleString('en');
  $('guard').innerHTML = s.massFailureHeld ? pill('failed', 'holding') : pill('active', 'released');
  $('jobs').innerHTML = Object.entries(s.jobs ?? {}).map(([k, n]) => `<span>${escape(k)} ${n}</span>`).join(' ');
  if (state.graphs && !$('machines').hidden) drawMachines();
}

// ---- the virtualised member table --------------------------------------------------------
let fetching = null;
async function refreshRows() {
  const viewport = $('viewport');
  const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_H) - 10);
  const count = Math.ceil(viewport.clientHeight / ROW_H) + 20;
  const query = new URLSearchParams({ sort: state.sort, order: state.order, offset: String(first), limit: String(count) });
  if (state.filter) query.set('state', state.filter);
  if (state.q) query.set('q', state.q);
  const ticket = (fetching = Symbol());
  const page = await api('GET', `/api/dashboard/members?${query}`).catch((e) => (say(e.message), null));
  if (!page || ticket !== fetching) return;
  state.matched = page.matched;
  $('matched').textContent = `${page.matched.toLocaleString('en')} of ${page.total.toLocaleString('en')} members`;
  $('spacer').style.height = `${page.matched * ROW_H}px`;
  const rows = page.rows.map((row, i) => {
    const div = document.createElement('div');
    div.className = 'row member';
    div.style.top = `${(page.offset + i) * ROW_H}px`;
    div.dataset.id = row.id;
    const band = row.recent.map((to) => `<i title="${escape(to)}" style="background:${colour(to)}"></i>`).join('');
    div.innerHTML = `<span>${escape(row.id)}</span><span>${escape(row.name)}</span><span class="state">${pill(stateName(row))}</span>`
      + `<span>${row.epoch}</span><span>${age(row.heartbeatAgeMs)}</span><span>${row.jobs}/${row.maxJobs}</span><span class="band">${band}</span>`;
    div.tabIndex = 0;
    div.addEventListener('click', () => openMember(row.id));
    div.addEventListener('keydown', (e) => e.key === 'Enter' && openMember(row.id));
    return div;
  });
  viewport.replaceChildren($('spacer'), ...rows);
}

let scrollTimer = 0;
$('viewport').addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(refreshRows, 60);
});
$('filter-state').addEventListener('change', (e) => ((state.filter = e.target.value), ($('viewport').scrollTop = 0), refreshRows()));
let searchTimer = 0;
$('search').addEventListener('input', (e) => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => ((state.q = e.target.value.trim()), ($('viewport').scrollTop = 0), refreshRows()), 250);
});
for (const head of document.querySelectorAll('#table-head [data-sort]')) {
  head.addEventListener('click', () => {
    const key = head.dataset.sort;
    state.order = state.sort === key && state.order === 'asc' ? 'desc' : 'asc';
    state.sort = key;
    for (const other of document.querySelectorAll('#table-head [data-sort]')) other.removeAttribute('aria-sort');
    head.setAttribute('aria-sort', state.order === 'asc' ? 'ascending' : 'descending');
    refreshRows();
  });
}

// ---- one member --------------------------------------------------------------------------
async function openMember(id) {
  state.selected = id;
  const m = await api('GET', `/api/dashboard/members/${encodeURIComponent(id)}`).catch((e) => (gone(id, e) || say(e.message), null));
  if (!m || state.selected !== id) return;
  const w = m.worker;
  $('detail').hidden = false;
  $('detail-title').innerHTML = `${escape(w.name)} ${pill(w.substate ? `${w.state}.${w.substate}` : w.state)}`;
  const facts = {
    ID: w.id, Address: w.address, Epoch: w.epoch, 'Registered': w.registeredAt, 'Last heartbeat': age(m.heartbeatAgeMs),
    Jobs: `${w.currentJobs} of ${w.maxConcurrentJobs}`, Labels: pairs(w.labels), Capabilities: pairs(w.capabilities), Resources: pairs(w.resources),
    ...reported(w.report),
  };
  $('detail-facts').innerHTML = Object.entries(facts).map(([k, v]) => `<dt>${escape(k)}</dt><dd>${escape(v)}</dd>`).join('');
  $('detail-band').innerHTML = timeline(m.history, m.now);
  $('detail-history').innerHTML = m.history
    .map((c) => `<li>${new Date(c.at).toLocaleTimeString()} ${escape(c.from)} → ${pill(c.to)} <small>${escape(c.reason)}</small></li>`)
    .reverse()
    .join('') || '<li>no change seen since the registry started</li>';
  $('detail-jobs').tBodies[0].innerHTML = m.jobs.map((j) => `<tr><td>${escape(j.id)}</td><td>${escape(j.kind)}</td><td>${escape(j.state)}</td><td>${j.attempt}</td></tr>`).join('');
}

const ACTIONS = {
  drain: (id) => ['POST', `/api/workers/${encodeURIComponent(id)}/drain`, `Drain ${id}? It finishes its jobs and takes no new ones.`],
  'force-deregister': (id) => ['POST', `/api/workers/${encodeURIComponent(id)}/force-deregister`, `Deregister ${id} now? Its jobs are requeued.`],
  unregister: (id) => ['DELETE', `/api/workers/${encodeURIComponent(id)}`, `Unregister ${id}? It is removed from the registry for good.`],
  reconnect: () => ['POST', '/api/reconnect', 'Run the reconnect monitor now (dial every member that should be attached)?'],
};
for (const button of document.querySelectorAll('[data-action]')) {
  button.addEventListener('click', async () => {
    const id = state.selected;
    const [method, path, question] = ACTIONS[button.dataset.action](id);
    if (!confirm(question)) return;
    if (!token()) askToken();
    try {
      await api(method, path);
      say(`${button.textContent}: done`, 'info');
      if (button.dataset.action === 'unregister') closeMember();
      else await openMember(id);
      await refreshRows();
    } catch (error) {
      say(`${button.textContent} failed: ${error.message}`);
    }
  });
}
/** The open member was unregistered (by another operator, or cleaned up): close its view and say so. */
function gone(id, error) {
  if (error.status !== 404 || state.selected !== id) return false;
  closeMember();
  say(`${id} is no longer registered`, 'info');
  return true;
}

function closeMember() {
  state.selected = null;
  $('detail').hidden = true;
}
$('detail-close').addEventListener('click', closeMember);
$('token-button').addEventListener('click', () => askToken());

// ---- state machines ----------------------------------------------------------------------
function drawMachines() {
  const s = state.summary;
  const counts = s?.up ? { ...s.byState, ...Object.fromEntries(Object.entries(s.bySubstate).map(([k, n]) => [`active.${k}`, n])) } : {};
  drawMachine($('member-diagram'), state.graphs.member.layout, counts);
  drawMachine($('worker-diagram'), state.graphs.worker.layout, null);
}
for (const tab of document.querySelectorAll('.tab')) {
  tab.addEventListener('click', async () => {
    for (const t of document.querySelectorAll('.tab')) t.classList.toggle('active', t === tab);
    $('members').hidden = tab.dataset.tab !== 'members';
    $('machines').hidden = tab.dataset.tab !== 'machines';
    if (tab.dataset.tab === 'machines') {
      try {
        state.graphs ??= await api('GET', '/api/dashboard/graphs');
        drawMachines();
      } catch (error) {
        $('member-diagram').textContent = error.message;
      }
    }
  });
}

// ---- the live stream ---------------------------------------------------------------------
let pending = false;
function membersChanged() {
  if (pending) return;
  pending = true;
  setTimeout(async () => {
    pending = false;
    await refreshRows();
    if (state.selected && !$('detail').hidden) await openMember(state.selected);
  }, 100);
}

async function follow() {
  for (;;) {
    try {
      const used = token();
      const reply = await fetch('/api/dashboard/events', { headers: headers() });
      if (reply.status === 401 && refused(used)) continue;
      if (!reply.ok || !reply.body) throw new Error(`HTTP ${reply.status}`);
      $('live').textContent = 'live';
      $('live').className = 'badge ok';
      const reader = reply.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === 'summary' && data) showSummary(JSON.parse(data));
          else if (event === 'members') membersChanged();
        }
      }
    } catch {
      // the registry went away or restarted: say so and try again
    }
    $('live').textContent = 'reconnecting…';
    $('live').className = 'badge bad';
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

refreshRows();
follow();
// Heartbeat ages move without any state change: re-read the visible rows every two seconds.
setInterval(() => document.hidden || refreshRows(), 2000);
