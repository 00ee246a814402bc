// `rollcall admin` as an operator runs it, for the CLI tests: a child process against a
// registry's REST API listening on a real port in the test's process (http-harness.ts).
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startApi, type Api } from './http-harness.ts';

export const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');
export const ADMIN_TOKEN = 'admin-token-of-the-cli-test';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function rollcall(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8', env: { ...process.env, ROLLCALL_HTTP: '', ROLLCALL_ADMIN_TOKEN: ADMIN_TOKEN, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** A registry API on a real port, on virtual time starting now (so ages read as the CLI computes them). */
export async function listeningApi(options: Parameters<typeof startApi>[1] = {}): Promise<{ api: Api; url: string }> {
  const api = startApi({}, { adminToken: ADMIN_TOKEN, ...options }, Date.now());
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  return { api, url: `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}` };
}
