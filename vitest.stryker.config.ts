// The vitest configuration Stryker runs (`npm run mutation`): only the machine unit tests, the
// behaviour tests for machines/. The purity test reads machines/ as text, which Stryker rewrites
// with its own counters, so it stays out; it needs no database, so no PostgreSQL global setup.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/machines/**/*.test.ts'],
    exclude: ['test/machines/purity.test.ts'],
    testTimeout: 30_000,
  },
});
