// Throughput and added round-trip latency through `rollcall proxy` with no toxics, next to a
// direct loopback connection measured in the same run.
//   npx node bench/proxy/proxy.bench.ts [--json] [--in-process] [--mb 512] [--pings 10000]
// By default the proxy runs as a child process (as Toxiproxy would); --in-process shares
// this process's event loop with the client and the upstream instead.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Toxiproxy } from 'toxiproxy-node-client';
import { spawnProxyServer } from '../../runtime/proxy/proxy-process.ts';
import { startProxyServer } from '../../runtime/proxy/proxy-server.ts';
import { benchArgs } from '../support/bench-args.ts';
import { median, percentile } from '../support/stats.ts';

const command = benchArgs(
  `usage: rollcall bench proxy [--mb 512] [--pings 10000] [--runs 3] [--in-process] [--json]
  throughput and added round-trip latency through rollcall proxy, next to a direct connection
  --in-process  run the proxy in this process instead of a child process`,
  {
    json: { type: 'boolean', default: false },
    'in-process': { type: 'boolean', default: false },
    mb: { type: 'string', default: '512' },
    pings: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
  },
);
const { values } = command;
const TOTAL_BYTES = command.whole('mb', values.mb, 1, 65_536) * 2 ** 20;
const PINGS = command.whole('pings', values.pings, 1, 10_000_000);
const RUNS = command.whole('runs', values.runs, 1, 100);
const WRITE_CHUNK = Buffer.alloc(1 << 20, 0x5a);

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true }, () => resolve(socket));
    socket.once('error', reject);
  });
}

// MB/s (2^20 bytes) for TOTAL_BYTES written to `port`, timed until the sink has them all.
async function throughput(port: number, sink: { expect(bytes: number): Promise<void> }): Promise<number> {
  const socket = await connected(port);
  const done = sink.expect(TOTAL_BYTES);
  const start = performance.now();
  let sent = 0;
  while (sent < TOTAL_BYTES) {
    sent += WRITE_CHUNK.length;
    if (!socket.write(WRITE_CHUNK)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  await done;
  const seconds = (performance.now() - start) / 1000;
  socket.destroy();
  return TOTAL_BYTES / 2 ** 20 / seconds;
}

// Round-trip times (µs) of 64-byte pings through `port` to an echo server.
async function roundTrips(port: number): Promise<number[]> {
  const socket = await connected(port);
  const ping = Buffer.alloc(64, 1);
  const samples: number[] = [];
  let pending: (() => void) | undefined;
  let got = 0;
  socket.on('data', (data: Buffer) => {
    got += data.length;
    if (got >= ping.length) {
      got -= ping.length;
      pending?.();
    }
  });
  for (let i = 0; i < PINGS + 500; i++) {
    const start = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      pending = resolve;
      socket.write(ping);
    });
    if (i >= 500) samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  socket.destroy();
  return samples.sort((a, b) => a - b);
}


async function main(): Promise<void> {
  let received = 0;
  let waiter: { bytes: number; resolve: () => void } | undefined;
  const sinkServer = createServer((socket) => socket.on('data', (data: Buffer) => {
    received += data.length;
    if (waiter && received >= waiter.bytes) waiter.resolve();
  }).on('error', () => {}));
  const sink = {
    expect: (bytes: number) => new Promise<void>((resolve) => {
      received = 0;
      waiter = { bytes, resolve };
    }),
  };
  const echoServer = createServer((socket) => socket.on('error', () => {}).pipe(socket));
  const sinkPort = await listen(sinkServer);
  const echoPort = await listen(echoServer);

  const proxyServer = values['in-process'] ? await startProxyServer({ host: '127.0.0.1', port: 0 }) : await spawnProxyServer();
  const client = new Toxiproxy(proxyServer.url);
  const sinkProxy = await client.createProxy({ name: 'sink', listen: '127.0.0.1:0', upstream: `127.0.0.1:${sinkPort}` });
  const echoProxy = await client.createProxy({ name: 'echo', listen: '127.0.0.1:0', upstream: `127.0.0.1:${echoPort}` });
  const portOf = (listen: string): number => Number(listen.slice(listen.lastIndexOf(':') + 1));

  // Round trips first: right after a bulk transfer V8 tidies the proxy's heap in the
  // background for a moment, which on 2 cores shows up as ~150 µs extra per round trip.
  const directRtt = await roundTrips(echoPort);
  const proxiedRtt = await roundTrips(portOf(echoProxy.listen));
  const direct: number[] = [];
  const proxied: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    direct.push(await throughput(sinkPort, sink));
    proxied.push(await throughput(portOf(sinkProxy.listen), sink));
  }
  await proxyServer.close();
  sinkServer.close();
  echoServer.close();

  const result = resultOf({ direct, proxied, directRtt, proxiedRtt });
  if (values.json) console.log(JSON.stringify(result));
  else printResult(result);
}

interface Samples {
  direct: number[];
  proxied: number[];
  directRtt: number[];
  proxiedRtt: number[];
}

/** Medians of the throughput runs and percentiles of the round trips, direct and through the proxy. */
function resultOf({ direct, proxied, directRtt, proxiedRtt }: Samples) {
  return {
    mode: values['in-process'] ? 'in-process' : 'child-process',
    node: process.version,
    bytesPerRun: TOTAL_BYTES,
    runs: RUNS,
    directMBps: Math.round(median(direct)),
    proxiedMBps: Math.round(median(proxied)),
    throughputRatio: Number((median(proxied) / median(direct)).toFixed(3)),
    pings: PINGS,
    directRttP50us: Number(percentile(directRtt, 50).toFixed(1)),
    directRttP99us: Number(percentile(directRtt, 99).toFixed(1)),
    proxiedRttP50us: Number(percentile(proxiedRtt, 50).toFixed(1)),
    proxiedRttP99us: Number(percentile(proxiedRtt, 99).toFixed(1)),
    addedRttP50us: Number((percentile(proxiedRtt, 50) - percentile(directRtt, 50)).toFixed(1)),
    addedRttP99us: Number((percentile(proxiedRtt, 99) - percentile(directRtt, 99)).toFixed(1)),
  };
}

function printResult(result: ReturnType<typeof resultOf>): void {
  console.log(`rollcall proxy bench (${result.mode}, Node ${result.node}, ${values.mb} MiB x ${RUNS} runs, ${PINGS} pings)`);
  console.log(`throughput  direct ${result.directMBps} MB/s   proxied ${result.proxiedMBps} MB/s   ratio ${(result.throughputRatio * 100).toFixed(1)} %`);
  console.log(`round trip  direct p50 ${result.directRttP50us} µs  p99 ${result.directRttP99us} µs`);
  console.log(`            proxied p50 ${result.proxiedRttP50us} µs  p99 ${result.proxiedRttP99us} µs`);
  console.log(`            added  p50 ${result.addedRttP50us} µs  p99 ${result.addedRttP99us} µs`);
}

await main();
