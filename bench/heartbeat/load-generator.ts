// The heartbeat bench's load generator, run as its own process so that its CPU is not the
// registry's. It registers N workers with RegisterBatch, says `ready` on stdout, waits for `go`
// on stdin, warms up for a second, then sends heartbeats for the measured duration and prints
// one JSON line of results. `measure-start` / `measure-end` lines bracket the measured window so
// the parent can read the server's CPU counters at those instants.
//   node bench/heartbeat/load-generator.ts --target 127.0.0.1:PORT [--workers 1000] [--streams 10]
//     [--mode stream|unary] [--rate R] [--window 32] [--duration-ms 10000]
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { createInterface } from 'node:readline';
import { methodOf, registryMethods } from '../../runtime/grpc/load-proto.ts';
import type { WireHeartbeatAck, WireHeartbeatRequest, WireRegisterBatchReply, WireRegisterBatchRequest } from '../../runtime/grpc/proto/messages.ts';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const target = arg('target', '');
const workers = Number(arg('workers', '1000'));
const streams = Number(arg('streams', '10'));
const mode = arg('mode', 'stream');
const rate = Number(arg('rate', '0')); // heartbeats per second in all; 0 = full speed
const windowSize = Number(arg('window', '32')); // in-flight heartbeats per stream (or unary calls in all ×streams)
const durationMs = Number(arg('duration-ms', '10000'));
const warmupMs = Number(arg('warmup-ms', '1000'));
if (!target) throw new Error('--target HOST:PORT is required');

type Session = Pick<WireHeartbeatRequest, 'workerId' | 'epoch' | 'sessionToken'>;

const channels = Array.from({ length: Math.max(1, Math.ceil(streams / 10)) }, (_, i) =>
  new Client(target, credentials.createInsecure(), { 'grpc.max_concurrent_streams': 1000, 'rollcall.channel': i }));

async function registerAll(): Promise<Session[]> {
  const method = methodOf<Partial<WireRegisterBatchRequest>, WireRegisterBatchReply>(registryMethods, 'RegisterBatch');
  const sessions: Session[] = [];
  for (let start = 0; start < workers; start += 1000) {
    const requests = Array.from({ length: Math.min(1000, workers - start) }, (_, i) => ({
      name: `bench-${start + i}`, address: '127.0.0.1:9', maxConcurrentJobs: 4, version: 'bench',
    }));
    const reply = await new Promise<WireRegisterBatchReply>((resolve, reject) =>
      channels[0]!.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, { requests } as never, new Metadata(), {}, (e, r) => (e || !r ? reject(e ?? new Error('no reply')) : resolve(r))));
    for (const result of reply.results) {
      if (!result.reply) throw new Error(`registration refused: ${JSON.stringify(result.error)}`);
      sessions.push({ workerId: result.reply.workerId, epoch: result.reply.epoch, sessionToken: result.reply.sessionToken });
    }
  }
  return sessions;
}

const heartbeatOf = (s: Session): Partial<WireHeartbeatRequest> => ({
  ...s, status: 'IDLE' as never, currentJobs: 0, availableCapacity: 4, cpuPercent: 12.5, memoryUsedMb: 512, memoryTotalMb: 2048,
});

// Latencies of the measured window, in microseconds.
let measuring = false;
let sent = 0;
let acked = 0;
let errors = 0;
const latencies: number[] = [];
const record = (sentAt: number, ack: WireHeartbeatAck | undefined) => {
  if (!measuring) return;
  acked++;
  if (!ack || (ack.error && ack.error.code !== 0)) errors++;
  latencies.push((performance.now() - sentAt) * 1000);
};

interface Lane { send(): boolean; inFlight(): number; close(): void }

function streamLane(client: Client, own: Session[]): Lane {
  const method = methodOf<Partial<WireHeartbeatRequest>, WireHeartbeatAck>(registryMethods, 'HeartbeatStream');
  const call = client.makeBidiStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, new Metadata(), {});
  const sentAt: number[] = [];
  let head = 0;
  let next = 0;
  let closed = false;
  call.on('data', (ack: WireHeartbeatAck) => {
    record(sentAt[head++]!, ack);
    if (head > 4096) { sentAt.splice(0, head); head = 0; }
    pump();
  });
  call.on('error', (e) => { if (!closed) { console.error(`stream broke: ${e.message}`); process.exitCode = 1; } });
  const lane: Lane = {
    send() {
      sentAt.push(performance.now());
      if (measuring) sent++;
      return call.write(heartbeatOf(own[next++ % own.length]!));
    },
    inFlight: () => sentAt.length - head,
    close() { closed = true; call.end(); },
  };
  return lane;
}

function unaryLane(client: Client, own: Session[]): Lane {
  const method = methodOf<Partial<WireHeartbeatRequest>, WireHeartbeatAck>(registryMethods, 'Heartbeat');
  let inFlight = 0;
  let next = 0;
  return {
    send() {
      const at = performance.now();
      inFlight++;
      if (measuring) sent++;
      client.makeUnaryRequest(method.path, method.requestSerialize, method.responseDeserialize, heartbeatOf(own[next++ % own.length]!), new Metadata(), {}, (e, ack) => {
        inFlight--;
        record(at, e ? undefined : ack);
        pump();
      });
      return true;
    },
    inFlight: () => inFlight,
    close() {},
  };
}

let lanes: Lane[] = [];
let running = false;
let budget = 0; // fixed-rate mode: heartbeats due but not yet sent

/** Full speed: keep every lane's window full. Fixed rate: send what is due, round robin. */
function pump(): void {
  if (!running) return;
  if (rate === 0) {
    for (const lane of lanes) while (lane.inFlight() < windowSize) lane.send();
    return;
  }
  let i = 0;
  while (budget >= 1) {
    lanes[i++ % lanes.length]!.send();
    budget--;
  }
}

const sessions = await registerAll();
const split = (i: number) => sessions.filter((_, k) => k % streams === i);
lanes = Array.from({ length: streams }, (_, i) => (mode === 'unary' ? unaryLane : streamLane)(channels[i % channels.length]!, split(i)));
console.log('ready');
const input = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => input.once('line', () => resolve()));
input.close();

running = true;
let last = performance.now();
const ticker = rate > 0 ? setInterval(() => {
  const now = performance.now();
  budget += ((now - last) / 1000) * rate;
  last = now;
  pump();
}, 1) : undefined;
pump();
await new Promise((r) => setTimeout(r, warmupMs));
console.log('measure-start');
measuring = true;
const started = performance.now();
await new Promise((r) => setTimeout(r, durationMs));
measuring = false;
const elapsedMs = performance.now() - started;
console.log('measure-end');
running = false;
clearInterval(ticker);

latencies.sort((a, b) => a - b);
const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! / 1000 : 0);
console.log(JSON.stringify({
  workers, streams, mode, rate, sent, acked, errors, elapsedMs,
  perSecond: acked / (elapsedMs / 1000), p50Ms: pct(0.5), p99Ms: pct(0.99), p999Ms: pct(0.999),
  loadCpuUs: process.cpuUsage().user + process.cpuUsage().system,
}));
for (const lane of lanes) lane.close();
for (const c of channels) c.close();
setTimeout(() => process.exit(0), 200).unref();
