// TLS material as each transport wants it. One rule everywhere: a certificate and key make a
// server speak TLS (and a client present them); a CA makes a server require client
// certificates signed by it, and a client verify the server against it instead of the
// system's roots. Without material, everything stays plaintext.
import { credentials, ServerCredentials, type ChannelCredentials } from '@grpc/grpc-js';
import type { SecureContextOptions } from 'node:tls';
import type { TlsMaterial } from './tls-files.ts';

/** A gRPC server's credentials: TLS with the certificate; mTLS with a CA too. */
export function grpcServerCredentials(tls: TlsMaterial | null): ServerCredentials {
  if (!tls?.cert || !tls.key) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(tls.ca ?? null, [{ cert_chain: tls.cert, private_key: tls.key }], tls.ca !== undefined);
}

let quieted = false;

/**
 * grpc-js passes the target's host as the TLS server name even when it is an IP address, and
 * Node warns about that (DEP0123) on stderr. The certificate is still checked against the IP
 * (its subjectAltName must name it), so this one warning is dropped; every other passes.
 */
function quietIpServerNameWarning(): void {
  if (quieted) return;
  quieted = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0123') return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** A gRPC client's credentials: verify the server (CA or system roots), present a certificate if there is one. */
export function grpcChannelCredentials(tls: TlsMaterial | null): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  quietIpServerNameWarning();
  return credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
}

/** Node's https server options: the certificate; with a CA, client certificates required and verified. */
export function httpsServerOptions(tls: TlsMaterial): SecureContextOptions & { requestCert?: boolean; rejectUnauthorized?: boolean } {
  return {
    cert: tls.cert,
    key: tls.key,
    ...(tls.ca ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {}),
  };
}

/** Node's https client options: the CA to verify the server, the client certificate if any. */
export function httpsClientOptions(tls: TlsMaterial | null): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  return { ...(tls?.ca ? { ca: tls.ca } : {}), ...(tls?.cert ? { cert: tls.cert } : {}), ...(tls?.key ? { key: tls.key } : {}) };
}
