// The registry's two shared secrets: the cluster join token (workers need it to register) and
// the admin token (operators need it for admin calls). Given on the command line or in the
// environment, or generated once and kept with the database, so a restart keeps them.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Where tokens are kept: a store's meta values, synchronous (SQLite) or not (PostgreSQL). */
export interface TokenStore {
  getMeta(key: string): string | undefined | Promise<string | undefined>;
  setMeta(key: string, value: string): void | Promise<void>;
  /** Keeps `value` unless a value is there already, and returns the kept one (replicas racing on a fresh database). */
  claimMeta?(key: string, value: string): Promise<string>;
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

async function resolveOne(store: TokenStore, kind: TokenKind, given: string | undefined, generated: TokenKind[]): Promise<string> {
  const key = META_KEY[kind];
  if (given !== undefined && given !== '') {
    // A token given explicitly wins, and is what a later start without one will reuse.
    if ((await store.getMeta(key)) !== given) await store.setMeta(key, given);
    return given;
  }
  const kept = await store.getMeta(key);
  if (kept) return kept;
  const fresh = generateToken(kind);
  const stored = store.claimMeta ? await store.claimMeta(key, fresh) : (await store.setMeta(key, fresh), fresh);
  if (stored === fresh) generated.push(kind); // another replica's token won the race: not ours to print
  return stored;
}

/** The tokens to use: given ones first, then those kept in the store, else fresh ones (stored). */
export async function resolveClusterTokens(store: TokenStore, given: { joinToken?: string | undefined; adminToken?: string | undefined }): Promise<ClusterTokens> {
  const generated: TokenKind[] = [];
  const joinToken = await resolveOne(store, 'join', given.joinToken, generated);
  const adminToken = await resolveOne(store, 'admin', given.adminToken, generated);
  return { joinToken, adminToken, generated };
}
