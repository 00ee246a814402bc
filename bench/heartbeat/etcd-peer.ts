// The heartbeat bench's peer: a private single-member etcd (Debian's `etcd-server`, 3.4) on
// loopback, in a temporary data directory on free ports, stopped and removed after its run.
// The load generator grants it one lease per worker and drives LeaseKeepAlive streams
// (etcd-lease.proto): what Kubernetes uses for node liveness.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stopChild, type Target } from './targets.ts';
import { freePort } from '../../runtime/net/free-port.ts';

export const ETCD_INSTALL = 'apt-get install -y etcd-server';
const READY_TIMEOUT_MS = 15_000;
const STDERR_KEPT = 2000;

/** The etcd binary on PATH, or null if it is not installed. */
export function findEtcd(path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const file = join(dir, 'etcd');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** The flags of a one-member cluster named `bench` listening on loopback only. */
export function etcdArgs(dataDir: string, clientPort: number, peerPort: number): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name', 'bench', '--data-dir', dataDir,
    '--listen-client-urls', client, '--advertise-client-urls', client,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer,
    '--initial-cluster', `bench=${peer}`,
  ];
}

async function healthy(clientPort: number): Promise<boolean> {
  try {
    const reply = await fetch(`http://127.0.0.1:${clientPort}/health`, { signal: AbortSignal.timeout(1000) });
    return reply.ok && ((await reply.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

export async function startEtcd(binary: string): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rollcall-bench-etcd-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const child = spawn(binary, etcdArgs(join(dataDir, 'data'), clientPort, peerPort), { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-STDERR_KEPT)));
  const stop = async () => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await healthy(clientPort))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`etcd did not become healthy on 127.0.0.1:${clientPort}; its stderr ends: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { protocol: 'etcd', pid: child.pid!, port: clientPort, joinToken: '', stop };
}
