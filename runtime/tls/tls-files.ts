// TLS material from PEM files (--tls-cert, --tls-key, --tls-ca), read and checked once at
// start-up so that a wrong path, a file that is not PEM, an expired certificate or a key that
// does not belong to its certificate stops the process with one line naming the flag.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface TlsPaths {
  /** This process's certificate chain (PEM): served as a server, presented as a client. */
  cert?: string;
  /** The private key of `cert` (PEM). */
  key?: string;
  /** CA certificates (PEM) trusted to vouch for peers. */
  ca?: string;
}

/** The files' contents, checked. `cert` and `key` come together or not at all. */
export interface TlsMaterial {
  cert?: Buffer;
  key?: Buffer;
  ca?: Buffer;
}

export class TlsError extends Error {
  override name = 'TlsError';
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function read(path: string, flag: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TlsError(`${flag} ${path}: ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`}`);
  }
}

/** Every certificate of a PEM file, or a TlsError when it holds none or a broken one. */
function certificates(pem: Buffer, path: string, flag: string, now: number): X509Certificate[] {
  const blocks = pem.toString('utf8').match(CERT_BLOCK) ?? [];
  if (blocks.length === 0) throw new TlsError(`${flag} ${path}: no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)`);
  return blocks.map((block) => {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (error) {
      throw new TlsError(`${flag} ${path}: not a valid certificate (${(error as Error).message})`);
    }
    if (Date.parse(cert.validTo) < now) throw new TlsError(`${flag} ${path}: the certificate expired on ${cert.validTo}`);
    return cert;
  });
}

function privateKey(pem: Buffer, path: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    throw new TlsError(`--tls-key ${path}: not a PEM private key (expected -----BEGIN PRIVATE KEY----- or similar)`);
  }
}

/**
 * The material of `paths`, checked; null when no path is given (plaintext). `needs` says what
 * this process cannot do without: a server needs its certificate and key.
 */
export function loadTls(paths: TlsPaths, needs: { certificate: boolean }, now = Date.now()): TlsMaterial | null {
  const { cert, key, ca } = paths;
  if (cert === undefined && key === undefined && ca === undefined) return null;
  if ((cert === undefined) !== (key === undefined)) throw new TlsError(cert === undefined ? '--tls-key needs --tls-cert' : '--tls-cert needs --tls-key');
  if (needs.certificate && cert === undefined) throw new TlsError('--tls-ca needs --tls-cert and --tls-key: client certificates are checked only over TLS');
  const material: TlsMaterial = {};
  if (cert !== undefined && key !== undefined) {
    material.cert = read(cert, '--tls-cert');
    material.key = read(key, '--tls-key');
    const leaf = certificates(material.cert, cert, '--tls-cert', now)[0]!;
    if (!leaf.checkPrivateKey(privateKey(material.key, key))) throw new TlsError(`--tls-key ${key} does not belong to the certificate in --tls-cert ${cert}`);
  }
  if (ca !== undefined) {
    material.ca = read(ca, '--tls-ca');
    certificates(material.ca, ca, '--tls-ca', now);
  }
  return material;
}

/** The paths from the flags, else from ROLLCALL_TLS_CERT / _KEY / _CA. */
export function tlsPaths(flags: { tlsCert?: string; tlsKey?: string; tlsCa?: string }, env: NodeJS.ProcessEnv = process.env): TlsPaths {
  const cert = flags.tlsCert ?? env.ROLLCALL_TLS_CERT;
  const key = flags.tlsKey ?? env.ROLLCALL_TLS_KEY;
  const ca = flags.tlsCa ?? env.ROLLCALL_TLS_CA;
  return { ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(ca ? { ca } : {}) };
}
