import { describe, expect, it } from 'vitest';
import { presentEnterprise, presentPublicTask, presentTaskDetail } from './regulation.presenter.ts';
import type { Enterprise, TaskDetail, TaskRow } from './regulation.service.ts';

const task = (over: Partial<TaskRow> = {}): TaskRow => ({
  id: 3, title: '抽查', item: 'works_maintenance', regionCode: '320613', targetCount: 1, inspectorsPerTarget: 1, status: 'committed',
  pool: { targets: [{ id: 7, uscc: 'U1', name: '甲' }], inspectors: [{ id: 9, certNo: 'C1', name: '乙' }], conflicts: [] },
  poolDigest: 'd'.repeat(64), commitHash: 'c'.repeat(64), seed: 'e'.repeat(64), result: { targets: ['U1'], teams: [{ target: 'U1', inspectors: ['C1'] }] },
  createdAt: new Date('2026-12-01T00:00:00Z'), committedAt: new Date('2026-12-01T01:00:00Z'), drawnAt: null, publishedAt: null, ...over,
});
const detail = (t: TaskRow): TaskDetail => ({
  task: t, conflicts: [{ officerId: 9, enterpriseId: 7, reason: '亲属' }],
  results: [{ enterpriseId: 7, outcome: 'rectify', findings: '未维护', rectification: '限期整改', recordedAt: new Date('2026-12-02T00:00:00Z') }],
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

  it('publishes only the outcome and findings per target, no conflicts or rectification orders', () => {
    const pub = presentPublicTask(detail(task({ status: 'published' })));
    expect(pub.results).toEqual([{ uscc: 'U1', outcome: 'rectify', findings: '未维护' }]);
    expect(pub).not.toHaveProperty('conflicts');
    expect(JSON.stringify(pub)).not.toContain('限期整改');
  });

  it('shows an enterprise by whitelist, whatever else the row carries', () => {
    const e = { id: 1, uscc: 'U', name: 'n', kind: 'builder', regionCode: '320613', contactName: null, contactPhoneMasked: '138****5678',
      synthetic: false, createdAt: new Date('2026-12-01T00:00:00Z'), contactPhone: 'sm4:v1:secret' } as Enterprise;
    expect(presentEnterprise(e)).not.toHaveProperty('contactPhone');
  });
});
