// The heartbeat bench's load generator, run as its own process (or G of them, --generators) so
// that its CPU is not the server's. It makes its sessions (rollcall registrations or etcd
// leases), says `ready` on stdout, and then follows the parent's lines on stdin: `go` starts
// the heartbeats (the warm-up), `measure` opens the measured window, `stop` closes it; it then
// prints one JSON line of results (counts and a latency histogram, see latency-histogram.ts).
// After `go` it says `steady MS on|behind` once it has been on schedule for a second
// (on-schedule.ts; at once at full speed), or after STEADY_WAIT_MAX_MS without (`behind`).
// The parent reads the server's CPU counters as it sends `measure` and `stop`.
//   node bench/heartbeat/load-generator.ts --target 127.0.0.1:PORT [--protocol rollcall|etcd]
//     [--workers 1000] [--streams 10] [--mode stream|unary] [--rate R] [--window 32] [--prefix bench-]
//     [--join-token T] [--beat-target HOST:PORT (default --target)]
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { createInterface } from 'node:readline';
import { LatencyHistogram } from './latency-histogram.ts';
import { OnSchedule, STEADY_WAIT_MAX_MS } from './on-schedule.ts';
import { wireProtocol, type WireProtocol } from './wire-protocols.ts';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const target = arg('target', '');
const protocol: WireProtocol = wireProtocol(arg('protocol', 'rollcall'));
const workers = Number(arg('workers', '1000'));
const streams = Number(arg('streams', '10'));
const mode = arg('mode', 'stream');
const rate = Number(arg('rate', '0')); // heartbeats per second in all; 0 = full speed
const windowSize = Number(arg('window', '32')); // in flight per stream, or per unary lane
const prefix = arg('prefix', 'bench-');
const joinToken = arg('join-token', '');
if (!target) throw new Error('--target HOST:PORT is required');

// Heartbeats may go elsewhere than registrations: to a standby replica (docs/scale-out.md).
const beatTarget = arg('beat-target', target);
const channels = Array.from({ length: Math.max(1, Math.ceil(streams / 10)) }, (_, i) =>
  new Client(beatTarget, credentials.createInsecure(), { 'grpc.max_concurrent_streams': 1000, 'rollcall.channel': i }));
const registrar = beatTarget === target ? channels[0]! : new Client(target, credentials.createInsecure());

let measuring = false;
let sent = 0;
let acked = 0;
let errors = 0;
const latency = new LatencyHistogram();
const schedule = new OnSchedule();
const record = (sentAt: number, ack: object | undefined) => {
  schedule.acked(performance.now() - sentAt);
  if (!measuring) return;
  acked++;
  if (!ack || protocol.refused(ack)) errors++;
  latency.record(performance.now() - sentAt);
};

/** `send(at)`: one heartbeat, its latency counted from `at` (when it was due). */
interface Lane { send(at: number): boolean; inFlight(): number; oldestDue(): number; close(): void }

function streamLane(client: Client, bodies: object[]): Lane {
  const method = protocol.stream;
  const call = client.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, new Metadata(), {});
  const sentAt: number[] = [];
  let head = 0;
  let next = 0;
  let closed = false;
  call.on('data', (ack: object) => {
    record(sentAt[head++]!, ack);
    if (head > 4096) { sentAt.splice(0, head); head = 0; }
    pump();
  });
  call.on('error', (e) => { if (!closed) { console.error(`stream broke: ${e.message}`); process.exitCode = 1; } });
  return {
    send(at) {
      sentAt.push(at);
      if (measuring) sent++;
      return call.write(bodies[next++ % bodies.length]!);
    },
    inFlight: () => sentAt.length - head,
    oldestDue: () => sentAt[head] ?? Infinity,
    close() { closed = true; call.end(); },
  };
}

function unaryLane(client: Client, bodies: object[]): Lane {
  const method = protocol.unary;
  if (!method) throw new Error(`${protocol.name} has no unary heartbeat: use --mode stream`);
  const dueInFlight = new Map<number, number>(); // in sending order: the first is the oldest
  let next = 0;
  return {
    send(at) {
      const id = next;
      dueInFlight.set(id, at);
      if (measuring) sent++;
      client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, bodies[next++ % bodies.length]!, new Metadata(), {}, (e, ack) => {
        dueInFlight.delete(id);
        record(at, e ? undefined : ack);
        pump();
      });
      return true;
    },
    inFlight: () => dueInFlight.size,
    oldestDue: () => dueInFlight.values().next().value ?? Infinity,
    close() {},
  };
}

let lanes: Lane[] = [];
let running = false;
let startedAt = 0;
let scheduled = 0; // fixed rate: heartbeats sent so far; the k-th is due at startedAt + k / rate
let nextLane = 0;

/**
 * Full speed: keep every lane's window full. Fixed rate: send what is due, round robin over the
 * lanes with room in their window. A heartbeat that waits here for room is late, and its
 * latency counts from when it was due (no coordinated omission); the window keeps a backlog
 * here rather than in grpc-js's buffers, whose cost per message grows with their length.
 */
function pump(): void {
  if (!running) return;
  if (rate === 0) {
    for (const lane of lanes) while (lane.inFlight() < windowSize) lane.send(performance.now());
    return;
  }
  const due = Math.floor(((performance.now() - startedAt) / 1000) * rate);
  for (let full = 0; scheduled < due && full < lanes.length; ) {
    const lane = lanes[nextLane++ % lanes.length]!;
    if (lane.inFlight() >= windowSize) {
      full++;
      continue;
    }
    full = 0;
    lane.send(startedAt + (scheduled++ * 1000) / rate);
  }
}

/** Says `steady` once on schedule (at once at full speed, where nothing is ever due), or when it gives up. */
function reportSteady(): void {
  const goneAt = performance.now();
  const say = (how: 'on' | 'behind') => console.log(`steady ${Math.round(performance.now() - goneAt)} ${how}`);
  if (rate === 0) return say('on');
  const look = setInterval(() => {
    const now = performance.now();
    const unsentDue = scheduled < Math.floor(((now - startedAt) / 1000) * rate) ? startedAt + (scheduled * 1000) / rate : Infinity;
    const oldest = Math.min(unsentDue, ...lanes.map((lane) => lane.oldestDue()));
    const steady = schedule.look(now, oldest === Infinity ? 0 : now - oldest);
    if (!steady && now - goneAt < STEADY_WAIT_MAX_MS) return;
    clearInterval(look);
    say(steady ? 'on' : 'behind');
  }, 100);
}

const bodies = await protocol.sessions(registrar, workers, prefix, joinToken);
const split = (i: number) => bodies.filter((_, k) => k % streams === i);
lanes = Array.from({ length: streams }, (_, i) => (mode === 'unary' ? unaryLane : streamLane)(channels[i % channels.length]!, split(i)));
const input = createInterface({ input: process.stdin });
const nextLine = () => new Promise<string>((resolve) => input.once('line', resolve));
let finished = false;
input.once('close', () => { if (!finished) process.exit(1); }); // the parent is gone
console.log('ready');

await nextLine(); // go
running = true;
startedAt = performance.now();
const ticker = rate > 0 ? setInterval(pump, 1) : undefined;
pump();
reportSteady();
await nextLine(); // measure
measuring = true;
const started = performance.now();
const cpuStart = process.cpuUsage();
await nextLine(); // stop
measuring = false;
const elapsedMs = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
running = false;
clearInterval(ticker);
finished = true;
input.close();

console.log(JSON.stringify({ sent, acked, errors, elapsedMs, cpuUs: cpu.user + cpu.system, latency: latency.pairs() }));
for (const lane of lanes) lane.close();
for (const c of channels) c.close();
setTimeout(() => process.exit(0), 200).unref();
