// How the dashboard writes values: one time format everywhere (UTC, ISO 8601 to the second,
// with the reader's local time and offset in a tooltip), rates with their fractions, durations,
// and state pills. Everything returned as HTML is escaped here.

export const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const pad = (n) => String(n).padStart(2, '0');

/** `2026-12-06T06:02:55Z`: the page's one time format. */
export const isoText = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `2026-12-06 07:02:55 +01:00`: the same moment on the reader's clock, for the tooltip. */
export function localText(ms) {
  const d = new Date(ms);
  const offset = -d.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`;
}

/** A moment (ms since the epoch, or an ISO string) as a `<time>` element; `–` for none. */
export function stamp(at) {
  if (at === null || at === undefined) return '–';
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  return `<time datetime="${isoText(ms)}" title="your local time: ${localText(ms)}">${isoText(ms)}</time>`;
}

/** A rate with the digits that matter: 0.1 → `0.1`, 12.345 → `12.3`, 4321.6 → `4,322`. */
export function rate(n) {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en');
  return n.toLocaleString('en', { maximumSignificantDigits: 3 });
}

export function duration(ms) {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
export const age = (ms) => (ms === null || ms === undefined ? 'never' : `${duration(ms)} ago`);

export const colour = (stateName) => `var(--${escape(stateName.split('.').pop())})`;
export const pill = (name, text = name) => `<span class="pill" style="background:var(--${escape(name.split('.').pop())})">${escape(text)}</span>`;
