// The cluster's tokens with real processes: a registry started without any generates both,
// prints each once on stderr, keeps them in its database and reuses them after a restart;
// workers need the join token (flag or file); tokens never appear in log lines or notes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster.ts';

let cluster: Cluster;
afterEach(async () => {
  await cluster.stop();
});

const JOIN_LINE = /^rollcall registry: join token \(give it to workers\): (\S+)$/m;
const ADMIN_LINE = /^rollcall registry: admin token \(for rollcall admin --token\): (\S+)$/m;

function occurrences(text: string, token: string): number {
  return text.split(token).length - 1;
}

describe('cluster tokens (real processes)', () => {
  it('generated once, printed once, kept across a restart, and required from then on', async () => {
    cluster = new Cluster();
    const first = await cluster.startRegistry(['--log-level', 'info'], false);
    // stderr and stdout are separate pipes: the token lines may arrive just after the ready line.
    await cluster.until(async () => first.stderr, (e) => JOIN_LINE.test(e) && ADMIN_LINE.test(e), 5000, 'the token lines');
    const joinToken = JOIN_LINE.exec(first.stderr)?.[1];
    const adminToken = ADMIN_LINE.exec(first.stderr)?.[1];
    expect(joinToken).toMatch(/^rcjoin_[A-Za-z0-9_-]{43}$/);
    expect(adminToken).toMatch(/^rcadmin_[A-Za-z0-9_-]{43}$/);
    cluster.joinToken = joinToken!;
    cluster.adminToken = adminToken!;

    // A worker without the token is refused and never becomes a member.
    const outsider = cluster.spawn(['worker', '--registry', cluster.endpoint, '--id', 'outsider', '--state-dir', join(cluster.dir, 'outsider'), '--heartbeat-interval', '200ms', '--initial-delay', '50ms', '--max-delay', '200ms']);
    await new Promise((r) => setTimeout(r, 1500));
    expect(outsider.lines.some((l) => l.includes('"to":"active"'))).toBe(false);
    expect((await cluster.api('GET', '/api/workers/outsider')).status).toBe(404);
    await outsider.kill();
    // Refused credentials are logged (never the credential itself): the outsider's gRPC attempt,
    // a REST registration and an admin call without tokens.
    expect((await cluster.api('POST', '/api/workers', { workerId: 'x', name: 'x', maxConcurrentJobs: 1 }, 'nope')).status).toBe(401);
    await cluster.until(async () => first.stderr, (e) => /"event":"auth.refused","api":"grpc"/.test(e) && /"event":"auth.refused","api":"rest","method":"POST","route":"\/api\/workers"/.test(e), 5000, 'auth.refused lines');

    // One with the token from a file joins.
    const file = join(cluster.dir, 'join-token');
    writeFileSync(file, `${joinToken}\n`, { mode: 0o600 });
    const member = await cluster.startWorker('filed', ['--id', 'filed', '--join-token-file', file]);
    await cluster.workerState(member, 'active');
    expect((await cluster.api('POST', '/api/health/check', undefined, null)).status).toBe(401);
    expect((await cluster.api('POST', '/api/health/check')).status).toBe(200);

    // Restart on the same database: the same tokens, not printed again.
    await first.kill();
    const second = await cluster.startRegistry(['--log-level', 'info'], false);
    expect(second.stderr).not.toMatch(JOIN_LINE);
    expect(second.stderr).not.toMatch(ADMIN_LINE);
    expect((await cluster.api('POST', '/api/health/check')).status).toBe(200);
    await cluster.memberState('filed', 'active');
    const late = await cluster.startWorker('late', ['--id', 'late']);
    await cluster.workerState(late, 'active');

    // Never logged: each token appears once on the first registry's stderr (its line), nowhere else.
    await new Promise((r) => setTimeout(r, 300));
    expect(occurrences(first.stderr, joinToken!)).toBe(1);
    expect(occurrences(first.stderr, adminToken!)).toBe(1);
    for (const proc of [second, outsider, member, late]) {
      const output = proc.lines.join('\n') + proc.stderr;
      expect(occurrences(output, joinToken!) + occurrences(output, adminToken!)).toBe(0);
    }
  });

  it('an explicit token is kept with the database and used when a later start gives none', async () => {
    cluster = new Cluster();
    const first = await cluster.startRegistry();
    expect(first.stderr).not.toMatch(JOIN_LINE);
    await first.kill();
    const second = await cluster.startRegistry([], false);
    expect(second.stderr).not.toMatch(JOIN_LINE);
    const worker = await cluster.startWorker('w', ['--id', 'w']);
    await cluster.workerState(worker, 'active');
    expect((await cluster.api('POST', '/api/cleanup/failed')).status).toBe(200);
  });
});
