// The member view (the drawer): one member's facts, what its last heartbeat reported, its state
// history as a timeline and a list, and its jobs, drawn from GET /api/dashboard/members/:id.
// Times are in the page's one format (format.js).
import { age, colour, duration, escape, pill, stamp } from './format.js';

const $ = (id) => document.getElementById(id);

/** A member's history on a time axis, from its first recorded change to `now`: one segment per state, as wide as its stay. */
function timeline(history, now) {
  if (!history.length) return '';
  const start = history[0].at;
  const span = Math.max(1, now - start);
  const segments = history.map((c, i) => {
    const stay = (history[i + 1]?.at ?? now) - c.at;
    return `<i title="${escape(c.to)} for ${duration(stay)}" style="width:${(100 * stay) / span}%;background:${colour(c.to)}"></i>`;
  });
  return `<div class="timeline">${segments.join('')}</div><div class="axis"><span>${stamp(start)}</span><span>${duration(span)}</span><span>${stamp(now)}</span></div>`;
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

/** Fills the drawer with member `m` (the reply of /api/dashboard/members/:id) and shows it. */
export function showMember(m) {
  const w = m.worker;
  $('detail').hidden = false;
  $('detail-title').innerHTML = `${escape(w.name)} ${pill(w.substate ? `${w.state}.${w.substate}` : w.state)}`;
  const facts = {
    ID: w.id, Address: w.address, Epoch: w.epoch, Registered: { html: stamp(w.registeredAt) }, 'Last heartbeat': age(m.heartbeatAgeMs),
    Jobs: `${w.currentJobs} of ${w.maxConcurrentJobs}`, Labels: pairs(w.labels), Capabilities: pairs(w.capabilities), Resources: pairs(w.resources),
    ...reported(w.report),
  };
  // A value is text, or `{ html }` already written (a time).
  $('detail-facts').innerHTML = Object.entries(facts).map(([k, v]) => `<dt>${escape(k)}</dt><dd>${v?.html ?? escape(v)}</dd>`).join('');
  $('detail-band').innerHTML = timeline(m.history, m.now);
  $('detail-history').innerHTML = m.history
    .map((c) => `<li>${stamp(c.at)} ${escape(c.from)} → ${pill(c.to)} <small>${escape(c.reason)}</small></li>`)
    .reverse()
    .join('') || '<li>no change seen since the registry started</li>';
  $('detail-jobs').tBodies[0].innerHTML = m.jobs.map((j) => `<tr><td>${escape(j.id)}</td><td>${escape(j.kind)}</td><td>${escape(j.state)}</td><td>${j.attempt}</td></tr>`).join('');
}
