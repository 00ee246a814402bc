// Per-field validation (docs/behaviour.md §1) of values of the wrong type, which JavaScript would
// otherwise coerce or iterate (a string is iterable, `'1' >= 0.1` is true, NaN compares false
// with everything), and the description given with each refusal.
import { describe, expect, it } from 'vitest';
import { validateRegistration } from '../../../machines/registry/validation.ts';
import type { RegisterRequest } from '../../../machines/registry/registry.types.ts';

const valid: RegisterRequest = { name: 'w', address: 'host:1', maxConcurrentJobs: 1 };
const violations = (r: Record<string, unknown>) => validateRegistration({ ...valid, ...r } as RegisterRequest);
const fieldsOf = (r: Record<string, unknown>) => violations(r).map((v) => v.field);

describe('validation: values of the wrong type', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['capabilities a string', { capabilities: 'gpu' }, ['capabilities']],
    ['capabilities with one number among strings', { capabilities: { gpu: 'a100', count: 2 } }, ['capabilities']],
    ['labels a string', { labels: 'team' }, ['labels']],
    ['loadFactor a numeric string', { loadFactor: '1' }, ['loadFactor']],
    ['resources a string', { resources: 'lots' }, ['resources']],
    ['resources null', { resources: null }, ['resources']],
    ['a resource that is NaN', { resources: { cpuCores: Number.NaN } }, ['resources.cpuCores']],
    ['a resource that is infinite', { resources: { memoryMb: Number.POSITIVE_INFINITY } }, ['resources.memoryMb']],
    ['a resource given as a string', { resources: { diskMb: '10' } }, ['resources.diskMb']],
  ])('refuses %s', (_, change, fields) => {
    expect(fieldsOf(change)).toEqual(fields);
  });
});

describe('validation: what each refusal says', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['a name too long', { name: 'n'.repeat(129) }, 'must be at most 128 characters'],
    ['labels not a map of strings', { labels: { a: 1 } }, 'must be a map of strings to strings'],
    ['too many labels', { labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) }, 'must have at most 32 entries'],
    ['resources not an object', { resources: [1] }, 'must be an object'],
    ['a negative resource', { resources: { cpuCores: -1 } }, 'must be a non-negative number'],
  ])('%s', (_, change, description) => {
    expect(violations(change).map((v) => v.description)).toEqual([description]);
  });
});
