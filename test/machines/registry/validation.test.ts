// Per-field validation (every violation at once) and the failed-attempt rate limit (docs/behaviour.md §1).
import { describe, expect, it } from 'vitest';
import { validateRegistration } from '../../../machines/registry/validation.ts';
import type { RegisterRequest } from '../../../machines/registry/registry.types.ts';
import { err, join, makeRegistry, MINUTE, ok, request } from '../../support/registry-harness.ts';

const valid: RegisterRequest = { name: 'w', address: 'host:1', maxConcurrentJobs: 1 };
const fieldsOf = (r: Record<string, unknown>) => validateRegistration({ ...valid, ...r } as RegisterRequest).map((v) => v.field);
const labels = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

describe('validation: one field at a time', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['workerId with a space', { workerId: 'a b' }, ['workerId']],
    ['workerId empty', { workerId: '' }, ['workerId']],
    ['workerId of 65 characters', { workerId: 'x'.repeat(65) }, ['workerId']],
    ['workerId not a string', { workerId: 7 }, ['workerId']],
    ['name empty', { name: '' }, ['name']],
    ['name blank', { name: '   ' }, ['name']],
    ['name of 129 characters', { name: 'n'.repeat(129) }, ['name']],
    ['name missing', { name: undefined }, ['name']],
    ['maxConcurrentJobs 0', { maxConcurrentJobs: 0 }, ['maxConcurrentJobs']],
    ['maxConcurrentJobs 101', { maxConcurrentJobs: 101 }, ['maxConcurrentJobs']],
    ['maxConcurrentJobs 1.5', { maxConcurrentJobs: 1.5 }, ['maxConcurrentJobs']],
    ['maxConcurrentJobs "2"', { maxConcurrentJobs: '2' }, ['maxConcurrentJobs']],
    ['address port 0', { address: 'h:0' }, ['address']],
    ['address port 65536', { address: 'h:65536' }, ['address']],
    ['address without a port', { address: 'h' }, ['address']],
    ['address without a host', { address: ':80' }, ['address']],
    ['address port not a number', { address: 'h:http' }, ['address']],
    ['loadFactor 0.05', { loadFactor: 0.05 }, ['loadFactor']],
    ['loadFactor 2.5', { loadFactor: 2.5 }, ['loadFactor']],
    ['loadFactor NaN', { loadFactor: Number.NaN }, ['loadFactor']],
    ['negative memory', { resources: { memoryMb: -1 } }, ['resources.memoryMb']],
    ['resources not an object', { resources: [1] }, ['resources']],
    ['33 labels', { labels: labels(33) }, ['labels']],
    ['labels with a number', { labels: { a: 1 } }, ['labels']],
    ['capabilities with a number', { capabilities: { gpu: 1 } }, ['capabilities']],
    ['capabilities an array', { capabilities: ['gpu'] }, ['capabilities']],
    ['capabilities null', { capabilities: null }, ['capabilities']],
  ])('%s', (_, change, fields) => {
    expect(fieldsOf(change)).toEqual(fields);
  });

  it.each<[string, Record<string, unknown>]>([
    ['the minimum request', {}],
    ['workerId of 64 characters from the whole alphabet', { workerId: `Az09._-${'x'.repeat(57)}` }],
    ['name of 128 characters', { name: 'n'.repeat(128) }],
    ['maxConcurrentJobs 100', { maxConcurrentJobs: 100 }],
    ['port 1', { address: 'h:1' }],
    ['port 65535', { address: 'h:65535' }],
    ['an IPv6 host', { address: '[::1]:1' }],
    ['loadFactor 0.1', { loadFactor: 0.1 }],
    ['loadFactor 2.0', { loadFactor: 2.0 }],
    ['32 labels', { labels: labels(32) }],
    ['zero resources', { resources: { cpuCores: 0, memoryMb: 0, diskMb: 0 } }],
    ['no address at all', { address: undefined }],
  ])('accepts %s', (_, change) => {
    expect(fieldsOf(change)).toEqual([]);
  });
});

describe('validation: through register', () => {
  it('reports every violated field at once in details, and registers nobody', () => {
    const r = makeRegistry();
    const refused = err(r.run({ kind: 'register', request: {
      workerId: 'bad id', name: '', address: 'h:0', maxConcurrentJobs: 0, loadFactor: 2.5,
      resources: { cpuCores: -1, memoryMb: -2 }, labels: labels(33), capabilities: { gpu: 1 } as unknown as Record<string, string>,
    } }, 0));
    expect(refused.code).toBe('invalid_argument');
    expect(refused.details?.map((d) => d.field)).toEqual([
      'workerId', 'name', 'maxConcurrentJobs', 'address', 'loadFactor', 'capabilities', 'labels', 'resources.cpuCores', 'resources.memoryMb',
    ]);
    for (const d of refused.details ?? []) expect(d.description.length).toBeGreaterThan(0);
    expect(refused.message).toContain('workerId');
    expect(r.memberCount).toBe(0);
    // Nothing to persist: the one effect is the refusal, for the log.
    expect(r.takeEffects()).toEqual([{ kind: 'registration.refused', workerId: 'bad id', source: null, code: 'invalid_argument' }]);
  });
});

describe('rate limit on failed registrations', () => {
  function lockedOut() {
    const r = makeRegistry();
    join(r, 0, { workerId: 'a', address: 'h:1' });
    for (let i = 1; i <= 3; i++) expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'bad' }) }, i)).code).toBe('permission_denied');
    return r;
  }

  it('after 3 failed attempts the 4th is refused with rate_limited and retryAfterMs', () => {
    const r = lockedOut();
    const refused = err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'bad' }) }, 4));
    expect(refused.code).toBe('rate_limited');
    expect(refused.retryAfterMs).toBe(3 + 60 * MINUTE - 4);
    expect(refused.message).toContain('a');
  });

  it('refuses wrong or missing secrets for 60 min, but never the right one (issue #16: no lock-out by others)', () => {
    const r = lockedOut();
    const secret = r.member('a')?.secret;
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1' }) }, 59 * MINUTE)).code).toBe('rate_limited');
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'bad' }) }, 3 + 60 * MINUTE - 1)).retryAfterMs).toBe(1);
    const owner = ok(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: secret }) }, 10));
    expect(owner).toMatchObject({ workerId: 'a', reRegistered: true, epoch: 2 });
  });

  it('three invalid registrations naming a live worker do not lock it out', () => {
    const r = makeRegistry();
    const live = join(r, 0, { workerId: 'v', address: 'h:7', workerSecret: 'v-secret' });
    for (let i = 1; i <= 3; i++) expect(err(r.run({ kind: 'register', request: request({ workerId: 'v', maxConcurrentJobs: 0, sourceAddress: '10.6.6.6' }) }, i)).code).toBe('invalid_argument');
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'v', sourceAddress: '10.6.6.6' }) }, 4)).code).toBe('rate_limited');
    const again = ok(r.run({ kind: 'register', request: request({ workerId: 'v', address: 'h:7', workerSecret: 'v-secret', sourceAddress: '10.0.0.7' }) }, 5));
    expect(again).toMatchObject({ workerId: live.workerId, reRegistered: true });
  });

  it('while an ID is locked, each wrong secret tried for it counts against its source', () => {
    const r = makeRegistry({ registrationAttemptsPerSourceMax: 5 });
    join(r, 0, { workerId: 'a', address: 'h:1' });
    const guess = (at: number) => r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'guess', sourceAddress: '10.6.6.6' }) }, at);
    for (let i = 1; i <= 3; i++) expect(err(guess(i)).code).toBe('permission_denied');
    expect(err(guess(4)).message).toMatch(/for a;/);
    expect(err(guess(5)).message).toMatch(/for a;/);
    expect(err(guess(6)).message).toMatch(/from 10\.6\.6\.6/);
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'other', sourceAddress: '10.6.6.6' }) }, 7)).code).toBe('rate_limited');
  });

  it('after the lock-out the count starts again from zero', () => {
    const r = lockedOut();
    const at = 3 + 60 * MINUTE;
    for (let i = 0; i < 2; i++) expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'bad' }) }, at + i)).code).toBe('permission_denied');
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'bad' }) }, at + 2)).code).toBe('permission_denied');
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'bad' }) }, at + 3)).code).toBe('rate_limited');
  });

  it('invalid requests count as failed attempts', () => {
    const r = makeRegistry();
    for (let i = 0; i < 3; i++) expect(err(r.run({ kind: 'register', request: request({ workerId: 'z', maxConcurrentJobs: 0 }) }, i)).code).toBe('invalid_argument');
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'z' }) }, 3)).code).toBe('rate_limited');
  });

  it('a success clears the count; other IDs are not affected', () => {
    const r = makeRegistry();
    const first = join(r, 0, { workerId: 'a', address: 'h:1' });
    for (let i = 1; i <= 2; i++) err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'bad' }) }, i));
    ok(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: first.workerSecret }) }, 3));
    for (let i = 4; i <= 5; i++) expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'bad' }) }, i)).code).toBe('permission_denied');
    ok(r.run({ kind: 'register', request: request({ workerId: 'b' }) }, 6));
  });
});

describe('rate limit per source address', () => {
  const bad = (id: string, source: string) => request({ workerId: id, name: '', sourceAddress: source });

  it('a source with too many failures is locked out for every ID; other sources are not', () => {
    const r = makeRegistry({ registrationAttemptsPerSourceMax: 5 });
    for (let i = 0; i < 5; i++) expect(err(r.run({ kind: 'register', request: bad(`probe-${i}`, '10.9.9.9') }, 1_000)).code).toBe('invalid_argument');
    const locked = err(r.run({ kind: 'register', request: request({ workerId: 'fresh', sourceAddress: '10.9.9.9' }) }, 2_000));
    expect(locked).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/from 10\.9\.9\.9/) });
    expect(locked.retryAfterMs).toBe(60 * MINUTE - 1_000);
    expect(ok(r.run({ kind: 'register', request: request({ workerId: 'fresh', sourceAddress: '10.1.1.1' }) }, 2_000)).workerId).toBe('fresh');
  });

  it('a success does not clear the source count; the lock-out runs out after registrationLockout', () => {
    const r = makeRegistry({ registrationAttemptsPerSourceMax: 3 });
    err(r.run({ kind: 'register', request: bad('a', '10.2.2.2') }, 0));
    ok(r.run({ kind: 'register', request: request({ workerId: 'b', sourceAddress: '10.2.2.2' }) }, 0));
    err(r.run({ kind: 'register', request: bad('c', '10.2.2.2') }, 0));
    err(r.run({ kind: 'register', request: bad('d', '10.2.2.2') }, 0));
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'e', sourceAddress: '10.2.2.2' }) }, MINUTE)).code).toBe('rate_limited');
    expect(ok(r.run({ kind: 'register', request: request({ workerId: 'e', sourceAddress: '10.2.2.2' }) }, 61 * MINUTE)).workerId).toBe('e');
  });
});
