// What the dashboard costs the registry: the heap of the member history when it is full (every
// member it keeps has changed state as often as it remembers), and the time of the calls a
// page makes on each refresh (the summary, and one page of the member table for each sort key,
// a search and a state filter) over N registered members. Times are medians of 5 runs.
//   npx node --expose-gc bench/dashboard/dashboard.bench.ts [--members 100000] [--json]
import { stats } from '../../machines/registry/queries.ts';
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { Registry } from '../../machines/registry/registry.ts';
import { MemberHistory } from '../../runtime/dashboard/member-history.ts';
import { memberPage, SORT_KEYS, type PageQuery } from '../../runtime/dashboard/member-page.ts';
import { CryptoChance } from '../../runtime/registry/crypto-chance.ts';
import { benchArgs } from '../support/bench-args.ts';

const command = benchArgs(
  `usage: rollcall bench dashboard [--members 100000] [--json]
  the member history's heap when full, and the time of a page's calls over N members`,
  { members: { type: 'string', default: '100000' }, json: { type: 'boolean', default: false } },
);
const members = command.whole('members', command.values.members, 1, 10_000_000);
const gc = (globalThis as { gc?: () => void }).gc ?? command.refuse('run with node --expose-gc (the history figure needs a full GC)');

function medianMs(f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[2]!;
}

/** Heap of a MemberHistory at its bounds, the reasons as the registry writes them. */
function fullHistory(): { changes: number; bytes: number } {
  const [perMember, kept] = [16, 10_000]; // MemberHistory's defaults
  gc!();
  const before = process.memoryUsage().heapUsed;
  const history = new MemberHistory(perMember, kept);
  const cycle = ['active.idle', 'unhealthy', 'active.idle', 'failed'];
  for (let round = 0; round < perMember; round++) {
    for (let m = 0; m < kept; m++) {
      const reason = `no heartbeat for ${1500 + (m % 997)} ms`;
      history.observe(round * 1000 + m, 'member', { id: `w-${m}`, from: cycle[(round + 3) % 4], to: cycle[round % 4], reason });
    }
  }
  gc!();
  const bytes = process.memoryUsage().heapUsed - before;
  if (history.of('w-0').length !== perMember) throw new Error('history did not fill');
  return { changes: perMember * kept, bytes };
}

const history = fullHistory();
const now = 1_800_000_000_000;
const core = new Registry(defaultRegistryConfig, new CryptoChance(), now);
for (let i = 0; i < members; i++) {
  const { reply } = core.execute({ kind: 'register', request: { name: `w-${i}`, address: `10.0.${(i >> 8) & 255}.${i & 255}:7000`, maxConcurrentJobs: 4, labels: { rack: `r${i % 40}` } } }, now);
  if (!reply.ok) throw new Error(`registration ${i} refused: ${reply.message}`);
}
const page = (extra: Partial<PageQuery>) => () => void memberPage(core, { sort: 'id', desc: false, offset: 500, limit: 60, ...extra }, now);
const figures = {
  members,
  historyChanges: history.changes,
  historyBytes: history.bytes,
  summaryMs: medianMs(() => void stats(core)),
  pageMs: Object.fromEntries(SORT_KEYS.map((sort) => [`sort=${sort}`, medianMs(page({ sort }))])),
  searchMs: medianMs(page({ q: 'rack=r7' })),
  stateFilterMs: medianMs(page({ state: 'active.draining' })),
};

if (command.values.json) console.log(JSON.stringify(figures));
else {
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`member history when full: ${figures.historyChanges.toLocaleString('en')} changes, ${(figures.historyBytes / 2 ** 20).toFixed(1)} MiB (${Math.round(figures.historyBytes / figures.historyChanges)} B each)`);
  console.log(`over ${members.toLocaleString('en')} members: summary ${ms(figures.summaryMs)}; a page of 60 rows at offset 500:`);
  for (const [key, value] of Object.entries(figures.pageMs)) console.log(`  ${key.padEnd(16)} ${ms(value)}`);
  console.log(`  ${'q=rack=r7'.padEnd(16)} ${ms(figures.searchMs)}\n  ${'state=draining'.padEnd(16)} ${ms(figures.stateFilterMs)}`);
}
