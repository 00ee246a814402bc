// The simulated network keeps each direction of a node's link in order, as the TCP connection
// under gRPC does: jitter delays messages, but never lets one overtake another sent before it
// the same way. (It used to: a timed-out Register overtaken by its retry landed last, bumped
// the epoch and left the worker holding a dead session; see docs/performance.md.)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../machines/random.ts';
import { VirtualClock } from '../../../runtime/clock/virtual-clock.ts';
import { parseFaults } from '../../../runtime/sim/fault-plan.ts';
import { SimNetwork } from '../../../runtime/sim/sim-network.ts';
import { runSimulation } from '../../../runtime/sim/simulation.ts';
import { propertyParams } from '../../support/property.ts';

function network(seed: number, jitterMs: number) {
  const clock = new VirtualClock();
  return { clock, net: new SimNetwork(clock, new SeededRandom(seed), { meanMs: jitterMs, jitterMs, loss: 0, duplicate: 0 }) };
}

describe('SimNetwork ordering', () => {
  it('delivers the messages of one direction in the order they were sent, whatever the jitter', () => {
    const sends = fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 50 }), node: fc.constantFrom('a', 'b') }), { minLength: 2, maxLength: 60 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 500 }), sends, (seed, jitterMs, plan) => {
        const { clock, net } = network(seed, jitterMs);
        const arrived: Record<string, number[]> = { 'a>': [], 'a<': [], 'b>': [], 'b<': [] };
        let at = 0;
        plan.forEach(({ gapMs, node }, i) => {
          at += gapMs;
          clock.setTimeout(() => {
            net.send(node, () => arrived[`${node}>`]!.push(i));
            net.call<number>(node, (respond) => respond(i), (r) => r.ok && arrived[`${node}<`]!.push(r.reply), 10_000, 'registry');
          }, at);
        });
        clock.runUntil(at + 10_000);
        for (const order of Object.values(arrived)) expect(order).toEqual([...order].sort((x, y) => x - y));
        expect(arrived['a>']!.length + arrived['b>']!.length).toBe(plan.length);
      }),
      propertyParams(100),
    );
  });

  it('keeps requests and replies of worker calls in order per direction', () => {
    const { clock, net } = network(7, 5000);
    const landed: number[] = [];
    const answered: number[] = [];
    for (let i = 0; i < 20; i++) {
      clock.setTimeout(() => net.call<number>('w', (respond) => { landed.push(i); respond(i); }, (r) => r.ok && answered.push(r.reply), 60_000), i * 100);
    }
    clock.runUntil(120_000);
    expect(landed).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(answered).toEqual(landed);
  });
});

describe('failure detection under heavy jitter', () => {
  it('calls no live worker unhealthy when every message arrives well within unhealthyAfter (5 s ± 5 s one way)', () => {
    const result = runSimulation({ workers: 60, durationMs: 30 * 60_000, seed: 1, faults: parseFaults('latency=5s±5s'), jobsPerMinute: 0, keepLog: (t) => t === 'member' });
    const suspected = result.log.entries.filter((e) => e.type === 'member' && (e.to === 'unhealthy' || e.to === 'failed'));
    expect(suspected).toEqual([]);
  });
});
