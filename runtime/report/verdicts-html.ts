// What a run's section says in words, above its timeline: every invariant the log was judged by
// with its verdict, the command that replays a failed run, a link to the run's raw events, and
// how its figures were measured, since a simulated and a real figure of one scenario can differ
// a hundredfold for reasons that are not the protocol's.
import type { ScenarioResult } from '../chaos/scenario-result.ts';
import { REAL_POLL_MS } from '../chaos/real/script-actions.ts';
import { SIM_POLL_MS } from '../chaos/sim/run-sim-scenario.ts';
import { escapeHtml } from './escape.ts';

export function invariantsHtml(result: ScenarioResult): string {
  const checked = result.invariants ?? [];
  if (checked.length === 0) return result.log.length === 0 ? '<p class="meta">No invariant was judged: the run ended before its script began.</p>' : '';
  const rows = checked.map((name) => {
    const broken = result.failures.find((f) => f.kind === 'invariant' && f.invariant === name);
    const verdict = broken ? '<span class="badge fail">broken</span>' : '<span class="badge pass">held</span>';
    const why = broken ? escapeHtml(broken.message.startsWith(`${name}: `) ? broken.message.slice(name.length + 2) : broken.message) : '';
    const entry = broken?.entry ? `<br><code>${escapeHtml(JSON.stringify(broken.entry))}</code>` : '';
    return `<tr data-invariant="${escapeHtml(name)}" data-verdict="${broken ? 'broken' : 'held'}"><td>${escapeHtml(name)}</td><td>${verdict}</td><td>${why}${entry}</td></tr>`;
  });
  return `<table class="invariants"><thead><tr><th>invariant checked</th><th>verdict</th><th>first violation</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function replayHtml(result: ScenarioResult): string {
  return !result.passed && result.replay ? `<p class="replay">replay: <code>${escapeHtml(result.replay)}</code></p>` : '';
}

export function eventsLinkHtml(href: string | undefined, result: ScenarioResult): string {
  return href ? `<p class="meta"><a class="events" href="${escapeHtml(href)}">raw events</a> (${result.log.length} entries, JSON lines, scenario time in production ms)</p>` : '';
}

/** How this run's figures were measured, so a sim and a real figure can be read side by side. */
export function figuresNote(result: ScenarioResult): string {
  if (Object.keys(result.figures).length === 0) return '';
  if (result.mode === 'sim') {
    return (
      `Figures are virtual time with the scenario's own settings, exact but for the script's polling: an until looks every ${SIM_POLL_MS} ms, ` +
      `so a step the protocol takes in 2 ms (a restarted worker registering) reads as ${SIM_POLL_MS} ms.`
    );
  }
  const scale = result.scale ?? 0.01;
  const perMs = Math.round(1 / scale);
  return (
    `Figures are real time ÷ ${scale} (every setting ran ${perMs}× shorter), so each real millisecond reads as ${perMs} ms: ` +
    `what the simulator does not have — a process's own start, signals, the proxy hop, timers late on a busy machine, the ${REAL_POLL_MS} ms polling (${REAL_POLL_MS * perMs} ms here) — ` +
    `is magnified ${perMs} times. Detection figures stay close to the simulator's, as they are dominated by the scaled deadlines.`
  );
}
