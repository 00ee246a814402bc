// One toxic running on one link: an input queue, the toxic's pipe function, and the next
// stage (or the link's sink) as output. Implements the Stub a pipe function sees.
// Interrupting resolves any pending read or sleep, waits for the pipe to return, and leaves
// queued input in place, so updates and removals never lose data.
import type { Random } from './random.ts';
import type { ToxicSpec } from './toxic-spec.ts';
import { noop } from './toxics/noop.toxic.ts';
import type { Chunk, Read, Stub } from './toxics/toxic.ts';

export interface Inlet {
  push(chunk: Chunk): void;
  end(): void;
}

export interface StageHooks {
  random: Random;
  now(): number;
  // Called when queued bytes were taken, so the link may resume a paused source.
  onDrain(): void;
}

// setTimeout's largest delay; longer sleeps last until interrupted.
const TIMER_MS_MAX = 2 ** 31 - 1;

export class ToxicStage implements Stub, Inlet {
  readonly spec: ToxicSpec;
  next: Inlet;
  readonly state: Record<string, number> = {};
  queuedBytes = 0;
  private readonly hooks: StageHooks;
  private queue: Chunk[] = [];
  private eof = false;
  private closed = false;
  private interrupted = false;
  private waiter: ((read: Read) => void) | undefined;
  private waitTimer: NodeJS.Timeout | undefined;
  private sleeper: ((completed: boolean) => void) | undefined;
  private sleepTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(spec: ToxicSpec, next: Inlet, hooks: StageHooks) {
    this.spec = spec;
    this.next = next;
    this.hooks = hooks;
  }

  // Runs the toxic with its current settings, or noop if this run's toxicity draw fails.
  start(): void {
    if (this.closed) return;
    const live = this.hooks.random() < this.spec.toxicity;
    const pipe = live ? this.spec.kind.pipe(this, { ...this.spec.attributes }) : noop.pipe(this, {});
    this.running = pipe.catch((error: unknown) => {
      process.stderr.write(`rollcall proxy: toxic ${this.spec.name} failed, closing its connection: ${String(error)}\n`);
      this.close();
    });
  }

  async interrupt(): Promise<void> {
    this.interrupted = true;
    this.wake('interrupted', false);
    await this.running;
    this.interrupted = false;
  }

  // Stops for good (the connection is gone): no more output, timers cleared.
  halt(): void {
    this.closed = true;
    this.interrupted = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.wake('interrupted', false);
  }

  // Hands everything still queued to `next`, in order (used when the stage is removed).
  flushTo(next: Inlet): void {
    if (this.closed) return;
    for (const chunk of this.queue) next.push(chunk);
    if (this.eof) next.end();
    this.halt();
  }

  push(chunk: Chunk): void {
    if (this.closed) return;
    if (this.waiter && this.queue.length === 0) return this.deliver(chunk);
    this.queue.push(chunk);
    this.queuedBytes += chunk.data.length;
  }

  end(): void {
    if (this.closed || this.eof) return;
    this.eof = true;
    if (this.waiter && this.queue.length === 0) this.deliver('eof');
  }

  read(idleMs?: number): Promise<Read> {
    if (this.interrupted) return Promise.resolve('interrupted');
    const chunk = this.queue.shift();
    if (chunk) {
      this.queuedBytes -= chunk.data.length;
      this.hooks.onDrain();
      return Promise.resolve(chunk);
    }
    if (this.eof) return Promise.resolve('eof');
    return new Promise((resolve) => {
      this.waiter = resolve;
      if (idleMs !== undefined && idleMs <= TIMER_MS_MAX) {
        this.waitTimer = setTimeout(() => this.deliver('timeout'), idleMs);
      }
    });
  }

  write(chunk: Chunk): void {
    if (!this.closed) this.next.push(chunk);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.next.end();
  }

  sleep(ms: number): Promise<boolean> {
    if (this.interrupted) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.sleeper = resolve;
      if (ms <= TIMER_MS_MAX) {
        this.sleepTimer = setTimeout(() => {
          this.sleeper = undefined;
          resolve(true);
        }, Math.max(0, ms));
      }
    });
  }

  now(): number {
    return this.hooks.now();
  }

  random(): number {
    return this.hooks.random();
  }

  private deliver(read: Read): void {
    clearTimeout(this.waitTimer);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.(read);
  }

  private wake(read: Read, completed: boolean): void {
    this.deliver(read);
    clearTimeout(this.sleepTimer);
    const sleeper = this.sleeper;
    this.sleeper = undefined;
    sleeper?.(completed);
  }
}
