// What went wrong talking to PostgreSQL, in one line, and whether trying again can help.
// Codes: node's socket errors, and SQLSTATE classes from the PostgreSQL manual (appendix A).

interface PgLikeError {
  code?: string;
  message?: string;
}

const SOCKET_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running there?)',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EPIPE: 'the connection was closed',
  ENOTFOUND: 'unknown host',
  EHOSTUNREACH: 'host unreachable',
};

const SQL_REASONS: Record<string, string> = {
  '28P01': 'password authentication failed',
  '28000': 'the role is not allowed to connect (or does not exist)',
  '3D000': 'the database does not exist',
  '42501': 'permission denied',
  '53300': 'too many connections',
  '57P01': 'the server is shutting down',
  '57P03': 'the server is starting up or not accepting connections',
};

export function describePgError(error: unknown): string {
  const e = (error ?? {}) as PgLikeError;
  const reason = (e.code && (SOCKET_REASONS[e.code] ?? SQL_REASONS[e.code])) || e.message || String(error);
  return reason.split('\n')[0]!;
}

/** A lost or refused connection, a server going down or overloaded: worth retrying. */
export function isTransientPgError(error: unknown): boolean {
  const e = (error ?? {}) as PgLikeError;
  const code = e.code ?? '';
  if (code in SOCKET_REASONS && code !== 'ENOTFOUND') return true;
  if (code.startsWith('08') || code === '53300' || code.startsWith('57P')) return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error/i.test(e.message ?? '');
}
