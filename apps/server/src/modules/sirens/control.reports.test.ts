/**
 * The rules a batch of activation reports is applied with: the same end as writing them one by one (duplicates
 * change nothing, a late `accepted` after `finished` is dropped), and a `finished` seen before its `accepted` still
 * leaves `sounding` in the siren's history.
 */
import { describe, expect, it } from 'vitest';
import { deliveryKey, planReports, type DeliveryNow, type QueuedReport } from './control.reports.ts';

const CMD = '9b2f0c1e-0000-4000-8000-000000000001';
const STOP = '9b2f0c1e-0000-4000-8000-000000000002';

const rows = (...ds: DeliveryNow[]) => new Map(ds.map((d) => [deliveryKey(d.commandId, d.sirenId), d]));
const sent = (sirenId: number, commandId = CMD, action = 'sound'): DeliveryNow => ({ commandId, sirenId, state: 'sent', action, accepted: false });
const report = (sirenId: number, status: QueuedReport['status'], commandId = CMD, reason: string | null = null): QueuedReport => ({ commandId, sirenId, status, reason });

describe('planReports', () => {
  it('accepted then finished: the row ends finished with both times, the siren sounded and is back online', () => {
    const plan = planReports([report(1, 'accepted'), report(1, 'finished')], rows(sent(1)), new Map([[1, 'online']]));
    expect(plan.deliveries).toEqual([{ commandId: CMD, sirenId: 1, state: 'finished', reason: null, accepted: true, finished: true }]);
    expect(plan.events.map((e) => [e.from, e.to])).toEqual([['online', 'sounding'], ['sounding', 'online']]);
    expect(plan.sirens).toEqual([{ id: 1, status: 'online' }]);
    expect(plan.ignored).toBe(0);
  });

  it('finished before accepted: sounding is still in the history, and the late accepted changes nothing', () => {
    const plan = planReports([report(1, 'finished'), report(1, 'accepted')], rows(sent(1)), new Map([[1, 'online']]));
    expect(plan.deliveries).toEqual([{ commandId: CMD, sirenId: 1, state: 'finished', reason: null, accepted: true, finished: true }]);
    expect(plan.events.map((e) => [e.from, e.to, e.reason])).toEqual([
      ['online', 'sounding', `遥控指令 ${CMD} 鸣放 sounding`],
      ['sounding', 'online', `遥控指令 ${CMD} 完成 finished`],
    ]);
    expect(plan.ignored).toBe(1);
  });

  it('a finished whose accepted was written in an earlier batch does not sound the siren again', () => {
    const plan = planReports([report(1, 'finished')], rows({ ...sent(1), state: 'accepted', accepted: true }), new Map([[1, 'sounding']]));
    expect(plan.events.map((e) => [e.from, e.to])).toEqual([['sounding', 'online']]);
  });

  it('duplicates change nothing, in the same batch or against what is stored', () => {
    const once = planReports([report(1, 'accepted')], rows(sent(1)), new Map([[1, 'online']]));
    const thrice = planReports([report(1, 'accepted'), report(1, 'accepted'), report(1, 'accepted')], rows(sent(1)), new Map([[1, 'online']]));
    expect(thrice.deliveries).toEqual(once.deliveries);
    expect(thrice.events).toEqual(once.events);
    expect(thrice.ignored).toBe(2);
    const stored = planReports([report(1, 'accepted'), report(1, 'finished')], rows({ ...sent(1), state: 'finished', accepted: true }), new Map([[1, 'online']]));
    expect(stored).toEqual({ deliveries: [], sirens: [], events: [], ignored: 2 });
  });

  it('a report for no known delivery row is ignored', () => {
    expect(planReports([report(9, 'accepted')], rows(sent(1)), new Map([[1, 'online']]))).toEqual({ deliveries: [], sirens: [], events: [], ignored: 1 });
  });

  it('a siren in fault or maintenance keeps its state; an offline one that answers comes back', () => {
    const plan = planReports(
      [report(1, 'accepted'), report(2, 'finished'), report(3, 'rejected', CMD, 'expired'), report(4, 'accepted', STOP)],
      rows(sent(1), sent(2), sent(3), sent(4, STOP, 'self_test')),
      new Map([[1, 'fault'], [2, 'maintenance'], [3, 'offline'], [4, 'offline']]),
    );
    expect(plan.events.map((e) => [e.sirenId, e.from, e.to])).toEqual([[4, 'offline', 'online']]);
    expect(plan.deliveries.find((d) => d.sirenId === 3)).toMatchObject({ state: 'rejected', reason: 'expired', accepted: false, finished: false });
  });

  it('a late report after failed still counts; a stop answered brings a sounding siren online', () => {
    const plan = planReports(
      [report(1, 'accepted'), report(2, 'accepted', STOP)],
      rows({ ...sent(1), state: 'failed' }, sent(2, STOP, 'stop')),
      new Map([[1, 'offline'], [2, 'sounding']]),
    );
    expect(plan.events.map((e) => [e.sirenId, e.from, e.to, e.reason])).toEqual([
      [1, 'offline', 'sounding', `遥控指令 ${CMD} 鸣放 sounding`],
      [2, 'sounding', 'online', `遥控指令 ${STOP} 停止 stopped`],
    ]);
  });

  it('reports of two commands for one siren apply in arrival order', () => {
    const plan = planReports(
      [report(1, 'accepted'), report(1, 'accepted', STOP), report(1, 'finished', CMD, 'stopped')],
      rows(sent(1), sent(1, STOP, 'stop')),
      new Map([[1, 'online']]),
    );
    expect(plan.events.map((e) => [e.from, e.to])).toEqual([['online', 'sounding'], ['sounding', 'online']]);
    expect(plan.deliveries.map((d) => [d.commandId, d.state, d.reason])).toEqual([[CMD, 'finished', 'stopped'], [STOP, 'accepted', null]]);
    expect(plan.sirens).toEqual([{ id: 1, status: 'online' }]);
  });

  it('does not change its arguments', () => {
    const deliveries = rows(sent(1));
    const statuses = new Map([[1, 'online']]);
    planReports([report(1, 'accepted')], deliveries, statuses);
    expect(deliveries.get(deliveryKey(CMD, 1))).toEqual(sent(1));
    expect(statuses.get(1)).toBe('online');
  });
});
