// The worker's probes: /health names the process's state and the rollcall version it runs;
// /readiness is 200 only while the worker is active.
import { afterEach, describe, expect, it } from 'vitest';
import { rollcallVersion } from '../../../runtime/package/version.ts';
import { startHealthServer } from '../../../runtime/worker/health-server.ts';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('the worker health server', () => {
  it('answers /health with the state and version, and /readiness by the state', async () => {
    const view = { state: 'registering', workerId: undefined as string | undefined };
    const server = await startHealthServer(view, '127.0.0.1', 0);
    close = server.close;
    const base = `http://127.0.0.1:${server.port}`;
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', version: rollcallVersion(), state: 'registering', workerId: null });
    expect((await fetch(`${base}/readiness`)).status).toBe(503);
    view.state = 'active';
    view.workerId = 'w-1';
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ state: 'active', workerId: 'w-1' });
    expect((await fetch(`${base}/readiness`)).status).toBe(200);
  });
});
