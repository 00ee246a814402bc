// The dashboard in a real browser (Debian's chromium through playwright-core) against a real
// registry and real workers: a worker shows up active, turns unhealthy and then failed when it
// is killed, another is drained from the member view; with 100,000 members the table stays
// virtualised and filtering and search happen on the server; a registry that protects reads
// gets the admin token asked for once. Screenshots go to a temp folder, or the one
// DASHBOARD_SCREENSHOTS names (printed), and the page must log no error.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../runtime/store/sqlite-store.ts';
import { launchBrowser, watchedPage } from '../support/browser.ts';
import { Cluster, type Proc } from '../support/cluster.ts';
import { memberRecord } from '../support/store-records.ts';
import { screenshotFolder } from '../support/screenshots.ts';

const shots = screenshotFolder('rollcall-dashboard-');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  console.log(`dashboard screenshots in ${shots}`);
});
afterAll(async () => browser?.close());

const row = (page: Page, id: string) => page.locator(`.row.member[data-id="${id}"]`);
const stateOf = (page: Page, id: string, state: string) =>
  row(page, id).locator('.state').filter({ hasText: new RegExp(`^${state.replace('.', '\\.')}$`) }).waitFor({ timeout: 15_000 });

describe('dashboard (chromium)', () => {
  let cluster: Cluster;
  afterAll(async () => cluster?.stop());

  it('follows a worker from active to unhealthy to failed, and drains another from the member view', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    const workers: Record<string, { proc: Proc; id: string }> = {};
    for (const name of ['w1', 'w2']) {
      const proc = await cluster.startWorker(name, ['--drain-timeout', '60s']);
      workers[name] = { proc, id: await cluster.workerId(proc) };
    }
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    await page.goto(`${cluster.http}/`);
    await stateOf(page, workers.w1!.id, 'active.idle');
    await page.locator('#live').filter({ hasText: 'live' }).waitFor();
    await page.screenshot({ path: join(shots, 'dashboard.png') });

    await workers.w1!.proc.kill();
    await stateOf(page, workers.w1!.id, 'unhealthy');
    await page.screenshot({ path: join(shots, 'dashboard-live-unhealthy.png') });
    await stateOf(page, workers.w1!.id, 'failed');
    expect(await page.locator('#states').textContent()).toContain('failed 1');

    // A running job keeps w2 draining once drained (a worker with nothing to finish deregisters at once).
    expect((await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '60000', jobId: 'keeps-w2-busy' })).status).toBe(201);
    await cluster.until(() => cluster.api<{ state: string; workerId: string | null }>('GET', '/api/jobs/keeps-w2-busy'), (r) => r.body.workerId === workers.w2!.id, 10_000, 'the job to reach w2');
    await page.evaluate((token) => sessionStorage.setItem('rollcall.adminToken', token), cluster.adminToken);
    await row(page, workers.w2!.id).click();
    await page.locator('#detail-title').filter({ hasText: 'w2' }).waitFor();
    await page.locator('#detail-jobs td').filter({ hasText: 'sleep' }).waitFor();
    const facts = await page.locator('#detail-facts').textContent();
    expect(facts).toMatch(/cpuCores=\d+, memoryMb=\d+/); // the worker's machine, from its registration
    expect(facts).toMatch(/LoadCPU [\d.]+ %, memory \d+ of \d+ MB/); // and what its last heartbeat said
    expect(facts).toMatch(/Breakerclosed/);
    const questions: string[] = [];
    page.once('dialog', (dialog) => (questions.push(dialog.message()), void dialog.accept()));
    await page.locator('[data-action="drain"]').click();
    await page.locator('#message').filter({ hasText: 'Drain: done' }).waitFor();
    expect(questions).toEqual([`Drain ${workers.w2!.id}? It finishes its jobs and takes no new ones.`]);
    await stateOf(page, workers.w2!.id, 'active.draining');
    expect((await cluster.member(workers.w2!.id)).substate).toBe('draining');
    expect(await page.locator('#detail-history').textContent()).toContain('active.draining');
    // The timeline has a segment per recorded state, the last one draining.
    const segments = page.locator('#detail-band .timeline i');
    expect(await segments.count()).toBeGreaterThanOrEqual(2);
    expect(await segments.last().getAttribute('title')).toMatch(/^active\.draining for /);
    await page.screenshot({ path: join(shots, 'dashboard-member.png') });

    await page.locator('.tab[data-tab="machines"]').click();
    // Every member state carries a live count, and the top-level ones add up to the members shown.
    const count = async (state: string) => Number(await page.locator(`#member-diagram g[data-state="${state}"] .count`).textContent());
    await expect.poll(async () => {
      const top = await Promise.all(['registered', 'active', 'unhealthy', 'failed', 'inactive'].map(count));
      return top.every(Number.isFinite) && top.reduce((a, b) => a + b, 0) === Number(await page.locator('#total').textContent());
    }).toBe(true);
    expect(await page.locator('#worker-diagram g[data-state="reconnecting.probing"]').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'dashboard-machines.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('refuses an action without the admin token and says why; closes the view of a member unregistered elsewhere', async () => {
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    await page.goto(`${cluster.http}/`);
    const w3 = await cluster.startWorker('w3');
    const id = await cluster.workerId(w3);
    await row(page, id).click();
    page.on('dialog', (dialog) => void (dialog.type() === 'prompt' ? dialog.accept('not-the-token') : dialog.accept()));
    await page.locator('[data-action="force-deregister"]').click();
    await page.locator('#message').filter({ hasText: 'Deregister (force) failed: this call needs the admin token' }).waitFor();
    expect((await cluster.member(id)).state).toBe('active');

    // Unregistered elsewhere while its view is open (its process gone, so it does not register
    // again): the view closes and the page says why.
    await w3.kill();
    expect((await cluster.api('DELETE', `/api/workers/${id}`)).status).toBe(200);
    await page.locator('#message').filter({ hasText: `${id} is no longer registered` }).waitFor();
    expect(await page.locator('#detail').isHidden()).toBe(true);
    expect(errors.filter((e) => !e.includes('401') && !e.includes('404'))).toEqual([]); // the browser logs refused requests itself
  }, 60_000);
});

describe('dashboard of a registry that protects reads (chromium)', () => {
  let cluster: Cluster;
  afterAll(async () => cluster?.stop());

  it('loads, asks once for the admin token, then shows the cluster live', async () => {
    cluster = new Cluster();
    await cluster.startRegistry(['--protect-reads']);
    const id = await cluster.workerId(await cluster.startWorker('p1'));
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    const prompts: string[] = [];
    page.on('dialog', (dialog) => (prompts.push(dialog.message()), void dialog.accept(cluster.adminToken)));
    await page.goto(`${cluster.http}/`);
    await stateOf(page, id, 'active.idle');
    await page.locator('#live').filter({ hasText: /^live$/ }).waitFor({ timeout: 10_000 });
    await page.locator('#total').filter({ hasText: /^1$/ }).waitFor();
    expect(prompts).toEqual(['This registry protects reads: paste the admin token.']);
    expect(await page.locator('#message').isHidden()).toBe(true);
    expect(errors.filter((e) => !e.includes('401'))).toEqual([]); // the browser logs the refused first reads itself
  }, 60_000);

  it('stops asking once the prompt is dismissed, until the operator clicks Admin token', async () => {
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    const prompts: string[] = [];
    let answer: string | null = null; // dismiss, at first
    page.on('dialog', (dialog) => (prompts.push(dialog.message()), void (answer === null ? dialog.dismiss() : dialog.accept(answer))));
    let streams = 0;
    page.on('request', (request) => void (request.url().endsWith('/api/dashboard/events') && streams++));
    await page.goto(`${cluster.http}/`);
    await page.locator('#message').filter({ hasText: 'needs the admin token' }).waitFor();
    await expect.poll(() => streams, { timeout: 15_000 }).toBeGreaterThanOrEqual(3); // the stream retried, refused each time
    expect(prompts).toEqual(['This registry protects reads: paste the admin token.']);

    answer = cluster.adminToken;
    await page.locator('#token-button').click();
    await page.locator('#live').filter({ hasText: /^live$/ }).waitFor({ timeout: 10_000 });
    await page.locator('#total').filter({ hasText: /^1$/ }).waitFor();
    expect(prompts).toHaveLength(2);
  }, 60_000);
});

describe('dashboard with 100,000 members (chromium)', () => {
  let cluster: Cluster;
  afterAll(async () => cluster?.stop());

  it('keeps the DOM small, pages and searches on the server, and scrolls to the last member', async () => {
    cluster = new Cluster();
    const store = SqliteStore.open(join(cluster.dir, 'registry.db'));
    const ids = Array.from({ length: 100_000 }, (_, i) => `m-${String(i + 1).padStart(6, '0')}`);
    for (let i = 0; i < ids.length; i += 5_000) {
      store.write(ids.slice(i, i + 5_000).map((id) => ({ kind: 'member' as const, member: memberRecord(id, { labels: { rack: `r${Number(id.slice(2)) % 40}` } }) })));
    }
    store.close();
    await cluster.startRegistry(['--restart-grace', '10m']);
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    await page.goto(`${cluster.http}/`);
    await page.locator('#matched').filter({ hasText: '100,000 of 100,000 members' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.row.member').count()).toBeLessThan(100);
    await page.screenshot({ path: join(shots, 'dashboard-100k.png') });

    // Sorting goes to the server too: ID descending puts the last member first.
    const idHead = page.locator('#table-head [data-sort="id"]');
    await idHead.click();
    await row(page, 'm-100000').waitFor();
    expect(await idHead.getAttribute('aria-sort')).toBe('descending');
    expect(await row(page, 'm-000001').count()).toBe(0);
    await idHead.click();
    await row(page, 'm-000001').waitFor();

    await page.$eval('#viewport', (el) => (el.scrollTop = el.scrollHeight));
    await row(page, 'm-100000').waitFor({ timeout: 10_000 });
    expect(await page.locator('.row.member').count()).toBeLessThan(100);

    await page.fill('#search', 'm-099999');
    await page.locator('#matched').filter({ hasText: '1 of 100,000 members' }).waitFor();
    await row(page, 'm-099999').waitFor();

    await page.fill('#search', 'rack=r7');
    await page.locator('#matched').filter({ hasText: '2,500 of 100,000 members' }).waitFor();
    await page.selectOption('#filter-state', 'failed');
    await page.locator('#matched').filter({ hasText: '0 of 100,000 members' }).waitFor();
    expect(errors).toEqual([]);
  }, 120_000);
});
