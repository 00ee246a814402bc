// The rollcall dashboard: the cluster summary and a virtualised member table, kept live by one
// Server-Sent Events stream (read with fetch, so it can carry the admin token when reads are
// protected), a member view with its history, jobs and the operator's actions, and the state
// machines with live counts, the last hour as charts, the jobs and the latest events. Each view
// and each member has its URL (#/members/ID, #/jobs, #/events, #/machines). No framework,
// nothing from the network but the registry itself.
import { drawTrend } from './charts.js';
import { drawMachine } from './diagram.js';
import { age, colour, escape, pill, rate } from './format.js';
import { follow } from './live.js';
import { showMember } from './member-view.js';
import { api, askToken, say, token } from './registry-api.js';
import { showEvents, showJobs } from './views.js';

const ROW_H = 28;
const $ = (id) => document.getElementById(id);
const state = { view: 'members', sort: 'id', order: 'asc', filter: '', q: '', matched: 0, rows: new Map(), selected: null, summary: null, graphs: null };

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
  $('rate').textContent = rate(s.heartbeatsPerSecond);
  $('guard').innerHTML = s.massFailureHeld ? pill('failed', 'holding') : pill('active', 'released');
  $('jobs').innerHTML = Object.entries(s.jobs ?? {}).map(([k, n]) => `<span>${escape(k)} ${n}</span>`).join(' ');
  if (state.graphs && state.view === 'machines') drawMachines();
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
    div.addEventListener('click', () => go(memberHash(row.id)));
    div.addEventListener('keydown', (e) => e.key === 'Enter' && go(memberHash(row.id)));
    return div;
  });
  const focused = document.activeElement?.closest?.('.row.member')?.dataset.id;
  viewport.replaceChildren($('spacer'), ...rows);
  if (focused !== undefined) rows.find((div) => div.dataset.id === focused)?.focus({ preventScroll: true }); // the keyboard keeps its row
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
/** Shows member `id` in the drawer (re-read when already shown); `focus` moves the keyboard into it as it opens. */
async function openMember(id, focus = false) {
  state.selected = id;
  const m = await api('GET', `/api/dashboard/members/${encodeURIComponent(id)}`).catch((e) => (gone(id, e) || say(e.message), null));
  if (!m || state.selected !== id) return;
  const opening = $('detail').hidden;
  showMember(m);
  if (opening && focus) $('detail-close').focus();
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
  hideMember();
  history.replaceState(null, '', '#/members'); // Back does not lead to it again
  say(`${id} is no longer registered`, 'info');
  return true;
}

function hideMember() {
  state.selected = null;
  $('detail').hidden = true;
}

/** The operator closes the drawer (×, Escape, or Unregister): the list's URL, the keyboard back on the member's row. */
function closeMember() {
  const id = state.selected;
  hideMember();
  go('#/members');
  const row = id === null ? null : document.querySelector(`.row.member[data-id="${CSS.escape(id)}"]`);
  (row ?? document.querySelector('.tab[data-tab="members"]')).focus();
}
$('detail-close').addEventListener('click', closeMember);
document.addEventListener('keydown', (e) => e.key === 'Escape' && state.selected !== null && closeMember());
$('token-button').addEventListener('click', () => askToken());

// ---- state machines ----------------------------------------------------------------------
function drawMachines() {
  const s = state.summary;
  const counts = s?.up ? { ...s.byState, ...Object.fromEntries(Object.entries(s.bySubstate).map(([k, n]) => [`active.${k}`, n])) } : {};
  drawMachine($('member-diagram'), state.graphs.member.layout, counts);
  drawMachine($('worker-diagram'), state.graphs.worker.layout, null);
}

// ---- views and their URLs ----------------------------------------------------------------
const VIEWS = ['members', 'machines', 'jobs', 'events'];
const memberHash = (id) => `#/members/${encodeURIComponent(id)}`;
const decoded = (text) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Goes to `hash` as a link would (a new history entry); when already there, shows it again. */
function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

/** Shows what the URL names: `#/members` (the default), `#/members/ID` with its drawer, `#/machines`, `#/jobs`, `#/events`. */
function route() {
  const [name, id] = location.hash.replace(/^#\/?/, '').split('/');
  state.view = VIEWS.includes(name) ? name : 'members';
  for (const tab of document.querySelectorAll('.tab')) {
    tab.classList.toggle('active', tab.dataset.tab === state.view);
    if (tab.dataset.tab === state.view) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  for (const pane of document.querySelectorAll('.pane')) pane.hidden = pane.dataset.view !== state.view;
  if (state.view === 'members' && id) openMember(decoded(id), true);
  else if (state.selected !== null) hideMember();
  refreshView();
}
window.addEventListener('hashchange', route);

/** Re-reads what the current view shows (the member table has its own refresh). */
async function refreshView() {
  try {
    if (state.view === 'machines') {
      state.graphs ??= await api('GET', '/api/dashboard/graphs');
      drawMachines();
    } else if (state.view === 'jobs') await showJobs(api, $('jobs-state').value);
    else if (state.view === 'events') await showEvents(api, $('events-audited').checked);
  } catch (error) {
    if (state.view === 'machines') $('member-diagram').textContent = error.message;
    else say(error.message);
  }
}
$('jobs-state').addEventListener('change', refreshView);
$('events-audited').addEventListener('change', refreshView);

// ---- the last hour -----------------------------------------------------------------------
async function refreshTrend() {
  const history = await api('GET', '/api/workers/stats/history').catch((e) => (($('trend-states').textContent = e.message), null));
  if (history) drawTrend($('trend-states'), $('trend-rate'), history);
}

// ---- the live stream ---------------------------------------------------------------------
let pending = false;
function membersChanged() {
  if (pending) return;
  pending = true;
  setTimeout(async () => {
    pending = false;
    await refreshRows();
    if (state.view === 'jobs' || state.view === 'events') await refreshView();
    if (state.selected && !$('detail').hidden) await openMember(state.selected);
  }, 100);
}

route();
refreshRows();
refreshTrend();
follow((event, data) => {
  if (event === 'summary' && data) showSummary(JSON.parse(data));
  else if (event === 'members') membersChanged();
});
// Heartbeat ages move without any state change, and a refused credential sends no hint:
// re-read the visible rows, and the events if shown, every two seconds; the last hour gains a
// sample every ten.
setInterval(() => document.hidden || (refreshRows(), state.view === 'events' && refreshView()), 2000);
setInterval(() => document.hidden || refreshTrend(), 10_000);
