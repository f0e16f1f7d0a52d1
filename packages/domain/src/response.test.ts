import { describe, expect, it } from 'vitest';
import {
  approvalRefusal, drillScore, drillTransition, drillYears, evacuees, isOverdue, planDiff, revisionTransition, targetReadiness, usableCapacity, clearanceHours,
  type PlanContent,
} from './response.ts';

const base: PlanContent = {
  summary: '南通市人民防空方案',
  triggers: [{ code: 'T1', condition: '发布预先警报', level: '一级' }],
  tasks: [{ assigneeKind: 'team', refId: 3, assignee: '抢险抢修队', task: '抢修供水管网', phase: '临战' }],
  resources: [{ name: '发电机', quantity: 4, unit: '台', holder: '市电力公司' }],
  contacts: [{ name: '张三', role: '总指挥', dutyPhone: '0513-8000000' }],
};

describe('plan revisions', () => {
  it('moves draft → submitted → approved, and back to the author when returned', () => {
    expect(revisionTransition('draft', 'submit')).toBe('submitted');
    expect(revisionTransition('submitted', 'approve')).toBe('approved');
    expect(revisionTransition('submitted', 'return')).toBe('returned');
    expect(revisionTransition('returned', 'submit')).toBe('submitted');
    expect(revisionTransition('draft', 'approve')).toBeNull();
    expect(revisionTransition('approved', 'submit')).toBeNull();
  });
  it('refuses the author as approver', () => {
    expect(approvalRefusal(7, 7)).toBe('own_revision');
    expect(approvalRefusal(7, 8)).toBeNull();
  });
});

describe('planDiff', () => {
  it('reports nothing for equal contents, whatever the order of items', () => {
    const shuffled = { ...base, tasks: [...base.tasks].reverse() };
    expect(planDiff(base, shuffled).changes).toBe(0);
  });
  it('reports a changed field of the same item as a change, and new or dropped items as added or removed', () => {
    const next: PlanContent = {
      ...base,
      summary: '南通市人民防空方案（2026 修订）',
      tasks: [{ ...base.tasks[0]!, task: '抢修供水、供电管网' }, { assigneeKind: 'unit', refId: null, assignee: '市卫健委', task: '医疗救护', phase: '临战' }],
      resources: [],
    };
    const d = planDiff(base, next);
    expect(d.summary).toEqual({ before: base.summary, after: next.summary });
    expect(d.parts.tasks.map((x) => [x.kind, x.key])).toEqual([['changed', 'team:抢险抢修队:临战'], ['added', 'unit:市卫健委:临战']]);
    expect(d.parts.tasks[0]!.fields).toEqual([{ field: 'task', before: '抢修供水管网', after: '抢修供水、供电管网' }]);
    expect(d.parts.resources.map((x) => x.kind)).toEqual(['removed']);
    expect(d.parts.triggers).toEqual([]);
    expect(d.changes).toBe(4);
  });
  it('keeps items with the same key apart instead of dropping one', () => {
    const twice = { ...base, resources: [base.resources[0]!, { ...base.resources[0]!, quantity: 2 }] };
    expect(planDiff(base, twice).parts.resources.map((x) => [x.kind, x.key])).toEqual([['added', '发电机#2']]);
  });
});

describe('drills', () => {
  it('runs planned → running → ended → assessed and may be assessed again', () => {
    expect(drillTransition('planned', 'start')).toBe('running');
    expect(drillTransition('running', 'end')).toBe('ended');
    expect(drillTransition('ended', 'assess')).toBe('assessed');
    expect(drillTransition('assessed', 'assess')).toBe('assessed');
    expect(drillTransition('running', 'assess')).toBeNull();
    expect(drillTransition('ended', 'start')).toBeNull();
  });
  it('scores the weighted mean of score over maximum', () => {
    expect(drillScore([{ name: 'a', weight: 2, maxScore: 10, score: 8 }, { name: 'b', weight: 1, maxScore: 5, score: 5 }])).toBe(86.7);
    expect(drillScore([{ name: 'a', weight: 0, maxScore: 10, score: 8 }])).toBeNull();
    expect(drillScore([{ name: 'a', weight: 1, maxScore: 10, score: 12 }])).toBe(100);
  });
  it('flags open actions past their deadline only', () => {
    expect(isOverdue('2026-12-04', 'open', '2026-12-05')).toBe(true);
    expect(isOverdue('2026-12-05', 'open', '2026-12-05')).toBe(false);
    expect(isOverdue('2026-01-01', 'done', '2026-12-05')).toBe(false);
  });
  it('summarises per year', () => {
    const ys = drillYears([
      { year: 2025, state: 'assessed', score: 80, findings: 2, actions: [{ status: 'done', deadline: '2025-10-01' }] },
      { year: 2026, state: 'assessed', score: 90, findings: 1, actions: [{ status: 'open', deadline: '2026-01-01' }, { status: 'open', deadline: '2099-01-01' }] },
      { year: 2026, state: 'planned', score: null, findings: 0, actions: [] },
    ], '2026-12-05');
    expect(ys).toEqual([
      { year: 2026, drills: 2, assessed: 1, meanScore: 90, findings: 1, actionsOpen: 2, actionsOverdue: 1, actionsDone: 0 },
      { year: 2025, drills: 1, assessed: 1, meanScore: 80, findings: 2, actionsOpen: 0, actionsOverdue: 0, actionsDone: 1 },
    ]);
  });
});

describe('evacuation', () => {
  it('counts a limited place at half and a closed one at nothing', () => {
    expect(usableCapacity(1001, 'limited')).toBe(500);
    expect(usableCapacity(1000, 'closed')).toBe(0);
    expect(usableCapacity(1000, 'ready')).toBe(1000);
  });
  it('never evacuates more people than live there', () => {
    expect(evacuees(1000, 0.3)).toBe(300);
    expect(evacuees(1000, 1.5)).toBe(1000);
    expect(evacuees(7, 0.5)).toBe(3);
  });
  it('times a destination by the summed usable throughput of the routes into it', () => {
    expect(clearanceHours(3000, [{ peoplePerHour: 1000, state: 'ready' }, { peoplePerHour: 1000, state: 'limited' }])).toBe(2);
    expect(clearanceHours(1001, [{ peoplePerHour: 1000, state: 'ready' }])).toBe(1.1);
    expect(clearanceHours(10, [{ peoplePerHour: 1000, state: 'closed' }])).toBeNull();
    expect(clearanceHours(10, [])).toBeNull();
    expect(clearanceHours(0, [])).toBe(0);
  });
});

describe('targetReadiness', () => {
  const full = {
    checklist: { organisation: true, protection_plan: true, repair_team: true, facilities: true, supplies: true, funds: true, drills: true },
    oneLibrary: { library: 'done', room: 'done', centre: 'done' } as const,
    approvedPlan: true, repairTeamAssigned: true, lastDrillOn: '2026-06-01', fundsThisYear: 50,
  };
  it('gives 100 with nothing lacking', () => {
    expect(targetReadiness(full, '2026-12-05')).toEqual({ score: 100, max: 100, shortfalls: [] });
  });
  it('names what lowers the score, largest first', () => {
    const r = targetReadiness({ ...full, checklist: { ...full.checklist, supplies: false }, oneLibrary: { ...full.oneLibrary, centre: 'building' }, lastDrillOn: '2025-12-04' }, '2026-12-05');
    expect(r.shortfalls).toEqual([{ code: 'seven_have.supplies', points: 8 }, { code: 'recent_drill', points: 6 }, { code: 'one_library.centre.building', points: 3 }]);
    expect(r.score).toBe(83);
  });
  it('counts a drill exactly a year ago as recent', () => {
    expect(targetReadiness({ ...full, lastDrillOn: '2025-12-05' }, '2026-12-05').score).toBe(100);
  });
});
