// TLS and mTLS with real processes and a CA made at run time (test/support/test-pki.ts): workers
// reach the registry over TLS and verify it; clients that do not trust its CA refuse it; with
// --tls-ca the registry takes only clients whose certificate its CA signed, and dials worker
// agents over mTLS too; unusable TLS files stop start-up with one line.
import { credentials, status as Status, type ServiceError } from '@grpc/grpc-js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, type Proc } from '../support/cluster.ts';
import { makeTestPki, type KeyPair, type TestPki } from '../support/test-pki.ts';
import { grpcRegister, httpsGet, sslChannel, type HttpsMaterial } from '../support/tls-clients.ts';

let pki: TestPki;
let cluster: Cluster;
beforeAll(() => {
  pki = makeTestPki(mkdtempSync(join(tmpdir(), 'rollcall-pki-')));
});
afterEach(async () => {
  await cluster.stop();
});

function material(ca: string | undefined, pair?: KeyPair): HttpsMaterial {
  return { ...(ca ? { ca: pki.read(ca) } : {}), ...(pair ? { cert: pki.read(pair.cert), key: pki.read(pair.key) } : {}) };
}

const certFlags = (pair: KeyPair) => ['--tls-cert', pair.cert, '--tls-key', pair.key];

async function finished(proc: Proc): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const code = await proc.exited;
  return { code, stdout: proc.lines.join('\n'), stderr: proc.stderr };
}

function refused(reply: { workerId: string } | ServiceError): ServiceError {
  if (!('code' in reply)) throw new Error(`expected a refusal, got ${JSON.stringify(reply)}`);
  return reply;
}

describe('TLS (real processes, a throwaway CA)', () => {
  it('a worker that trusts the CA registers and heartbeats over TLS; clients that do not trust it refuse the registry', async () => {
    cluster = new Cluster();
    const registry = await cluster.startRegistry(certFlags(pki.registry));
    expect(registry.lines[0]).toMatch(/REST on https:\/\/127\.0\.0\.1:\d+ \(TLS\)$/);
    const worker = await cluster.startWorker('w', ['--id', 'w', '--tls-ca', pki.ca]);
    await cluster.workerState(worker, 'active');

    // REST over https, verified against the CA; heartbeats keep arriving over the TLS stream.
    const url = `https://127.0.0.1:${cluster.httpPort}/api/workers/w`;
    const auth = { authorization: `Bearer ${cluster.adminToken}` };
    const beatAt = async () => {
      const reply = await httpsGet(url, material(pki.ca), auth);
      if (!('status' in reply) || reply.status !== 200) throw new Error(`GET ${url}: ${JSON.stringify(reply)}`);
      return (JSON.parse(reply.body) as { lastHeartbeatAt: number; state: string }).lastHeartbeatAt;
    };
    const first = await beatAt();
    await cluster.until(beatAt, (t) => t > first, 5000, 'a later heartbeat');

    // Clients that do not trust the CA refuse the registry: Node's https, grpc-js, rollcall admin.
    const untrusted = await httpsGet(url, {}, auth);
    expect(untrusted).toEqual({ error: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)$/) });
    const grpcUntrusted = refused(await grpcRegister(cluster.endpoint, sslChannel({}), cluster.joinToken));
    expect(grpcUntrusted.code).toBe(Status.UNAVAILABLE);
    expect(grpcUntrusted.details).toMatch(/certificate/i);
    const admin = await finished(cluster.spawn(['admin', 'list', '--http', `https://127.0.0.1:${cluster.httpPort}`, '--token', cluster.adminToken]));
    expect(admin.code).toBe(1);
    expect(admin.stderr.trim()).toMatch(/^rollcall: cannot reach the registry at https:\S+: its certificate is not signed by a CA we trust \(pass the registry's CA with --tls-ca\)$/);
    const trusted = await finished(cluster.spawn(['admin', 'list', '--http', `https://127.0.0.1:${cluster.httpPort}`, '--token', cluster.adminToken, '--tls-ca', pki.ca]));
    expect(trusted.code, trusted.stderr).toBe(0);
    expect(trusted.stdout).toMatch(/^w\s+w\s+active/m);

    // Plaintext is refused on both ports.
    await expect(fetch(`http://127.0.0.1:${cluster.httpPort}/health`)).rejects.toThrow();
    expect(refused(await grpcRegister(cluster.endpoint, credentials.createInsecure(), cluster.joinToken)).code).toBe(Status.UNAVAILABLE);
    // grpc-js's IP server name warning (DEP0123) is not shown.
    expect(worker.stderr).not.toMatch(/Warning/);
  });

  it('with --tls-ca only clients with a certificate from that CA get in, and worker agents are dialled over mTLS', async () => {
    cluster = new Cluster();
    const registry = await cluster.startRegistry([...certFlags(pki.registry), '--tls-ca', pki.ca]);
    expect(registry.lines[0]).toMatch(/\(TLS, client certificates required\)$/);
    const url = `https://127.0.0.1:${cluster.httpPort}/api/workers`;

    // No certificate, or one from another CA: refused in the handshake.
    expect(await httpsGet(url, material(pki.ca))).toHaveProperty('error');
    expect(await httpsGet(url, material(pki.ca, pki.stranger))).toHaveProperty('error');
    expect(await httpsGet(url, material(pki.ca, pki.worker))).toMatchObject({ status: 200 });
    expect(refused(await grpcRegister(cluster.endpoint, sslChannel(material(pki.ca)), cluster.joinToken)).code).toBe(Status.UNAVAILABLE);
    expect(refused(await grpcRegister(cluster.endpoint, sslChannel(material(pki.ca, pki.stranger)), cluster.joinToken)).code).toBe(Status.UNAVAILABLE);
    expect(await grpcRegister(cluster.endpoint, sslChannel(material(pki.ca, pki.worker)), cluster.joinToken)).toHaveProperty('workerId');

    // A worker with the CA and its certificate registers.
    const member = await cluster.startWorker('m', ['--id', 'm', '--tls-ca', pki.ca, ...certFlags(pki.worker)]);
    await cluster.workerState(member, 'active');

    // Dial-in: a worker that knows no registry serves its agent over mTLS; pre-registered, it
    // is dialled by the registry (with the registry's certificate), attached and registered.
    const waiting = await cluster.startWorker('d', ['--id', 'd', '--tls-ca', pki.ca, ...certFlags(pki.worker)], true);
    const { agentPort } = JSON.parse(await waiting.line((l) => l.includes('"worker.listening"'))) as { agentPort: number };
    const https = `https://127.0.0.1:${cluster.httpPort}`;
    const tlsArgs = ['--http', https, '--token', cluster.adminToken, '--tls-ca', pki.ca, ...certFlags(pki.worker)];
    const preregistered = await finished(cluster.spawn(['admin', 'register', 'd', `127.0.0.1:${agentPort}`, '--id', 'd', ...tlsArgs]));
    expect(preregistered.code, preregistered.stderr).toBe(0);
    await cluster.workerState(waiting, 'active');
    expect(waiting.lines.some((l) => l.includes('"event":"worker.attached"'))).toBe(true);
  });

  it('refuses to start with TLS files it cannot use, in one line, as bad usage (exit 2)', async () => {
    cluster = new Cluster();
    const start = (flags: string[]) =>
      finished(cluster.spawn(['registry', '--grpc-port', '0', '--http-port', '0', '--db', ':memory:', '--join-token', 'j', '--admin-token', 'a', ...flags]));
    const cases: [string[], RegExp][] = [
      [['--tls-cert', join(cluster.dir, 'missing.crt'), '--tls-key', pki.registry.key], /^--tls-cert \S+missing\.crt: does not exist$/],
      [['--tls-cert', pki.registry.key, '--tls-key', pki.registry.key], /^--tls-cert \S+: no PEM certificate in it/],
      [['--tls-cert', pki.registry.cert, '--tls-key', pki.worker.key], /^--tls-key \S+worker\.key does not belong to the certificate in --tls-cert \S+registry\.crt$/],
      [['--tls-cert', pki.registry.cert], /^--tls-cert needs --tls-key$/],
      [['--tls-ca', pki.ca], /^--tls-ca needs --tls-cert and --tls-key/],
    ];
    for (const [flags, message] of cases) {
      const run = await start(flags);
      expect(run.code, run.stderr).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]!.replace(/^rollcall registry: /, '')).toMatch(message);
    }
  });
});
