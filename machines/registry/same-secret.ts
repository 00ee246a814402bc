// Secrets (session tokens, worker secrets) compared without an early exit: the time taken does
// not depend on where the strings first differ. Pure (machines/ imports no node: modules), so a
// plain loop rather than crypto.timingSafeEqual; the length is not secret (all tokens have one).
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  return diff === 0;
}
