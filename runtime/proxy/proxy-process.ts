// Starts `rollcall proxy` as a child process (port 0 by default) and reads the bound API URL
// from the one line it prints when ready. For harnesses that want the proxy out of process.
import { spawn } from 'node:child_process';
import { CLI_PATH } from '../package/cli-path.ts';
import { READY_PREFIX } from './proxy-server.ts';

export interface ProxyProcessOptions {
  host?: string;
  port?: number;
  config?: string;
  proxyMetrics?: boolean;
  startTimeoutMs?: number;
}

export interface ProxyProcess {
  url: string;
  port: number;
  pid: number;
  close(): Promise<void>;
}

const STOP_GRACE_MS = 5000;

export async function spawnProxyServer(options: ProxyProcessOptions = {}): Promise<ProxyProcess> {
  const args = [CLI_PATH, 'proxy', '--host', options.host ?? '127.0.0.1', '--http-port', String(options.port ?? 0)];
  if (options.config !== undefined) args.push('--populate', options.config);
  if (options.proxyMetrics) args.push('--proxy-metrics');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rollcall proxy did not report ready within ${options.startTimeoutMs ?? 10_000} ms`));
    }, options.startTimeoutMs ?? 10_000);
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(READY_PREFIX));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve(line.slice(READY_PREFIX.length).trim());
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`rollcall proxy exited with code ${child.exitCode}: ${stderr.trim()}`));
    });
  });
  child.stdout.resume();

  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? -1,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
