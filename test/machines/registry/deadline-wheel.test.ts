// The deadline wheel: filing, cancelling, due order, lazy rescheduling, one return per filing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineWheel } from '../../../machines/registry/deadline-wheel.ts';
import { propertyParams } from '../../support/property.ts';

describe('deadline wheel', () => {
  it('returns nothing before the bucket of a deadline, the ID once it is due', () => {
    const w = new DeadlineWheel(1000, 0);
    w.schedule('a', 2500);
    expect(w.due(2999)).toEqual([]);
    expect(w.due(3000)).toEqual(['a']);
    expect(w.due(10_000)).toEqual([]);
    expect(w.size).toBe(0);
  });

  it('rounds a deadline up: never due before it', () => {
    const w = new DeadlineWheel(1000, 0);
    w.schedule('exact', 2000);
    w.schedule('after', 2001);
    expect(w.due(2000)).toEqual(['exact']);
    expect(w.due(2999)).toEqual([]);
    expect(w.due(3000)).toEqual(['after']);
  });

  it('orders due IDs by bucket, then by filing order', () => {
    const w = new DeadlineWheel(1000, 0);
    w.schedule('late', 3000);
    w.schedule('b', 2000);
    w.schedule('a', 2000);
    w.schedule('early', 1000);
    expect(w.due(5000)).toEqual(['early', 'b', 'a', 'late']);
  });

  it('cancel removes a filing', () => {
    const w = new DeadlineWheel(1000, 0);
    w.schedule('a', 1000);
    w.schedule('b', 1000);
    w.cancel('a');
    expect(w.size).toBe(1);
    expect(w.due(1000)).toEqual(['b']);
  });

  it('keeps the earlier of two filings (lazy: the owner refiles when it comes due)', () => {
    const w = new DeadlineWheel(1000, 0);
    w.schedule('a', 5000);
    w.schedule('a', 2000);
    w.schedule('a', 9000);
    expect(w.size).toBe(1);
    expect(w.due(2000)).toEqual(['a']);
    expect(w.due(9000)).toEqual([]);
  });

  it('never returns an ID twice for one filing, even with stale entries in later buckets', () => {
    const w = new DeadlineWheel(1000, 0);
    w.schedule('a', 5000);
    w.schedule('a', 2000);
    expect(w.due(2000)).toEqual(['a']);
    w.schedule('a', 5000);
    expect(w.due(5000)).toEqual(['a']);
    w.schedule('b', 7000);
    w.cancel('b');
    w.schedule('b', 7000);
    expect(w.due(7000)).toEqual(['b']);
  });

  it('a deadline in the past is due at the next call', () => {
    const w = new DeadlineWheel(1000, 10_000);
    w.due(10_500);
    w.schedule('a', 1);
    expect(w.due(10_999)).toEqual([]);
    expect(w.due(11_000)).toEqual(['a']);
  });

  it('a deadline at the start bucket is due at once', () => {
    const w = new DeadlineWheel(1000, 10_000);
    w.schedule('a', 10_000);
    expect(w.due(10_000)).toEqual(['a']);
  });

  it('catches up over many buckets in one call', () => {
    const w = new DeadlineWheel(1000, 0);
    for (let i = 0; i < 100; i++) w.schedule(`m${i}`, (100 - i) * 1000);
    const due = w.due(1_000_000);
    expect(due).toHaveLength(100);
    expect(due[0]).toBe('m99');
    expect(new Set(due).size).toBe(100);
  });

  it('after an ID comes due it may be filed again', () => {
    const w = new DeadlineWheel(1000, 0);
    w.schedule('a', 1000);
    expect(w.due(1000)).toEqual(['a']);
    w.schedule('a', 1500);
    expect(w.due(2000)).toEqual(['a']);
  });

  it('scheduleAll files a list as scheduling each of its IDs would, on a fresh wheel or one in use', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const before = fc.array(fc.record({ id, at: fc.nat({ max: 9000 }), cancel: fc.boolean() }), { maxLength: 6 });
    const wheels = () => [new DeadlineWheel(1000, 2000), new DeadlineWheel(1000, 2000)] as const;
    fc.assert(
      fc.property(before, fc.array(id, { maxLength: 8 }), fc.nat({ max: 9000 }), fc.nat({ max: 3000 }), (earlier, ids, at, firstDue) => {
        const [one, all] = wheels();
        for (const w of [one, all]) {
          for (const e of earlier) {
            w.schedule(e.id, e.at);
            if (e.cancel) w.cancel(e.id);
          }
          w.due(firstDue);
        }
        for (const i of ids) one.schedule(i, at);
        all.scheduleAll(ids, at);
        expect(all.size).toBe(one.size);
        for (const now of [3000, 6000, 10_000]) expect(all.due(now)).toEqual(one.due(now));
      }),
      propertyParams(300),
    );
  });
});
