// The dashboard served by a standby replica, in a real browser (chromium through playwright-core),
// with a leader and a standby on one PostgreSQL: the page loads, lists the members from the
// database, and says who leads and that a standby served it, how long ago its data was read.
// The screenshot goes to a temp folder, or the one DASHBOARD_SCREENSHOTS names (printed);
// the page must log no error.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchedPage } from '../support/browser.ts';
import { InProcessReplicas, restCall } from '../support/in-process-replicas.ts';
import { freshDatabase, type TestDatabase } from '../support/postgres.ts';
import { screenshotFolder } from '../support/screenshots.ts';

const shots = screenshotFolder('rollcall-dashboard-standby-');
let browser: Browser;
let database: TestDatabase;
let replicas: InProcessReplicas;
beforeAll(async () => {
  browser = await launchBrowser();
  database = await freshDatabase();
  replicas = new InProcessReplicas(database.url);
  console.log(`dashboard screenshots in ${shots}`);
});
afterEach(async () => replicas.stopAll());
afterAll(async () => {
  await browser?.close();
  await database?.drop();
});

describe('dashboard on a standby (chromium)', () => {
  it('lists the members from the database and says who leads and how fresh the page is', async () => {
    const leader = await replicas.start('r1');
    const standby = await replicas.start('r2');
    for (const [id, port] of [['w-a', 7001], ['w-b', 7002]] as const) {
      expect((await restCall(leader, 'POST', '/api/workers/preregister', { workerId: id, name: id, address: `127.0.0.1:${port}` })).status).toBe(201);
    }
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    await page.goto(`http://127.0.0.1:${standby.httpPort}/`);
    for (const id of ['w-a', 'w-b']) await page.locator(`.row.member[data-id="${id}"]`).waitFor({ timeout: 15_000 });
    const served = page.locator('#served');
    await served.filter({ hasText: /^leader r1 \(epoch 1\) · this page from standby r2, \d+\.\d s old$/ }).waitFor({ timeout: 10_000 });
    expect(await served.getAttribute('title')).toBe(`the leader's REST address: 127.0.0.1:${leader.httpPort}`);
    await page.locator('#total').filter({ hasText: /^2$/ }).waitFor();
    await page.screenshot({ path: join(shots, 'dashboard-standby.png') });

    // The leader's own page says it leads and serves the page itself.
    await page.goto(`http://127.0.0.1:${leader.httpPort}/`);
    await served.filter({ hasText: 'leader r1 (epoch 1): this page' }).waitFor({ timeout: 10_000 });
    // Closed before the registries stop: an open live stream holds a server's close until it goes.
    await page.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
