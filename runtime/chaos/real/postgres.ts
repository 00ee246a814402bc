// The PostgreSQL server real-mode replica scenarios run on: the one DATABASE_URL names, or a
// private one this process starts on loopback the first time it is needed (PostgreSQL must be
// installed) and destroys when it exits. Each run gets a scratch database of its own.
import { POSTGRES_MISSING, postgresBinDir, startPrivatePostgres, type PrivatePostgres } from '../../store/postgres/private-postgres.ts';

let server: Promise<PrivatePostgres> | null = null;

/** Whether replica scenarios can run on real processes here. */
export function postgresAvailable(): boolean {
  return Boolean(process.env.DATABASE_URL) || postgresBinDir() !== undefined;
}

/** Why they cannot, in one line. */
export const NO_POSTGRES = `replica scenarios need PostgreSQL on real processes: ${POSTGRES_MISSING}`;

/** The server URL: DATABASE_URL, or this process's private server. */
export async function chaosDatabaseServer(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (!postgresBinDir()) throw new Error(NO_POSTGRES);
  server ??= startPrivatePostgres().then((started) => {
    process.once('exit', () => started.destroy());
    return started;
  });
  return (await server).url;
}
