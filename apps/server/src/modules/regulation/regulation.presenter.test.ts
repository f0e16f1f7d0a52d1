import { describe, expect, it } from 'vitest';
import { presentEnterprise, presentPublicTask, presentTaskDetail } from './regulation.presenter.ts';
import type { Enterprise, TaskDetail, TaskRow } from './regulation.service.ts';

const task = (over: Partial<TaskRow> = {}): TaskRow => ({
  id: 3, title: '抽查', item: 'works_maintenance', regionCode: '320613', targetCount: 1, inspectorsPerTarget: 1, status: 'committed',
  pool: {
    source: 'enterprises', targets: [{ id: 7, key: 'U1', uscc: 'U1', name: '甲', party: '甲' }], inspectors: [{ id: 9, certNo: 'C1', name: '乙' }],
    conflicts: [{ officerId: 9, enterpriseId: 8, certNo: 'C1', uscc: 'U8', reason: '亲属关系', targetKey: 'U8' }],
  },
  poolDigest: 'd'.repeat(64), commitHash: 'c'.repeat(64), seed: 'e'.repeat(64), result: { targets: ['U1'], teams: [{ target: 'U1', inspectors: ['C1'] }] },
  createdAt: new Date('2026-12-01T00:00:00Z'), committedAt: new Date('2026-12-01T01:00:00Z'), drawnAt: null, publishedAt: null,
  poolFilter: {}, beaconSource: '福彩3D 2026339期', beacon: '472', redrawOf: null, redrawReason: null, redrawnBy: null, ...over,
});
const detail = (t: TaskRow): TaskDetail => ({
  task: t, conflicts: [{ officerId: 9, enterpriseId: 7, reason: '亲属' }],
  results: [{ targetKey: 'U1', enterpriseId: 7, outcome: 'rectify', findings: '未维护', rectification: '限期整改', recordedAt: new Date('2026-12-02T00:00:00Z') }],
});

describe('regulation presenter', () => {
  it('keeps the seed and the result back until the task is drawn', () => {
    const committed = presentTaskDetail(detail(task()));
    expect(committed.seed).toBeNull();
    expect(committed.result).toBeNull();
    expect(committed.commit).toBe('c'.repeat(64));
    const drawn = presentTaskDetail(detail(task({ status: 'drawn' })));
    expect(drawn.seed).toBe('e'.repeat(64));
    expect(drawn.result).toEqual({ targets: ['U1'], teams: [{ target: 'U1', inspectors: ['C1'] }] });
  });

  it('publishes a task field by field: the draw record, names and each result, never the reasons for conflicts or who recorded', () => {
    const t = task({ status: 'published', drawnAt: new Date('2026-12-01T02:00:00Z'), publishedAt: new Date('2026-12-01T03:00:00Z') });
    const pub = presentPublicTask({ ...detail(t), results: [{ ...detail(t).results[0]!, recordedBy: 42, recordedByName: '张三' } as never] });
    expect(pub).toStrictEqual({
      id: 3, title: '抽查', item: 'works_maintenance', regionCode: '320613', algorithm: 'civdef-draw-v1',
      commit: 'c'.repeat(64), poolDigest: 'd'.repeat(64), seed: 'e'.repeat(64), beaconSource: '福彩3D 2026339期', beacon: '472',
      pool: { targets: ['U1'], inspectors: ['C1'], conflicts: [['C1', 'U8']], targetCount: 1, inspectorsPerTarget: 1, beaconSource: '福彩3D 2026339期' },
      result: { targets: ['U1'], teams: [{ target: 'U1', inspectors: ['C1'] }] },
      targetNames: [{ key: 'U1', name: '甲', party: '甲' }], inspectorNames: [{ key: 'C1', name: '乙', party: null }],
      committedAt: '2026-12-01T01:00:00.000Z', drawnAt: '2026-12-01T02:00:00.000Z', publishedAt: '2026-12-01T03:00:00.000Z', redrawOf: null, redrawReason: null,
      results: [{ target: 'U1', name: '甲', party: '甲', outcome: 'rectify', findings: '未维护', rectification: '限期整改' }],
    });
    // The conflict's pair is in the pool (the draw cannot be re-run without it); its reason and the ids are not.
    expect(JSON.stringify(pub)).not.toMatch(/亲属关系|张三|"officerId"|"enterpriseId"|"recordedAt"|poolFilter/);
  });

  it('keeps the beacon back, like the seed, until the draw', () => {
    const committed = presentTaskDetail(detail(task()));
    expect(committed).toMatchObject({ beaconSource: '福彩3D 2026339期', beacon: null });
  });

  it('shows an enterprise by whitelist, whatever else the row carries', () => {
    const e = { id: 1, uscc: 'U', name: 'n', kind: 'builder', regionCode: '320613', contactName: null, contactPhoneMasked: '138****5678',
      synthetic: false, createdAt: new Date('2026-12-01T00:00:00Z'), contactPhone: 'sm4:v1:secret' } as Enterprise;
    expect(presentEnterprise(e)).not.toHaveProperty('contactPhone');
  });
});
