// Forwarding (docs/scale-out.md, "Reads on any replica"): a standby hands a call it may not serve
// to the leader's REST address, with the caller's method, path, query, headers and body, and
// answers with the leader's reply. The leader then sees the standby as its peer; so that a
// registration by `agentPort` still takes the worker's own IP, and the audit log the caller's,
// the standby says whom it forwards for (`Rollcall-Forwarded-For`) with a proof that only the
// cluster's replicas can make (a hash of the admin token they share), and the leader believes
// that header only with the proof.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import { sameToken } from '../auth/tokens.ts';

export const FORWARDED_BY = 'rollcall-forwarded-by';
const FORWARDED_FOR = 'rollcall-forwarded-for';
const FORWARD_PROOF = 'rollcall-forward-proof';
/** Headers that belong to one connection, or that the forwarded request sets anew. */
const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', FORWARDED_FOR, FORWARD_PROOF]);
/** What of the leader's reply reaches the caller beside its status and body. */
const REPLY_HEADERS = ['content-type', 'retry-after', 'allow', 'location', 'rollcall-served-by'];

/** The proof a replica adds to a call it forwards: derived from the admin token, never the token. */
export function forwardProof(adminToken: string): string {
  return createHash('sha256').update(`rollcall forwarded call\0${adminToken}`).digest('hex');
}

/** The caller's IP: the peer's, or, on a call a replica forwarded with the cluster's proof, the one it names. */
export function callerIp(request: FastifyRequest, proof: string | undefined): string {
  const named = request.headers[FORWARDED_FOR];
  if (proof === undefined || typeof named !== 'string') return request.ip;
  const given = request.headers[FORWARD_PROOF];
  return typeof given === 'string' && sameToken(given, proof) ? named : request.ip;
}

export interface ForwardTarget {
  /** `http://host:port` or `https://host:port`. */
  origin: string;
  /** This replica's name, sent as `Rollcall-Forwarded-By`. */
  by: string;
  proof: string | undefined;
  /** With HTTPS: the CA to verify the leader, and this replica's certificate for mTLS. */
  tls?: Pick<SecureContextOptions, 'ca' | 'cert' | 'key'>;
  timeoutMs: number;
}

export interface ForwardedReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** Sends the caller's request on to the leader; rejects when the leader cannot be reached. */
export function forwardCall(target: ForwardTarget, request: FastifyRequest): Promise<ForwardedReply> {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers as IncomingHttpHeaders)) if (!NOT_FORWARDED.has(name)) headers[name] = value;
  headers[FORWARDED_BY] = target.by;
  headers[FORWARDED_FOR] = callerIp(request, target.proof);
  if (target.proof !== undefined) headers[FORWARD_PROOF] = target.proof;
  const body = request.body === undefined ? undefined : Buffer.from(JSON.stringify(request.body));
  if (body) headers['content-length'] = body.length;
  const url = new URL(request.url, target.origin);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, { method: request.method, headers, timeout: target.timeoutMs, ...(target.tls ?? {}) }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const kept: Record<string, string> = {};
        for (const name of REPLY_HEADERS) {
          const value = incoming.headers[name];
          if (typeof value === 'string') kept[name] = value;
        }
        resolve({ status: incoming.statusCode ?? 502, headers: kept, body: Buffer.concat(chunks) });
      });
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${target.timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
