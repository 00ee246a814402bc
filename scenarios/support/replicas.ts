// What the replica scenarios share: their settings, and the steps of waiting for a (new) leader
// and for every worker to be active on it.
import type { MemberStatus, Scenario, ScenarioRun } from '../../runtime/chaos/scenario.ts';

/**
 * Two replicas (unless given), the production lease (10 s, renewed every 2 s), and a takeover
 * grace of 30 s instead of 5 min: short, so a worker that did not follow the new leader would be
 * caught. In real mode a lease must last real seconds: at most 10× faster than production.
 */
export function replicated(scenario: Omit<Scenario, 'replicas' | 'lease' | 'realScale'> & { replicas?: number }): Scenario {
  return {
    replicas: 2,
    lease: { ttl: '10s', renew: '2s' },
    realScale: 0.1,
    ...scenario,
    registry: { restartGraceMs: 30_000, ...scenario.registry },
  };
}

type Leader = { name: string; epoch: number };

/** Waits until a replica other than `from` (or any, without it) leads; returns it. */
export async function leaderChange(run: ScenarioRun, from: Leader | undefined, within: string): Promise<Leader> {
  let leader: Leader | undefined;
  await run.until(
    async () => {
      leader = await run.leader();
      return leader !== undefined && (from === undefined || leader.epoch > from.epoch);
    },
    within,
    from ? `a replica to take over from ${from.name} (epoch ${from.epoch})` : 'a replica to lead',
  );
  return leader!;
}

/** Waits until every worker is active on the leader; returns what the leader says of each. */
export async function activeOnLeader(run: ScenarioRun, within: string): Promise<Map<string, MemberStatus>> {
  const seen = new Map<string, MemberStatus>();
  for (const w of run.workers) {
    await run.until(
      async () => {
        const member = await run.member(w);
        if (member?.state.startsWith('active')) seen.set(w, member);
        return member?.state.startsWith('active') ?? false;
      },
      within,
      `${w} active on the leader`,
    );
  }
  return seen;
}
