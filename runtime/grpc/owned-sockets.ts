// Channel credentials that also hand every socket a channel opens to their owner, so that a
// one-shot client (the registry's dial-in) can close them all when it is done. grpc-js closes
// a connection only once it has become ready: one whose peer accepted TCP but never answered
// HTTP/2 stays open after the channel is closed, one per dial-in to a wedged worker, until the
// process exits (issue #16).
import type { Socket } from 'node:net';
import { ChannelCredentials } from '@grpc/grpc-js';

type ConnectorArgs = Parameters<ChannelCredentials['_createSecureConnector']>;
type SecureConnector = ReturnType<ChannelCredentials['_createSecureConnector']>;

export class OwnedSockets extends ChannelCredentials {
  readonly #inner: ChannelCredentials;
  readonly #sockets = new Set<Socket>();
  #closed = false;

  constructor(inner: ChannelCredentials) {
    super();
    this.#inner = inner;
  }

  /** Sockets opened and not yet closed. */
  get open(): number {
    return this.#sockets.size;
  }

  /** Destroys every socket opened so far, and any opened from now on. */
  closeAll(): void {
    this.#closed = true;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  _isSecure(): boolean {
    return this.#inner._isSecure();
  }

  /** Never equal to another: no other channel shares this one's connections. */
  _equals(other: ChannelCredentials): boolean {
    return other === this;
  }

  _createSecureConnector(...args: ConnectorArgs): SecureConnector {
    const connector = this.#inner._createSecureConnector(...args);
    return {
      connect: (socket) => {
        this.#own(socket);
        return connector.connect(socket);
      },
      waitForReady: () => connector.waitForReady(),
      getCallCredentials: () => connector.getCallCredentials(),
      destroy: () => connector.destroy(),
    };
  }

  #own(socket: Socket): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }
}
