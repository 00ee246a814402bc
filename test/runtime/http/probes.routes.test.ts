// /health, /readiness (the guard, the restart grace, a stopped registry) and /metrics.
import { describe, expect, it } from 'vitest';
import { rollcallVersion } from '../../../runtime/package/version.ts';
import { errorOf, heartbeat, MINUTE, register, registration, startApi } from '../../support/http-harness.ts';

describe('/health and /readiness', () => {
  it('is ready on a fresh registry', async () => {
    const api = startApi();
    expect((await api.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok', version: rollcallVersion(), registryUp: true });
    const ready = await api.inject({ method: 'GET', url: '/readiness' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true });
  });

  it('turns 503 while the mass-failure guard holds, and back when it lets go', async () => {
    const api = startApi({ massFailureMinMembers: 2 });
    const a = await register(api);
    await register(api);
    api.advance(2 * MINUTE + 1000);
    const held = await api.inject({ method: 'GET', url: '/readiness' });
    expect(held.statusCode).toBe(503);
    expect(held.json().reason).toMatch(/mass-failure guard holding/);
    expect((await api.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^rollcall_mass_failure_guard_held 1$/m);
    // A recovering heartbeat re-evaluates the guard at once: readiness follows it.
    expect((await heartbeat(api, a)).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/readiness' })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^rollcall_mass_failure_guard_held 0$/m);
  });

  it('is 503 while the registry is down, then during the restart grace, then ready', async () => {
    const api = startApi();
    await register(api);
    api.host.crash();
    const down = await api.inject({ method: 'GET', url: '/readiness' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ ready: false, reason: 'the registry is not running' });
    expect((await api.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok', version: rollcallVersion(), registryUp: false });
    const call = await api.inject({ method: 'GET', url: '/api/workers' });
    expect(call.statusCode).toBe(503);
    expect(errorOf(call).code).toBe('unavailable');
    api.host.start();
    const grace = await api.inject({ method: 'GET', url: '/readiness' });
    expect(grace.statusCode).toBe(503);
    expect(grace.json()).toEqual({
      ready: false,
      reason: expect.stringMatching(/^restart grace/),
      graceUntil: new Date(api.clock.now() + 5 * MINUTE).toISOString(),
    });
    api.advance(5 * MINUTE);
    expect((await api.inject({ method: 'GET', url: '/readiness' })).statusCode).toBe(200);
  });
});

describe('/metrics', () => {
  function value(text: string, series: string): number {
    const line = text.split('\n').find((l) => l.startsWith(series + ' '));
    if (!line) throw new Error(`no series ${series} in\n${text}`);
    return Number(line.slice(series.length + 1));
  }

  it('exposes the named series with the registry’s values', async () => {
    const api = startApi();
    const a = await register(api, { workerId: 'm-a' });
    const b = await register(api);
    await register(api, { workerId: 'm-a', workerSecret: a.workerSecret });
    await api.inject({ method: 'POST', url: '/api/workers', payload: registration({ maxConcurrentJobs: 0 }) });
    await api.inject({ method: 'POST', url: '/api/workers/preregister', payload: { name: 'p', address: '10.7.0.1:1' } });
    await heartbeat(api, b, { breakerState: 'open' });
    await heartbeat(api, b, { breakerState: 'halfOpen' });
    await api.inject({ method: 'POST', url: '/api/jobs', payload: { kind: 'k' } });
    api.metrics.recordReconnectAttempt();
    api.metrics.recordReconnectAttempt();
    api.metrics.recordReconnectSuccess();

    const res = await api.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(value(text, 'rollcall_registry_up')).toBe(1);
    expect(value(text, 'rollcall_members{state="active"}')).toBe(2);
    expect(value(text, 'rollcall_members{state="registered"}')).toBe(1);
    expect(value(text, 'rollcall_members{state="failed"}')).toBe(0);
    expect(value(text, 'rollcall_heartbeats_total')).toBe(2);
    expect(value(text, 'rollcall_registrations_total{outcome="created"}')).toBe(2);
    expect(value(text, 'rollcall_registrations_total{outcome="re_registered"}')).toBe(1);
    expect(value(text, 'rollcall_registrations_total{outcome="rejected",code="invalid_argument"}')).toBe(1);
    expect(value(text, 'rollcall_reconnect_attempts_total')).toBe(2);
    expect(value(text, 'rollcall_reconnect_successes_total')).toBe(1);
    expect(value(text, 'rollcall_jobs{state="assigned"}')).toBe(1);
    expect(value(text, 'rollcall_jobs{state="queued"}')).toBe(0);
    expect(value(text, 'rollcall_worker_breaker_states{state="half_open"}')).toBe(1);
    expect(value(text, 'rollcall_worker_breaker_states{state="open"}')).toBe(0);
    expect(value(text, 'rollcall_mass_failure_guard_held')).toBe(0);
    expect(value(text, `rollcall_build_info{version="${rollcallVersion()}",node="${process.versions.node}"}`)).toBe(1);
  });

  it('keeps the heartbeat counter rising across a registry restart', async () => {
    const api = startApi();
    const s = await register(api);
    await heartbeat(api, s);
    await heartbeat(api, s);
    expect((await api.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^rollcall_heartbeats_total 2$/m);
    api.host.crash();
    api.host.start();
    const again = await register(api, { workerId: s.worker.id, workerSecret: s.workerSecret });
    await heartbeat(api, again);
    expect((await api.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^rollcall_heartbeats_total 3$/m);
  });

  it('keeps each registry’s series apart (no global prom-client registry)', async () => {
    const one = startApi();
    const two = startApi();
    await register(one);
    expect((await two.inject({ method: 'GET', url: '/metrics' })).body).not.toMatch(/rollcall_registrations_total\{outcome="created"\} 1/);
  });
});
