// Clients for the TLS tests that are not rollcall's own: a Node https GET and a raw gRPC
// Register call, each with exactly the TLS material a test gives it, so that what a client
// without the CA, without a certificate or with a stranger's certificate gets can be checked.
import { Client, Metadata, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import { request } from 'node:https';
import { methodOf, registryMethods } from '../../runtime/grpc/load-proto.ts';
import { grpcChannelCredentials } from '../../runtime/tls/credentials.ts';

export interface HttpsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** GET over https: the status and body, or the error the connection ended with (its `code`). */
export function httpsGet(url: string, tls: HttpsMaterial, headers: Record<string, string> = {}): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request(url, { ...tls, headers, signal: AbortSignal.timeout(5000) }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

/** One Register call over `channel`: the reply, or the gRPC error. */
export function grpcRegister(endpoint: string, channel: ChannelCredentials, joinToken: string): Promise<{ workerId: string } | ServiceError> {
  const method = methodOf<object, { workerId: string }>(registryMethods, 'Register');
  const client = new Client(endpoint, channel);
  const request = { name: 'probe', address: '127.0.0.1:9', maxConcurrentJobs: 1, joinToken };
  return new Promise((resolve) => {
    client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, request, new Metadata(), { deadline: Date.now() + 3000 }, (error, reply) => {
      client.close();
      resolve(error ?? reply!);
    });
  });
}

/** TLS with exactly this material (none: the system's roots, no certificate), as rollcall builds it. */
export function sslChannel(tls: HttpsMaterial): ChannelCredentials {
  return grpcChannelCredentials(tls);
}
