// The dashboard's views and URLs in a real browser (Debian's chromium through playwright-core)
// against a real registry and real workers: a URL per member and per view that survives a
// reload and Back/Forward, Escape closing the member view, the jobs list and the events view;
// then, on a registry whose workers beat every 10 s, fractional rates, the one time format
// (UTC, whatever the browser's zone) and the last hour's charts. Screenshots go to a temp folder,
// or the one DASHBOARD_SCREENSHOTS names (printed), and the page must log no error.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchedPage } from '../support/browser.ts';
import { Cluster } from '../support/cluster.ts';
import { screenshotFolder } from '../support/screenshots.ts';

const shots = screenshotFolder('rollcall-dashboard-views-');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  console.log(`dashboard screenshots in ${shots}`);
});
afterAll(async () => browser?.close());

// Read in the page (strings: this project's TypeScript has no DOM types).
const hash = (page: Page) => page.evaluate<string>('location.hash');
const drawerOf = async (page: Page, name: string) => page.locator('#detail-title').filter({ hasText: name }).waitFor();
const focusedRow = (page: Page) => page.evaluate<string | null>('document.activeElement?.dataset.id ?? null');
const shownPane = (page: Page) => page.evaluate<string[]>("[...document.querySelectorAll('.pane')].filter((p) => !p.hidden).map((p) => p.dataset.view)");

describe('dashboard URLs, keys and views (chromium)', () => {
  let cluster: Cluster;
  const ids: Record<string, string> = {};
  afterAll(async () => cluster?.stop());

  it('opens a bookmarked member, keeps it over a reload, closes it with Escape, and follows Back and Forward', async () => {
    cluster = new Cluster();
    await cluster.startRegistry();
    for (const name of ['w1', 'w2']) ids[name] = await cluster.workerId(await cluster.startWorker(name));
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    await page.goto(`${cluster.http}/#/members/${ids.w2}`);
    await drawerOf(page, 'w2');
    await page.reload();
    await drawerOf(page, 'w2');
    expect(await page.evaluate('document.activeElement?.id')).toBe('detail-close'); // the keyboard is in the member view

    await page.keyboard.press('Escape');
    await page.locator('#detail').waitFor({ state: 'hidden' });
    await expect.poll(() => hash(page)).toBe('#/members');
    expect(await focusedRow(page)).toBe(ids.w2); // back on the row it showed

    await page.locator(`.row.member[data-id="${ids.w1}"]`).click();
    await drawerOf(page, 'w1');
    await expect.poll(() => hash(page)).toBe(`#/members/${ids.w1}`);
    await page.locator('#detail-close').click();
    await page.goBack();
    await drawerOf(page, 'w1');
    await page.goBack();
    await page.locator('#detail').waitFor({ state: 'hidden' });
    await page.goBack();
    await drawerOf(page, 'w2');
    await page.goForward();
    await page.locator('#detail').waitFor({ state: 'hidden' });

    for (const view of ['jobs', 'events', 'machines', 'members']) {
      await page.locator(`.tab[data-tab="${view}"]`).click();
      await expect.poll(() => shownPane(page)).toEqual([view]);
      expect(await hash(page)).toBe(`#/${view}`);
      expect(await page.locator(`.tab[data-tab="${view}"]`).getAttribute('aria-current')).toBe('page');
    }
    await page.goBack();
    await expect.poll(() => shownPane(page)).toEqual(['machines']);
    const fresh = await watchedPage(browser, errors); // a bookmark of a view
    await fresh.goto(`${cluster.http}/#/events`);
    await expect.poll(() => shownPane(fresh)).toEqual(['events']);
    expect(errors).toEqual([]);
  }, 90_000);

  it('lists jobs with links to their workers, and shows the latest events, the audited ones marked, live', async () => {
    expect((await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '60000', jobId: 'long-one' })).status).toBe(201);
    expect((await cluster.api('POST', '/api/jobs', { kind: 'sleep', payload: '10', jobId: 'short-one' })).status).toBe(201);
    await cluster.until(() => cluster.api<{ state: string }>('GET', '/api/jobs/short-one'), (r) => r.body.state === 'succeeded', 15_000, 'the short job to finish');
    const long = await cluster.until(() => cluster.api<{ workerId: string | null }>('GET', '/api/jobs/long-one'), (r) => r.body.workerId !== null, 15_000, 'the long job to be assigned');
    const errors: string[] = [];
    const page = await watchedPage(browser, errors);
    await page.goto(`${cluster.http}/#/jobs`);
    const longRow = page.locator('#jobs-table tr[data-job="long-one"]');
    await longRow.waitFor();
    expect(await longRow.locator('td').allTextContents()).toEqual(['long-one', 'sleep', 'assigned', long.body.workerId, '1', expect.stringMatching(/Z$/), '–']);
    await page.screenshot({ path: join(shots, 'dashboard-jobs.png') });
    await page.selectOption('#jobs-state', 'succeeded');
    await page.locator('#jobs-table tr[data-job="long-one"]').waitFor({ state: 'detached' });
    expect(await page.locator('#jobs-table tbody tr').count()).toBe(1);
    await page.locator('#jobs-count').filter({ hasText: /^1 job$/ }).waitFor();
    await page.selectOption('#jobs-state', '');
    await longRow.locator('a').click();
    await expect.poll(() => hash(page)).toBe(`#/members/${long.body.workerId}`);
    await page.locator('#detail-jobs td').filter({ hasText: 'long-one' }).waitFor();

    await page.locator('.tab[data-tab="events"]').click();
    const registered = page.locator('#events-list li').filter({ hasText: `${ids.w1} registered → active.idle` });
    await registered.waitFor();
    expect(await registered.locator('.tag').textContent()).toBe('registered');
    expect(await registered.locator('a').getAttribute('href')).toBe(`#/members/${ids.w1}`);
    await page.locator('#events-list li').filter({ hasText: 'job short-one succeeded' }).waitFor();
    // A drain elsewhere reaches the open view without a reload, marked as audited.
    expect((await cluster.api('POST', `/api/workers/${ids.w1}/drain`)).status).toBe(200);
    const drained = page.locator('#events-list li').filter({ hasText: `${ids.w1} active.` }).filter({ hasText: 'draining' }).first();
    await drained.waitFor({ timeout: 10_000 });
    // A refused credential comes from the audit log, without a member changing.
    expect((await cluster.api('POST', '/api/jobs', { kind: 'sleep' }, 'not-the-admin-token')).status).toBe(401);
    await page.locator('#events-list li').filter({ hasText: 'admin credential refused: POST /api/jobs from 127.0.0.1' }).waitFor({ timeout: 10_000 });
    await page.check('#events-audited');
    await expect.poll(() => page.locator('#events-list li').filter({ hasText: 'job short-one' }).count()).toBe(0);
    const tags = await page.locator('#events-list li .tag').count();
    expect(tags).toBeGreaterThanOrEqual(4); // two registrations, the drain and the refusal, at least
    expect(await page.locator('#events-list li').count()).toBe(tags);
    await page.screenshot({ path: join(shots, 'dashboard-events.png') });
    expect(errors).toEqual([]);
  }, 60_000);
});

describe('dashboard rates, times and the last hour (chromium)', () => {
  let cluster: Cluster;
  afterAll(async () => cluster?.stop());

  it('shows a fractional heartbeat rate, every time in UTC with the local one in its tooltip, and charts of the last hour', async () => {
    cluster = new Cluster();
    // One worker beating every 10 s: 0.1 heartbeats/s.
    await cluster.startRegistry(['--heartbeat-interval', '10s', '--unhealthy-after', '30s']);
    const id = await cluster.workerId(await cluster.startWorker('slow'));
    const errors: string[] = [];
    const page = await watchedPage(browser, errors, { timezoneId: 'Asia/Kolkata' }); // UTC+05:30: a local time would differ
    await page.goto(`${cluster.http}/`);
    const formatted = await page.evaluate("import('/dashboard/format.js').then(({ rate }) => [0.1, 0.05, 0.333, 12.345, 4321.6, 0].map(rate))");
    expect(formatted).toEqual(['0.1', '0.05', '0.333', '12.3', '4,322', '0']);
    await expect.poll(() => page.locator('#rate').textContent(), { timeout: 40_000 }).toMatch(/^0\.\d+$/);

    // The member's history and the events view say the same moment the same way, in UTC.
    await page.goto(`${cluster.http}/#/members/${id}`);
    await drawerOf(page, 'slow');
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
    const joined = page.locator('#detail-history li').filter({ hasText: 'active.idle' }).last().locator('time');
    const at = await joined.textContent();
    expect(at).toMatch(iso);
    expect(await joined.getAttribute('title')).toMatch(/^your local time: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+05:30$/);
    const registeredFact = page.locator('#detail-facts dt:text-is("Registered") + dd time');
    expect(await registeredFact.textContent()).toMatch(iso);
    for (const time of await page.locator('#detail time').allTextContents()) expect(time).toMatch(iso);
    await page.goto(`${cluster.http}/#/events`);
    const event = page.locator('#events-list li').filter({ hasText: `${id} registered → active.idle` });
    expect(await event.locator('time').textContent()).toBe(at);
    expect(await page.locator('#time-note').getAttribute('title')).toContain('UTC');

    // The last hour: a sample when the registry came up, then now; the rate line is fractional too.
    await expect.poll(() => page.locator('#trend-rate svg').getAttribute('data-points'), { timeout: 30_000 }).toMatch(/^([2-9]|\d\d+)$/);
    expect(await page.locator('#trend-states .legend [data-series="active"]').textContent()).toBe('active 1');
    expect(await page.locator('#trend-states svg [data-series="active"]').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('#trend-rate .legend').textContent(), { timeout: 45_000 }).toMatch(/^heartbeats\/s 0\.\d+$/);
    for (const time of await page.locator('#trend-rate svg text').allTextContents()) expect(time).toMatch(/^(\d|\d+\.\d+|\d{4}-.*Z)$/);
    await page.screenshot({ path: join(shots, 'dashboard-last-hour.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
