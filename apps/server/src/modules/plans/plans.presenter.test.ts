import { describe, expect, it } from 'vitest';
import { presentContent, presentRevision } from './plans.presenter.ts';
import type { RevisionRow } from './plans.service.ts';

const row: RevisionRow = {
  id: 1, planId: 1, revision: 2, state: 'submitted', note: null, authorId: 7, authorName: '张三', approverId: null, approverName: null, returnReason: null,
  fileName: null, fileType: null, fileSize: null, fileSha256: null, createdAt: new Date('2026-12-01T00:00:00Z'), submittedAt: null, approvedAt: null,
  content: {
    summary: 's', triggers: [], resources: [],
    tasks: [{ assigneeKind: 'team', refId: 3, assignee: '抢修队', task: 't', phase: '临战', secret: 'x' } as never],
    contacts: [{ name: 'a', role: 'b', dutyPhone: '0513', personalPhone: '13800000000' } as never],
  },
};

describe('plans presenter', () => {
  it('rebuilds the content field by field: nothing stored beside the schema\'s fields leaves the server', () => {
    const c = presentContent(row.content);
    expect(c.tasks[0]).toEqual({ assigneeKind: 'team', refId: 3, assignee: '抢修队', task: 't', phase: '临战' });
    expect(c.contacts[0]).toEqual({ name: 'a', role: 'b', dutyPhone: '0513' });
  });
  it('tells the author the revision is theirs (and so not theirs to approve)', () => {
    expect(presentRevision(row, 7).mine).toBe(true);
    expect(presentRevision(row, 8).mine).toBe(false);
    expect(presentRevision(row, 8)).not.toHaveProperty('authorId');
  });
});
