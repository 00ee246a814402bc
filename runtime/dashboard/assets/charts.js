// The last hour (GET /api/workers/stats/history) as two small line charts drawn by hand in SVG:
// members by state, one line per state in its colour, and the heartbeat rate. A gap in the
// samples (a registry down, or restarted) is a gap in the line. Under each chart, the latest
// values; on the time axis, the first and last sample in the page's one time format.
import { escape, isoText, rate } from './format.js';

const W = 360;
const H = 96;
const PAD = { left: 40, right: 8, top: 8, bottom: 18 };
const STATES = ['registered', 'active', 'unhealthy', 'failed', 'inactive'];

/** The unbroken runs of [time, value] pairs: a null value ends a run. */
function runs(times, values) {
  const out = [];
  let run = [];
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) run.push([times[i], v]);
    else if (run.length) (out.push(run), (run = []));
  });
  if (run.length) out.push(run);
  return out;
}

/** One chart: `series` is [{ name, colour, values }], a value (or null) per time in `times`. */
function lineChart(times, series, label, show) {
  const t0 = times[0];
  const t1 = Math.max(times.at(-1), t0 + 1);
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null && v !== undefined)));
  const top = max || 1;
  const x = (t) => (PAD.left + ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right)).toFixed(1);
  const y = (v) => (H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom)).toFixed(1);
  const marks = series.flatMap((s) =>
    runs(times, s.values).map((run) =>
      run.length === 1
        ? `<circle data-series="${escape(s.name)}" cx="${x(run[0][0])}" cy="${y(run[0][1])}" r="2" fill="${s.colour}"/>`
        : `<polyline data-series="${escape(s.name)}" points="${run.map(([t, v]) => `${x(t)},${y(v)}`).join(' ')}" stroke="${s.colour}"/>`,
    ),
  );
  const base = H - PAD.bottom;
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escape(label)}" data-points="${times.length}">`
    + `<line class="axis-line" x1="${PAD.left}" y1="${base}" x2="${W - PAD.right}" y2="${base}"/>`
    + `<text x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end">${escape(show(max))}</text>`
    + `<text x="${PAD.left - 4}" y="${base}" text-anchor="end">0</text>`
    + `<text x="${PAD.left}" y="${H - 4}">${isoText(t0)}</text><text x="${W - PAD.right}" y="${H - 4}" text-anchor="end">${isoText(times.at(-1))}</text>`
    + `${marks.join('')}</svg>`;
}

/** The latest value of each series, in its colour. */
function legend(series, show) {
  const latest = (s) => s.values.at(-1);
  return `<div class="legend">${series.map((s) => `<span data-series="${escape(s.name)}"><i style="background:${s.colour}"></i>${escape(s.name)} ${escape(show(latest(s)))}</span>`).join('')}</div>`;
}

/** Draws the history into the two boxes; says so when there is no sample yet. */
export function drawTrend(statesBox, rateBox, history) {
  const { samples } = history;
  if (!samples.length) {
    statesBox.textContent = rateBox.textContent = 'no sample yet';
    return;
  }
  const times = samples.map((s) => Date.parse(s.at));
  const states = STATES.map((name) => ({ name, colour: `var(--${name})`, values: samples.map((s) => s.byState[name]) }));
  const whole = (n) => (n === null || n === undefined ? '–' : n.toLocaleString('en'));
  statesBox.innerHTML = lineChart(times, states, 'Members by state over the last hour', whole) + legend(states, whole);
  const rates = [{ name: 'heartbeats/s', colour: 'var(--busy)', values: samples.map((s) => s.heartbeatsPerSecond) }];
  rateBox.innerHTML = lineChart(times, rates, 'Heartbeats per second over the last hour', rate) + legend(rates, rate);
}
