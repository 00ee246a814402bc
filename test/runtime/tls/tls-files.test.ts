// Reading TLS material: what is given is checked at once, and every problem is one line naming
// the flag and the file. The PKI is made at run time with openssl (test/support/test-pki.ts).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTls, tlsPaths } from '../../../runtime/tls/tls-files.ts';
import { makeTestPki, type TestPki } from '../../support/test-pki.ts';

let pki: TestPki;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rollcall-tls-'));
  pki = makeTestPki(dir);
});

function problem(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a TlsError');
}

describe('loadTls', () => {
  it('is null without any path, and reads what it is given', () => {
    expect(loadTls({}, { certificate: true })).toBeNull();
    const both = join(dir, 'both-cas.crt');
    writeFileSync(both, Buffer.concat([readFileSync(pki.ca), readFileSync(pki.otherCa)]));
    const material = loadTls({ cert: pki.registry.cert, key: pki.registry.key, ca: both }, { certificate: true })!;
    expect(material.cert?.toString()).toContain('BEGIN CERTIFICATE');
    expect(material.ca?.toString().match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    // A client may trust a CA without a certificate of its own; a server may not.
    expect(loadTls({ ca: pki.ca }, { certificate: false })).toEqual({ ca: readFileSync(pki.ca) });
    expect(problem(() => loadTls({ ca: pki.ca }, { certificate: true }))).toBe('--tls-ca needs --tls-cert and --tls-key: client certificates are checked only over TLS');
  });

  it('names the flag and the file of every problem, in one line', () => {
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n');
    const cases: [Parameters<typeof loadTls>[0], string][] = [
      [{ key: pki.worker.key }, '--tls-key needs --tls-cert'],
      [{ cert: join(dir, 'nope.crt'), key: pki.worker.key }, `--tls-cert ${join(dir, 'nope.crt')}: does not exist`],
      [{ cert: dir, key: pki.worker.key }, `--tls-cert ${dir}: cannot be read (EISDIR)`],
      [{ cert: pki.worker.key, key: pki.worker.key }, `--tls-cert ${pki.worker.key}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)`],
      [{ cert: pki.worker.cert, key: pki.worker.cert }, `--tls-key ${pki.worker.cert}: not a PEM private key (expected -----BEGIN PRIVATE KEY----- or similar)`],
      [{ cert: pki.worker.cert, key: pki.stranger.key }, `--tls-key ${pki.stranger.key} does not belong to the certificate in --tls-cert ${pki.worker.cert}`],
      [{ ca: garbage }, `--tls-ca ${garbage}: not a valid certificate`],
    ];
    for (const [paths, message] of cases) {
      const said = problem(() => loadTls(paths, { certificate: false }));
      expect(said.startsWith(message), said).toBe(true);
      expect(said).not.toContain('\n');
    }
  });

  it('refuses an expired certificate, saying when it expired', () => {
    const later = Date.parse('2999-01-01T00:00:00Z');
    expect(problem(() => loadTls({ cert: pki.worker.cert, key: pki.worker.key }, { certificate: false }, later))).toMatch(/^--tls-cert \S+worker\.crt: the certificate expired on .+ GMT$/);
    expect(problem(() => loadTls({ ca: pki.ca }, { certificate: false }, later))).toMatch(/^--tls-ca \S+cluster-ca\.crt: the certificate expired on /);
  });

  it('takes paths from the flags, else from ROLLCALL_TLS_*', () => {
    const env = { ROLLCALL_TLS_CERT: 'e.crt', ROLLCALL_TLS_KEY: 'e.key', ROLLCALL_TLS_CA: 'e-ca.crt' };
    expect(tlsPaths({}, env)).toEqual({ cert: 'e.crt', key: 'e.key', ca: 'e-ca.crt' });
    expect(tlsPaths({ tlsCa: 'f-ca.crt' }, env)).toEqual({ cert: 'e.crt', key: 'e.key', ca: 'f-ca.crt' });
    expect(tlsPaths({}, {})).toEqual({});
  });
});
