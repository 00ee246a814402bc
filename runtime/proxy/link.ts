// One direction of a proxied connection: bytes read from `source` pass through a chain of
// toxic stages and are written to `dest`. With no toxics the link pipes socket to socket with
// plain backpressure; a toxic added to a live link takes over from the next chunk on.
import type { Socket } from 'node:net';
import type { Random } from './random.ts';
import { type Inlet, ToxicStage } from './toxic-stage.ts';
import type { Direction, ToxicSpec } from './toxic-spec.ts';
import type { Chunk } from './toxics/toxic.ts';

// Bytes a link may hold in its toxic queues and dest buffer before it stops reading.
const PENDING_BYTES_MAX = 1 << 20;

export interface LinkHooks {
  random: Random;
  // How the link closes its destination when its chain ends (FIN, or RST with linger 0).
  closeSocket(socket: Socket): void;
}

export class Link {
  readonly direction: Direction;
  receivedBytes = 0;
  sentBytes = 0;
  private readonly source: Socket;
  private readonly dest: Socket;
  private readonly hooks: LinkHooks;
  private stages: ToxicStage[] = [];
  private readonly sink: Inlet;
  private paused = false;
  private ended = false;

  constructor(direction: Direction, source: Socket, dest: Socket, toxics: readonly ToxicSpec[], hooks: LinkHooks) {
    this.direction = direction;
    this.source = source;
    this.dest = dest;
    this.hooks = hooks;
    this.sink = {
      push: (chunk) => this.writeDest(chunk.data),
      end: () => this.hooks.closeSocket(this.dest),
    };
    for (const spec of toxics) this.append(spec);
  }

  start(): void {
    this.source.on('data', this.onData);
    this.source.once('end', this.onEnd);
    this.source.once('close', this.onEnd);
    this.dest.on('drain', this.resumeIfDrained);
    for (const stage of this.stages) stage.start();
  }

  add(spec: ToxicSpec): void {
    if (this.ended) return;
    this.append(spec).start();
  }

  async update(name: string): Promise<void> {
    const stage = this.stages.find((candidate) => candidate.spec.name === name);
    if (!stage) return;
    await stage.interrupt();
    stage.start();
  }

  async remove(name: string): Promise<void> {
    const stage = this.stages.find((candidate) => candidate.spec.name === name);
    if (!stage) return;
    await stage.interrupt();
    // Toxiproxy's timeout toxic closes its stub on removal, ending the connection.
    if (stage.spec.kind.type === 'timeout') stage.close();
    const index = this.stages.indexOf(stage);
    this.stages.splice(index, 1);
    const previous = this.stages[index - 1];
    if (previous) previous.next = stage.next;
    stage.flushTo(stage.next);
    this.resumeIfDrained();
  }

  halt(): void {
    this.ended = true;
    for (const stage of this.stages) stage.halt();
  }

  private append(spec: ToxicSpec): ToxicStage {
    const stage = new ToxicStage(spec, this.sink, {
      random: this.hooks.random,
      now: () => performance.now(),
      onDrain: this.resumeIfDrained,
    });
    const last = this.stages.at(-1);
    if (last) last.next = stage;
    this.stages.push(stage);
    return stage;
  }

  private readonly onData = (data: Buffer): void => {
    this.receivedBytes += data.length;
    const head = this.stages[0];
    if (head === undefined) {
      this.writeDest(data);
      return;
    }
    head.push({ data, at: performance.now() });
    if (!this.paused && this.pendingBytes() > PENDING_BYTES_MAX) this.pause();
  };

  private readonly onEnd = (): void => {
    if (this.ended) return;
    this.ended = true;
    (this.stages[0] ?? this.sink).end();
  };

  private writeDest(data: Buffer): void {
    if (this.dest.destroyed || this.dest.writableEnded) return;
    this.sentBytes += data.length;
    if (!this.dest.write(data) && !this.paused) this.pause();
  }

  private pause(): void {
    this.paused = true;
    this.source.pause();
  }

  private readonly resumeIfDrained = (): void => {
    if (!this.paused || this.pendingBytes() > PENDING_BYTES_MAX / 2 || this.dest.writableNeedDrain) return;
    this.paused = false;
    this.source.resume();
  };

  private pendingBytes(): number {
    let bytes = this.dest.writableLength;
    for (const stage of this.stages) bytes += stage.queuedBytes;
    return bytes;
  }
}
