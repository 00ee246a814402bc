// A throwaway public-key infrastructure for the TLS tests, made at run time with the openssl
// CLI: a cluster CA with a certificate for the registry and one for a worker, and a second,
// unrelated CA with a certificate of its own (a stranger). Every leaf names 127.0.0.1 and
// localhost and may serve as a server or as a client (the registry dials worker agents).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyPair {
  cert: string;
  key: string;
}

export interface TestPki {
  /** The cluster CA's certificate. */
  ca: string;
  registry: KeyPair;
  worker: KeyPair;
  /** The other CA's certificate, and a leaf it signed. */
  otherCa: string;
  stranger: KeyPair;
  /** Reads a file of the PKI. */
  read(path: string): Buffer;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: string[], dir: string): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string): string {
  openssl(['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=rollcall test ${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  return name;
}

function makeLeaf(dir: string, ca: string, name: string): KeyPair {
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, [
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth,clientAuth',
  ].join('\n') + '\n');
  openssl(['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=rollcall test ${name}`], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '2', '-extfile', ext], dir);
  return { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
}

/** Makes the PKI in `dir` (about 0.1 s of openssl). */
export function makeTestPki(dir: string): TestPki {
  const ca = makeCa(dir, 'cluster-ca');
  const other = makeCa(dir, 'other-ca');
  return {
    ca: join(dir, `${ca}.crt`),
    registry: makeLeaf(dir, ca, 'registry'),
    worker: makeLeaf(dir, ca, 'worker'),
    otherCa: join(dir, `${other}.crt`),
    stranger: makeLeaf(dir, other, 'stranger'),
    read: (path) => readFileSync(path),
  };
}
