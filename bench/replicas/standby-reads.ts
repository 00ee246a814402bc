// What a standby's reads cost (docs/scale-out.md, "Reads on any replica"): with N members in the
// database, the time to read them and restore the read-only core a standby answers from (once
// per cache period, however many requests come), then the time to answer GET /api/workers and
// the dashboard's first page from that core (once per request).
//   node bench/replicas/standby-reads.ts [--members 10000] [--rounds 5] [--postgres URL]
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { listMembers } from '../../machines/registry/queries.ts';
import { StandbyReads } from '../../runtime/cluster/standby-reads.ts';
import { memberPage } from '../../runtime/dashboard/member-page.ts';
import { workerJson } from '../../runtime/http/rest-shapes.ts';
import { PostgresStore } from '../../runtime/store/postgres/postgres-store.ts';
import { benchArgs } from '../support/bench-args.ts';
import { postgresServer, withDatabase } from '../support/postgres-databases.ts';
import { seedMembers } from '../support/seed-members.ts';
import { median } from '../support/stats.ts';

const command = benchArgs(
  `usage: node bench/replicas/standby-reads.ts [--members 10000] [--rounds 5] [--postgres URL]
  The cost of a standby's reads with that many members in the database.`,
  { members: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '5' }, postgres: { type: 'string' } },
);
const members = command.whole('members', command.values.members, 1, 10_000_000);
const rounds = command.whole('rounds', command.values.rounds, 1, 100);

const timed = async <T>(work: () => T | Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
};

const server = await postgresServer(command.values.postgres);
try {
  await withDatabase(server.url, 'rollcall_bench_reads', async (url) => {
    await seedMembers(url, members);
    const store = await PostgresStore.open(url);
    const rows = { view: [] as number[], list: [] as number[], page: [] as number[] };
    try {
      for (let round = 0; round < rounds; round++) {
        // A cache of 0 ms: every view() is a fresh read, as the first request after each second is.
        const reads = new StandbyReads('bench', defaultRegistryConfig, { load: () => store.load(), leader: async () => undefined, now: () => Date.now() }, 0);
        const [view, viewMs] = await timed(() => reads.view());
        const [list, listMs] = await timed(() => JSON.stringify(listMembers(view.core).map(workerJson)));
        const [, pageMs] = await timed(() => memberPage(view.core, { sort: 'id', desc: false, offset: 0, limit: 100 }, Date.now()));
        rows.view.push(viewMs);
        rows.list.push(listMs);
        rows.page.push(pageMs);
        if (round === 0) console.log(`GET /api/workers for ${members} members: ${(list.length / 1024 / 1024).toFixed(1)} MiB of JSON`);
      }
    } finally {
      await store.close();
    }
    const ms = (values: number[]) => `${median(values).toFixed(1)} ms (of ${values.map((v) => v.toFixed(0)).join(', ')})`;
    console.log(`${members} members, median of ${rounds} rounds:`);
    console.log(`  read and restore (once a second at most): ${ms(rows.view)}`);
    console.log(`  GET /api/workers from it:                 ${ms(rows.list)}`);
    console.log(`  the dashboard's first page from it:       ${ms(rows.page)}`);
  });
} finally {
  server.close();
}
