// Members written straight into a PostgreSQL database, as a cluster of that size would have
// left them (active, silent, each at an agent address of its own), for benches that need a
// big cluster without running its workers.
import { PostgresStore } from '../../runtime/store/postgres/postgres-store.ts';
import { memberRecord } from '../../test/support/store-records.ts';

/** Writes `count` members named `seeded-<n>` into the database at `db`. */
export async function seedMembers(db: string, count: number): Promise<void> {
  if (count <= 0) return;
  const store = await PostgresStore.open(db);
  try {
    for (let from = 0; from < count; from += 5_000) {
      const batch = Array.from({ length: Math.min(5_000, count - from) }, (_, i) => {
        const n = from + i;
        return { kind: 'member' as const, member: memberRecord(`seeded-${n}`, { address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}:7000` }) };
      });
      await store.write(batch);
    }
  } finally {
    await store.close();
  }
}
