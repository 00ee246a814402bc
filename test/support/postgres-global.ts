// vitest global setup: the PostgreSQL server the tests use. DATABASE_URL wins (CI may start one,
// or point at any server the tests may create databases on); otherwise a private server is
// started on loopback for the run and destroyed after it. Tests get the URL via inject().
import type { TestProject } from 'vitest/node';
import { startPrivatePostgres, type PrivatePostgres } from '../../runtime/store/postgres/private-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

let server: PrivatePostgres | undefined;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.DATABASE_URL;
  if (given) return project.provide('databaseUrl', given);
  server = await startPrivatePostgres();
  project.provide('databaseUrl', server.url);
}

export function teardown(): void {
  server?.destroy();
}
