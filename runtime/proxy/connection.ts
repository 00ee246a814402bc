// One client connection through a proxy: the dial to the upstream, then two links
// (upstream: client → server, downstream: server → client). When either link's chain ends its
// destination is closed outright, the other link sees its source go and ends too (Toxiproxy
// does not keep half-closed connections).
import { connect, type NetConnectOpts, type Socket } from 'node:net';
import type { HostPort } from './address.ts';
import { Link } from './link.ts';
import type { Random } from './random.ts';
import type { Direction, ToxicSpec } from './toxic-spec.ts';

// Stream buffer per socket direction: large enough that a fast pipe rarely pauses its source.
export const SOCKET_BUFFER_BYTES = 1 << 20;

export interface ConnectionHooks {
  random: Random;
  toxics(direction: Direction): readonly ToxicSpec[];
  onClosed(connection: Connection): void;
}

export class Connection {
  readonly client: Socket;
  private server: Socket | undefined;
  private links: Link[] = [];
  // Set once a reset_peer toxic is on the connection: every later close is an RST.
  private lingerZero = false;
  private readonly hooks: ConnectionHooks;
  private closed = false;
  private finished = false;

  constructor(client: Socket, hooks: ConnectionHooks) {
    this.client = client;
    this.hooks = hooks;
    client.setNoDelay(true);
    client.on('error', () => {});
    client.once('close', () => this.finishIfClosed());
  }

  // Dials the upstream; a failed dial closes the client (it sees connect, then FIN).
  dial(upstream: HostPort | undefined): void {
    if (!upstream) return this.close();
    // highWaterMark is honoured by net.Socket but missing from @types/node's connect options.
    const options: NetConnectOpts & { highWaterMark: number } = {
      host: upstream.host || 'localhost',
      port: upstream.port,
      allowHalfOpen: true,
      noDelay: true,
      highWaterMark: SOCKET_BUFFER_BYTES,
    };
    const server = connect(options);
    this.server = server;
    server.on('error', () => {});
    server.once('close', () => {
      if (this.links.length === 0) this.close();
      this.finishIfClosed();
    });
    server.once('connect', () => {
      if (this.closed || this.client.destroyed) return this.close();
      this.start(server);
    });
  }

  // Direction name → the link carrying it; undefined before the upstream answered.
  link(direction: Direction): Link | undefined {
    return this.links.find((link) => link.direction === direction);
  }

  addToxic(spec: ToxicSpec): void {
    if (spec.kind.type === 'reset_peer') this.lingerZero = true;
    this.link(spec.direction)?.add(spec);
  }

  // Closes both sockets now (proxy stopped or deleted); data held in toxics is discarded.
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const link of this.links) link.halt();
    for (const socket of [this.client, this.server]) {
      if (socket) this.destroySocket(socket);
    }
    this.finishIfClosed();
  }

  private start(server: Socket): void {
    const random = this.hooks.random;
    const closeSocket = (socket: Socket): void => {
      if (this.lingerZero) return this.destroySocket(socket);
      socket.end(() => socket.destroy());
    };
    const upstreamToxics = this.hooks.toxics('upstream');
    const downstreamToxics = this.hooks.toxics('downstream');
    this.lingerZero = [...upstreamToxics, ...downstreamToxics].some((spec) => spec.kind.type === 'reset_peer');
    this.links = [
      new Link('upstream', this.client, server, upstreamToxics, { random, closeSocket }),
      new Link('downstream', server, this.client, downstreamToxics, { random, closeSocket }),
    ];
    for (const link of this.links) link.start();
  }

  private destroySocket(socket: Socket): void {
    if (socket.destroyed) return;
    if (this.lingerZero && !socket.connecting) socket.resetAndDestroy();
    else socket.destroy();
  }

  private finishIfClosed(): void {
    const serverGone = this.server === undefined || this.server.destroyed;
    if (this.finished || !this.client.destroyed || !serverGone) return;
    this.finished = true;
    this.closed = true;
    for (const link of this.links) link.halt();
    this.hooks.onClosed(this);
  }

  sentReceived(): { direction: Direction; receivedBytes: number; sentBytes: number }[] {
    return this.links.map(({ direction, receivedBytes, sentBytes }) => ({ direction, receivedBytes, sentBytes }));
  }
}
