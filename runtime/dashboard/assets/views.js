// The jobs list (GET /api/jobs, newest first, the first 500 shown) and the events view
// (GET /api/events: the registry's latest events, those the audit log keeps marked). A worker
// or member named in either links to its member view (#/members/ID).
import { escape, stamp } from './format.js';

const JOBS_SHOWN = 500;
const EVENTS_SHOWN = 200;
const $ = (id) => document.getElementById(id);
const memberLink = (id) => (id ? `<a href="#/members/${encodeURIComponent(id)}">${escape(id)}</a>` : '–');

/** Reads the jobs (in one state, if `state`) and shows the newest. */
export async function showJobs(api, state) {
  const { jobs, count } = await api('GET', state ? `/api/jobs?state=${encodeURIComponent(state)}` : '/api/jobs');
  const newest = jobs.sort((a, b) => (a.submittedAt === b.submittedAt ? (a.id < b.id ? -1 : 1) : a.submittedAt < b.submittedAt ? 1 : -1)).slice(0, JOBS_SHOWN);
  const jobs_ = (n) => `${n.toLocaleString('en')} ${n === 1 ? 'job' : 'jobs'}`;
  $('jobs-count').textContent = count > JOBS_SHOWN ? `the newest ${JOBS_SHOWN} of ${jobs_(count)}` : jobs_(count);
  $('jobs-table').tBodies[0].innerHTML = newest
    .map((j) => `<tr data-job="${escape(j.id)}"><td>${escape(j.id)}</td><td>${escape(j.kind)}</td><td>${escape(j.state)}</td><td>${memberLink(j.workerId)}</td>`
      + `<td>${j.attempt}</td><td>${stamp(j.submittedAt)}</td><td>${stamp(j.finishedAt)}</td></tr>`)
    .join('') || '<tr><td colspan="7">no job</td></tr>';
}

/** An event's line, its member's ID (which starts the line) a link to the member. */
function eventLine(event) {
  const linked = event.id && event.type.startsWith('member') && event.text.startsWith(event.id);
  return linked ? memberLink(event.id) + escape(event.text.slice(event.id.length)) : escape(event.text);
}

/** Reads the latest events (only those the audit log keeps, if `audited`) and lists them, newest first. */
export async function showEvents(api, audited) {
  const { events } = await api('GET', `/api/events?limit=${EVENTS_SHOWN}${audited ? '&audited=true' : ''}`);
  $('events-list').innerHTML = events
    .map((e) => `<li data-type="${escape(e.type)}">${stamp(e.at)} ${e.audit ? `<span class="tag" title="in the audit log">${escape(e.audit)}</span> ` : ''}${eventLine(e)}</li>`)
    .join('') || '<li>no event since the registry started</li>';
}
