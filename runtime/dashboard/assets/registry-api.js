// How the dashboard talks to the registry: JSON reads and actions with the admin token when one
// was given (kept in sessionStorage, for this tab only), asked for once when a read is refused
// (reads refused meanwhile retry with the answer), and the message line at the top of the page.
const $ = (id) => document.getElementById(id);
const TOKEN_KEY = 'rollcall.adminToken';

export const token = () => sessionStorage.getItem(TOKEN_KEY) ?? '';
export const headers = () => (token() ? { authorization: `Bearer ${token()}` } : {});

const PROTECTED = 'This registry protects reads: paste the admin token.';

export async function api(method, path) {
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
export function refused(used) {
  if (token() !== used) return true;
  if (declined) return false;
  declined = !askToken(PROTECTED);
  return !declined;
}

export function say(text, kind = 'error') {
  const box = $('message');
  box.textContent = text;
  box.className = kind === 'info' ? 'info' : '';
  box.hidden = !text;
}

/** Asks for the admin token (kept for this tab only); true when one was given. */
export function askToken(why) {
  const given = prompt(`${why ?? 'Admin token (kept for this tab only):'}`, token());
  if (given === null) return false;
  sessionStorage.setItem(TOKEN_KEY, given.trim());
  declined = false;
  say('');
  return true;
}
