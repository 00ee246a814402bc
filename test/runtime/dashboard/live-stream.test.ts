// The dashboard's event stream coalesces: however many members change between two ticks, a
// page gets one `members` hint per tick, a summary only when it changed, and nothing at all
// while only heartbeats arrive; the timer runs only while a page is open.
import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveStream } from '../../../runtime/dashboard/live-stream.ts';
import { MemberHistory } from '../../../runtime/dashboard/member-history.ts';

/** A reply whose raw socket records the events written to it. */
function fakeReply() {
  const raw = Object.assign(new EventEmitter(), {
    written: '',
    writeHead: vi.fn(),
    write(chunk: string) {
      raw.written += chunk;
      return true;
    },
    end: () => raw.emit('close'),
  });
  const reply = { raw, hijack: vi.fn() } as unknown as FastifyReply;
  const events = () => [...raw.written.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((m) => `${m[1]} ${m[2]}`);
  return { reply, raw, events };
}

describe('the live stream', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends one members hint per tick however many changes, and summaries only when they change', () => {
    const history = new MemberHistory();
    let summary = '{"total":1}';
    const live = new LiveStream({ summary: () => summary, version: () => history.version }, 400);
    const page = fakeReply();
    live.attach(page.reply);
    expect(page.events()).toEqual(['summary {"total":1}']);

    vi.advanceTimersByTime(400); // first tick: everything is news to the stream
    page.raw.written = '';
    for (let i = 0; i < 500; i++) history.observe(i, 'member', { id: `w-${i}`, from: 'active.idle', to: 'unhealthy', reason: 'no heartbeat' });
    for (let i = 0; i < 5_000; i++) history.observe(i, 'heartbeat', { id: `w-${i % 500}` });
    vi.advanceTimersByTime(400);
    expect(page.events()).toEqual([`members ${history.version}`]);

    page.raw.written = '';
    for (let i = 0; i < 5_000; i++) history.observe(i, 'heartbeat', { id: `w-${i % 500}` });
    vi.advanceTimersByTime(4_000); // ten ticks of heartbeats only
    expect(page.events()).toEqual([]);

    summary = '{"total":2}';
    vi.advanceTimersByTime(1_200);
    expect(page.events()).toEqual(['summary {"total":2}']);
    live.close();
  });

  it('ticks only while a page is open', () => {
    let reads = 0;
    const live = new LiveStream({ summary: () => (reads++, '{}'), version: () => 0 }, 400);
    const page = fakeReply();
    live.attach(page.reply);
    vi.advanceTimersByTime(1_200);
    const whileOpen = reads;
    expect(whileOpen).toBeGreaterThan(1);
    page.raw.emit('close');
    vi.advanceTimersByTime(4_000);
    expect(reads).toBe(whileOpen);
    expect(vi.getTimerCount()).toBe(0);
  });
});
