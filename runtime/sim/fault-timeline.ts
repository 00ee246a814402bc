// The fault timeline: a fault plan (fault-plan.ts) turned into concrete events on the virtual
// clock: which workers crash and when, who is partitioned, when the registry goes down. All
// choices come from the run's seeded generator, so a seed names one timeline.
import type { SeededRandom } from '../../machines/random.ts';
import type { FaultPlan } from './fault-plan.ts';
import type { SimWorld } from './sim-world.ts';

/** `count` distinct items of `items`, chosen by a partial Fisher–Yates shuffle. */
export function pick<T>(items: readonly T[], count: number, random: SeededRandom): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random.next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

export function timeFaults(world: SimWorld, plan: FaultPlan, durationMs: number): void {
  const { clock, random, log, workers, network, registry } = world;
  if (plan.crash) {
    const victims = pick(workers, Math.round(plan.crash.fraction * workers.length), random);
    for (const worker of victims) {
      const at = Math.round(durationMs * (0.1 + 0.6 * random.next()));
      clock.setTimeout(() => {
        log.write(clock.now(), 'fault.crash', { node: worker.node, id: worker.disk.workerId ?? null });
        worker.crash();
      }, at);
      const downMs = plan.crash.downMs;
      if (downMs !== null) {
        clock.setTimeout(() => {
          log.write(clock.now(), 'fault.restart', { node: worker.node });
          worker.boot();
        }, at + downMs);
      }
    }
  }
  for (const partition of plan.partitions) {
    const cut = pick(workers, Math.round(partition.fraction * workers.length), random).map((w) => w.node);
    clock.setTimeout(() => {
      log.write(clock.now(), 'fault.partition', { nodes: cut, forMs: partition.forMs });
      for (const node of cut) network.partition(node);
    }, partition.atMs);
    clock.setTimeout(() => {
      log.write(clock.now(), 'fault.heal', { nodes: cut });
      for (const node of cut) network.heal(node);
    }, partition.atMs + partition.forMs);
  }
  if (plan.registryCrash) {
    const { atMs, downMs } = plan.registryCrash;
    clock.setTimeout(() => registry.crash(), atMs);
    clock.setTimeout(() => registry.start(), atMs + downMs);
  }
}
