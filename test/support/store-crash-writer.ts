// The child process of the store's crash test: writes one-member batches to the SQLite store
// at argv[2] as fast as it can and prints each ID only after `write` has returned. The test
// kills it with SIGKILL and expects every printed ID in the store.
//
// `writeSync(1)`, not `process.stdout`: on a pipe the latter queues in this process's memory,
// so acknowledgements still queued would die with it and the test could not see a lost write.
// Untouched, fd 1 stays the blocking pipe the parent made: a line is in the kernel before the
// next write begins.
import { writeSync } from 'node:fs';
import { SqliteStore } from '../../runtime/store/sqlite-store.ts';
import { memberRecord } from './store-records.ts';

const store = SqliteStore.open(process.argv[2]!);
// Never outlive a test that failed before killing it.
const deadline = Date.now() + 10_000;
for (let i = 0; Date.now() < deadline; i++) {
  const member = memberRecord(`w-${i}`);
  store.write([{ kind: 'member', member }]);
  writeSync(1, `${member.id}\n`);
}
store.close();
