// The registry's two shared secrets: the cluster join token (workers need it to register) and
// the admin token (operators need it for admin calls). Given on the command line or in the
// environment, or generated once and kept with the database, so a restart keeps them.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenStore {
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

export type TokenKind = 'join' | 'admin';

export interface ClusterTokens {
  joinToken: string;
  adminToken: string;
  /** The kinds generated just now (first start on this database): print them, once. */
  generated: TokenKind[];
}

/** Where each token is kept among the store's meta values. */
export const META_KEY: Record<TokenKind, string> = { join: 'joinToken', admin: 'adminToken' };

/** 32 random bytes from the OS CSPRNG, base64url, with a prefix naming the kind. */
export function generateToken(kind: TokenKind): string {
  return `rc${kind}_${randomBytes(32).toString('base64url')}`;
}

/**
 * Compares in time independent of where the strings differ. Both sides are hashed first, so
 * neither the length nor the content of the expected token leaks through timing.
 */
export function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The bearer credential of an `Authorization` value ("Bearer <token>"), if there is one. */
export function bearerOf(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}

function resolveOne(store: TokenStore, kind: TokenKind, given: string | undefined, generated: TokenKind[]): string {
  if (given !== undefined && given !== '') {
    // A token given explicitly wins, and is what a later start without one will reuse.
    if (store.getMeta(META_KEY[kind]) !== given) store.setMeta(META_KEY[kind], given);
    return given;
  }
  const kept = store.getMeta(META_KEY[kind]);
  if (kept) return kept;
  const fresh = generateToken(kind);
  store.setMeta(META_KEY[kind], fresh);
  generated.push(kind);
  return fresh;
}

/** The tokens to use: given ones first, then those kept in the store, else fresh ones (stored). */
export function resolveClusterTokens(store: TokenStore, given: { joinToken?: string | undefined; adminToken?: string | undefined }): ClusterTokens {
  const generated: TokenKind[] = [];
  const joinToken = resolveOne(store, 'join', given.joinToken, generated);
  const adminToken = resolveOne(store, 'admin', given.adminToken, generated);
  return { joinToken, adminToken, generated };
}
