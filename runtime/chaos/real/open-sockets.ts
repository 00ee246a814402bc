// The TCP connections a process holds open to some ports of this host, read from /proc
// (Linux): how a real-mode run sees the registry's dial-ins to a worker (issue #16), whatever
// the worker does (a stopped one answers nothing, and a leaked socket only shows on this side).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** /proc/net/tcp's state of a listening socket. */
const LISTEN = '0A';

/** The inodes of the sockets `pid` has open. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed while we looked
    }
    const match = /^socket:\[(\d+)\]$/.exec(target);
    if (match) inodes.add(match[1]!);
  }
  return inodes;
}

/** Inodes of the TCP connections (IPv4 and IPv6) in `pid`'s network namespace to a remote port in `ports`. */
function connectionsTo(pid: number, ports: ReadonlySet<number>): string[] {
  const inodes: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] === LISTEN) continue;
      const remotePort = Number.parseInt(fields[2]!.split(':').at(-1)!, 16);
      if (ports.has(remotePort)) inodes.push(fields[9]!);
    }
  }
  return inodes;
}

/** How many TCP connections process `pid` holds open to any of `ports` (on any local address). */
export function openSocketsTo(pid: number, ports: readonly number[]): number {
  try {
    const held = socketInodes(pid);
    return connectionsTo(pid, new Set(ports)).filter((inode) => held.has(inode)).length;
  } catch (error) {
    throw new Error(`cannot count the sockets of process ${pid}: ${(error as Error).message} (this needs Linux's /proc)`);
  }
}
