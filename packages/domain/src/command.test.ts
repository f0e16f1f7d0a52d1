import { describe, expect, it } from 'vitest';
import { DISPATCH_OPEN, DISPATCH_TRANSITIONS, dueFlag, readinessOf, travelMinutes } from './command.ts';

describe('readinessOf', () => {
  it('is unknown before any roll-call', () => {
    expect(readinessOf(null)).toEqual({ peoplePct: null, equipmentPct: null, overallPct: null });
  });
  it('takes the weaker of people and equipment', () => {
    expect(readinessOf({ peoplePresent: 18, peopleTotal: 20, equipmentWorking: 3, equipmentTotal: 4 })).toEqual({ peoplePct: 90, equipmentPct: 75, overallPct: 75 });
  });
  it('leaves out a half the team does not have (no equipment)', () => {
    expect(readinessOf({ peoplePresent: 1, peopleTotal: 3, equipmentWorking: 0, equipmentTotal: 0 })).toEqual({ peoplePct: 33.3, equipmentPct: null, overallPct: 33.3 });
  });
});

describe('dueFlag', () => {
  it('flags past, near and far dates', () => {
    expect(dueFlag('2026-01-01', '2026-01-02', 30)).toBe('expired');
    expect(dueFlag('2026-01-02', '2026-01-02', 30)).toBe('expiring');
    expect(dueFlag('2026-02-01', '2026-01-02', 30)).toBe('expiring');
    expect(dueFlag('2026-02-02', '2026-01-02', 30)).toBe('ok');
    expect(dueFlag(null, '2026-01-02', 30)).toBe('none');
  });
});

describe('travelMinutes', () => {
  it('is the straight line times the detour factor at the speed', () => {
    expect(travelMinutes(10_000, { detourFactor: 1.4, speedKmh: 40 })).toBe(21);
    expect(travelMinutes(0)).toBe(0);
  });
  it('keeps the order of distances', () => {
    expect(travelMinutes(1000)).toBeLessThan(travelMinutes(2000));
  });
});

describe('dispatch transitions', () => {
  it('end in done or cancelled, never going back', () => {
    const order = ['dispatched', 'en_route', 'on_site', 'done'];
    for (const [from, tos] of Object.entries(DISPATCH_TRANSITIONS)) {
      for (const to of tos) if (to !== 'cancelled') expect(order.indexOf(to)).toBeGreaterThan(order.indexOf(from));
    }
    expect(DISPATCH_TRANSITIONS.done).toEqual([]);
    expect(DISPATCH_OPEN).not.toContain('done');
  });
});
