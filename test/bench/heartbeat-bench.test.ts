// The pieces of the heartbeat bench that need no server: its command line, how it splits the
// load over generator processes, the latency histogram they add up, the registry's handling
// histogram it reads over its window, etcd's Lease proto and the etcd start-up flags. (The
// bench itself is not part of the suite; it needs etcd.)
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shares } from '../../bench/heartbeat/drive-load.ts';
import { etcdArgs, findEtcd } from '../../bench/heartbeat/etcd-peer.ts';
import { parseHeartbeatOptions } from '../../bench/heartbeat/heartbeat-options.ts';
import { LatencyHistogram } from '../../bench/heartbeat/latency-histogram.ts';
import { handlingBetween } from '../../bench/heartbeat/server-handling.ts';
import { etcdLeaseService } from '../../bench/heartbeat/wire-protocols.ts';
import { propertyParams } from '../support/property.ts';

describe('heartbeat bench options', () => {
  it('has the documented defaults', () => {
    expect(parseHeartbeatOptions([])).toMatchObject({ workers: 1000, streams: 10, durationMs: 10_000, warmupMs: 1000, mode: 'stream', rate: 0, window: 32, generators: 1, ceiling: true, peer: null, halfRate: false, json: false });
  });

  it('reads every flag', () => {
    const o = parseHeartbeatOptions(['--workers', '500', '--streams', '8', '--duration', '30s', '--warmup', '3s', '--rate', '20000', '--generators', '2', '--peer', 'etcd', '--no-ceiling', '--half-rate', '--json']);
    expect(o).toMatchObject({ workers: 500, streams: 8, durationMs: 30_000, warmupMs: 3000, rate: 20_000, generators: 2, peer: 'etcd', ceiling: false, halfRate: true, json: true });
  });

  it.each([
    [['--bogus'], 'unknown option --bogus'],
    [['--workers'], '--workers needs a value'],
    [['--workers', 'lots'], '--workers must be a whole number'],
    [['--generators', '0'], '--generators must be a whole number from 1 to 16'],
    [['--generators', '4', '--streams', '2'], 'needs at least as many streams'],
    [['--workers', '5', '--streams', '10'], 'fewer than --streams'],
    [['--mode', 'datagram'], '--mode is stream or unary'],
    [['--peer', 'consul'], '--peer knows only etcd'],
    [['--peer', 'etcd', '--mode', 'unary'], 'use --mode stream'],
    [['--duration', 'soon'], '--duration: "soon" is not a duration'],
    [['--duration', '10ms'], '--duration must be at least 1s'],
    [['--warmup', 'later'], '--warmup: "later" is not a duration'],
    [['stray'], 'unexpected argument "stray"'],
  ])('refuses %j with a one-line reason', (argv, reason) => {
    expect(() => parseHeartbeatOptions(argv)).toThrow(reason);
    try {
      parseHeartbeatOptions(argv);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('splitting the load over generators', () => {
  it('gives every part a whole share, the shares adding up and differing by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 16 }), (total, parts) => {
        const split = shares(total, parts);
        expect(split).toHaveLength(parts);
        expect(split.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
      }),
      propertyParams(100),
    );
  });
});

describe("the registry's handling histogram over the window", () => {
  it('counts only what the registry handled between the two scrapes, with the bucket bounds that hold p50 and p99', () => {
    const before = { buckets: [[0.00001, 50], [0.0001, 90], [0.001, 100], [Infinity, 100]] as [number, number][], sumSeconds: 0.004, count: 100 };
    const after = { buckets: [[0.00001, 550], [0.0001, 1070], [0.001, 1098], [Infinity, 1100]] as [number, number][], sumSeconds: 0.054, count: 1100 };
    expect(handlingBetween(before, after)).toEqual({ count: 1000, meanUs: 50, p50AtMostMs: 0.01, p99AtMostMs: 1 });
    expect(handlingBetween(after, after)).toEqual({ count: 0, meanUs: 0, p50AtMostMs: 0, p99AtMostMs: 0 });
  });
});

describe('LatencyHistogram', () => {
  const exact = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

  it('reads quantiles to within its 1 % buckets, alone or added up from parts', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 5000, noNaN: true }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 1, max: 4 }), (latencies, parts) => {
        const whole = new LatencyHistogram();
        const added = new LatencyHistogram();
        const pieces = Array.from({ length: parts }, () => new LatencyHistogram());
        latencies.forEach((ms, i) => {
          whole.record(ms);
          pieces[i % parts]!.record(ms);
        });
        for (const piece of pieces) added.add(JSON.parse(JSON.stringify(piece.pairs())));
        const sorted = [...latencies].sort((a, b) => a - b);
        for (const q of [0.5, 0.99, 0.999]) {
          expect(added.quantile(q)).toBe(whole.quantile(q));
          expect(Math.abs(whole.quantile(q) / exact(sorted, q) - 1)).toBeLessThan(0.006);
        }
        expect(added.count).toBe(latencies.length);
      }),
      propertyParams(100),
    );
  });

  it('says 0 when empty', () => {
    expect(new LatencyHistogram().quantile(0.99)).toBe(0);
  });
});

describe("etcd's Lease service (bench/heartbeat/etcd-lease.proto)", () => {
  const lease = etcdLeaseService();

  it('has LeaseGrant (unary) and LeaseKeepAlive (bidirectional) at etcd paths', () => {
    expect(lease.LeaseGrant).toMatchObject({ path: '/etcdserverpb.Lease/LeaseGrant', requestStream: false, responseStream: false });
    expect(lease.LeaseKeepAlive).toMatchObject({ path: '/etcdserverpb.Lease/LeaseKeepAlive', requestStream: true, responseStream: true });
  });

  it('carries 64-bit lease IDs exactly (etcd hands out IDs beyond 2^53)', () => {
    const id = '7587869379325867014';
    const keepAlive = lease.LeaseKeepAlive!;
    const bytes = keepAlive.requestSerialize({ ID: id });
    expect(keepAlive.requestDeserialize(bytes)).toEqual({ ID: id });
    // Field 1, varint: what etcd reads as LeaseKeepAliveRequest.ID.
    expect(bytes[0]).toBe(0x08);
    const reply = keepAlive.responseDeserialize(lease.LeaseGrant!.responseSerialize({ ID: id, TTL: '60' })) as { ID: string; TTL: string };
    expect(reply).toMatchObject({ ID: id, TTL: '60' });
  });
});

describe('the etcd peer', () => {
  it('listens on loopback only, as a one-member cluster', () => {
    const args = etcdArgs('/tmp/d', 4001, 4002);
    const urls = args.filter((a) => a.includes('://'));
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).toMatch(/^(bench=)?http:\/\/127\.0\.0\.1:400[12]$/);
    expect(args.slice(args.indexOf('--initial-cluster'), args.indexOf('--initial-cluster') + 2)).toEqual(['--initial-cluster', 'bench=http://127.0.0.1:4002']);
  });

  it('finds etcd on PATH, and nothing where there is none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-etcd-path-'));
    try {
      expect(findEtcd(dir)).toBeNull();
      writeFileSync(join(dir, 'etcd'), '#!/bin/sh\n');
      chmodSync(join(dir, 'etcd'), 0o755);
      expect(findEtcd(`/nonexistent:${dir}`)).toBe(join(dir, 'etcd'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without etcd installed, the bench says how to install it in one line and exits 2', () => {
    const run = spawnSync(process.execPath, [join(import.meta.dirname, '../../bench/heartbeat/heartbeat.bench.ts'), '--peer', 'etcd'], { env: { PATH: '/nonexistent' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('rollcall bench heartbeat: --peer etcd needs etcd, which is not installed: apt-get install -y etcd-server');
  });
});
