// The shared heartbeat loop and its transports, on a virtual clock with a scripted registry.
import { describe, expect, it } from 'vitest';
import type { HeartbeatReply, HeartbeatRequest } from '../../../machines/registry/registry.types.ts';
import type { HeartbeatLoopInput } from '../../../machines/worker.machine.ts';
import { VirtualClock } from '../../../runtime/clock/virtual-clock.ts';
import type { HeartbeatStream, RegistryConnection, RpcResult } from '../../../runtime/grpc/registry-connection.ts';
import { streamBeats } from '../../../runtime/worker/beat-transports.ts';
import { startHeartbeatLoop, type BeatTransport, type LoopReport } from '../../../runtime/worker/heartbeat-loop.ts';

const input = (extra: Partial<HeartbeatLoopInput> = {}): HeartbeatLoopInput => ({
  workerId: 'w',
  epoch: 1,
  sessionToken: 't',
  firstDelayMs: 500,
  intervalMs: 1000,
  mode: 'active',
  reportAcks: false,
  ...extra,
});

/** A transport answering each beat synchronously from a script of replies. */
function scripted(replies: RpcResult<HeartbeatReply>[]) {
  const sent: { at: number; request: HeartbeatRequest }[] = [];
  let closed = false;
  const clock = new VirtualClock();
  const transport: BeatTransport = {
    beat(request, done) {
      sent.push({ at: clock.now(), request });
      done(replies.shift() ?? { ok: true, value: { instruction: 'none', heartbeatIntervalMs: 1000 } });
    },
    close() {
      closed = true;
    },
  };
  return { clock, transport, sent, closed: () => closed };
}

const ack = (instruction: HeartbeatReply['instruction'] = 'none', heartbeatIntervalMs = 1000): RpcResult<HeartbeatReply> => ({
  ok: true,
  value: { instruction, heartbeatIntervalMs },
});

describe('heartbeat loop', () => {
  it('beats after the first delay, then every interval, and reports nothing for steady acks', () => {
    const s = scripted([]);
    const reports: LoopReport[] = [];
    startHeartbeatLoop(s.clock, input(), () => ({ currentJobs: 2 }), s.transport, (r) => reports.push(r));
    s.clock.runUntil(3500);
    expect(s.sent.map((b) => b.at)).toEqual([500, 1500, 2500, 3500]);
    expect(s.sent[0]!.request).toMatchObject({ workerId: 'w', epoch: 1, sessionToken: 't', currentJobs: 2 });
    expect(reports).toEqual([]);
  });

  it('reports instructions and a new interval, and adopts the interval itself', () => {
    const s = scripted([ack('none', 4000), ack('drain', 4000)]);
    const reports: LoopReport[] = [];
    startHeartbeatLoop(s.clock, input(), () => ({ currentJobs: 0 }), s.transport, (r) => reports.push(r));
    s.clock.runUntil(5000);
    expect(s.sent.map((b) => b.at)).toEqual([500, 4500]);
    expect(reports).toEqual([
      { type: 'heartbeat.acked', instruction: 'none', heartbeatIntervalMs: 4000 },
      { type: 'heartbeat.acked', instruction: 'drain', heartbeatIntervalMs: 4000 },
    ]);
  });

  it('reports every ack while asked to, until acks.quiet', () => {
    const s = scripted([]);
    const reports: LoopReport[] = [];
    const loop = startHeartbeatLoop(s.clock, input({ reportAcks: true }), () => ({ currentJobs: 0 }), s.transport, (r) => reports.push(r));
    s.clock.runUntil(1500);
    loop.receive({ type: 'acks.quiet' });
    s.clock.runUntil(4500);
    expect(reports).toHaveLength(2);
  });

  it('stops beating after a failure while active, keeps beating while draining', () => {
    const failure: RpcResult<HeartbeatReply> = { ok: false, code: 'UNAVAILABLE', message: 'down' };
    for (const [mode, beats] of [['active', 1], ['draining', 4]] as const) {
      const s = scripted([failure, failure, failure, failure]);
      const reports: LoopReport[] = [];
      startHeartbeatLoop(s.clock, input({ mode }), () => ({ currentJobs: 0 }), s.transport, (r) => reports.push(r));
      s.clock.runUntil(3500);
      expect(s.sent).toHaveLength(beats);
      expect(reports[0]).toEqual({ type: 'heartbeat.failed', code: 'UNAVAILABLE', message: 'down' });
    }
  });

  it('stop cancels the next beat and closes the transport', () => {
    const s = scripted([]);
    const loop = startHeartbeatLoop(s.clock, input(), () => ({ currentJobs: 0 }), s.transport, () => {});
    s.clock.runUntil(600);
    loop.stop();
    s.clock.runUntil(10_000);
    expect(s.sent).toHaveLength(1);
    expect(s.closed()).toBe(true);
  });
});

describe('heartbeats on a stream', () => {
  function fakeConnection() {
    const opened: { sent: HeartbeatRequest[]; reply: (r: RpcResult<HeartbeatReply>) => void; closed: boolean }[] = [];
    const connection = {
      openHeartbeatStream(onReply: (r: RpcResult<HeartbeatReply>) => void): HeartbeatStream {
        const entry = { sent: [] as HeartbeatRequest[], reply: onReply, closed: false };
        opened.push(entry);
        return { send: (r) => entry.sent.push(r), close: () => (entry.closed = true) };
      },
    } as unknown as RegistryConnection;
    return { connection, opened };
  }
  const beat = (n: number): HeartbeatRequest => ({ workerId: 'w', epoch: 1, sessionToken: 't', currentJobs: n });

  it('matches replies to beats in order on one stream', () => {
    const clock = new VirtualClock();
    const { connection, opened } = fakeConnection();
    const transport = streamBeats(connection, clock, 5000);
    const outcomes: number[] = [];
    transport.beat(beat(1), (r) => outcomes.push(r.ok ? r.value.heartbeatIntervalMs : -1));
    transport.beat(beat(2), (r) => outcomes.push(r.ok ? r.value.heartbeatIntervalMs : -1));
    opened[0]!.reply(ack('none', 11));
    opened[0]!.reply(ack('none', 22));
    expect(outcomes).toEqual([11, 22]);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.sent.map((r) => r.currentJobs)).toEqual([1, 2]);
  });

  it('fails a beat that gets no reply in time, closes the stream and opens a new one next time', () => {
    const clock = new VirtualClock();
    const { connection, opened } = fakeConnection();
    const transport = streamBeats(connection, clock, 5000);
    const outcomes: string[] = [];
    transport.beat(beat(1), (r) => outcomes.push(r.ok ? 'ok' : r.code));
    clock.runUntil(5000);
    expect(outcomes).toEqual(['DEADLINE_EXCEEDED']);
    expect(opened[0]!.closed).toBe(true);
    transport.beat(beat(2), (r) => outcomes.push(r.ok ? 'ok' : r.code));
    expect(opened).toHaveLength(2);
    opened[1]!.reply(ack());
    expect(outcomes).toEqual(['DEADLINE_EXCEEDED', 'ok']);
  });

  it('a broken stream fails every beat waiting on it', () => {
    const clock = new VirtualClock();
    const { connection, opened } = fakeConnection();
    const transport = streamBeats(connection, clock, 5000);
    const outcomes: string[] = [];
    transport.beat(beat(1), (r) => outcomes.push(r.ok ? 'ok' : r.code));
    transport.beat(beat(2), (r) => outcomes.push(r.ok ? 'ok' : r.code));
    opened[0]!.reply({ ok: false, code: 'UNAVAILABLE', message: 'reset' });
    expect(outcomes).toEqual(['UNAVAILABLE', 'UNAVAILABLE']);
    clock.runUntil(10_000);
    expect(outcomes).toHaveLength(2);
  });
});
