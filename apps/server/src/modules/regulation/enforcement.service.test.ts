import { describe, expect, it } from 'vitest';
import { AppError } from '../../lib/errors.ts';
import { maskPersonName, presentCaseDetail, presentPublicDecision } from './enforcement.presenter.ts';
import { checkedPenalty, type CaseDetail } from './enforcement.service.ts';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
  return null;
};

describe('checkedPenalty', () => {
  it('keeps a fine inside its article and cites the article', () => {
    expect(checkedPenalty('body', 'unit', 'fine', 'art49', 1_000_000)).toEqual({ outcome: 'fine', ruleCode: 'art49', amountFen: 1_000_000, basis: '《中华人民共和国人民防空法》第四十九条' });
    expect(codeOf(() => checkedPenalty('body', 'unit', 'fine', 'art49', 999_999))).toBe('REGULATION_PENALTY_OUT_OF_RANGE');
    expect(codeOf(() => checkedPenalty('body', 'individual', 'fine', 'art48', 10_000_001))).toBe('REGULATION_PENALTY_OUT_OF_RANGE');
  });

  it('makes a fine or a warning cite an article, and no penalty cite none', () => {
    expect(codeOf(() => checkedPenalty('body', 'unit', 'fine', null, 100))).toBe('REGULATION_PENALTY_RULE');
    expect(codeOf(() => checkedPenalty('body', 'unit', 'warning', 'art50', null))).toBe('REGULATION_PENALTY_RULE');
    expect(codeOf(() => checkedPenalty('body', 'unit', 'no_penalty', 'art49', null))).toBe('REGULATION_PENALTY_RULE');
    expect(checkedPenalty('body', 'unit', 'warning', 'art49', 5)).toMatchObject({ amountFen: null });
  });
});

describe('presentCaseDetail', () => {
  it('never shows where an evidence file is stored', () => {
    const detail = {
      case: {
        id: 1, caseNo: 'RFZF-2026-000001', title: 't', regionCode: '320613001', partyKind: 'unit', enterpriseId: 1, partyName: 'p', source: 'inspection', facts: 'f',
        investigators: [1, 2], workId: null, workCode: null, inspectionTaskId: null, approvalCaseId: null, status: 'investigating', filedOn: '2026-11-02',
        lastStepOn: '2026-11-02', proposedOutcome: null, proposedRule: null, proposedFen: null, reviewerId: null, notifiedOn: null, answerDueOn: null, calendarProvisionalYears: [],
        hearingRight: null, decisionNo: null, outcome: null, ruleCode: null, amountFen: null, decidedOn: null, executedOn: null, paidFen: null, closedOn: null,
        evidenceCount: 1, createdAt: new Date(), publishedAt: null,
      },
      steps: [],
      evidence: [{
        id: 1, caseId: 1, kind: 'documentary', title: 't', collectedOn: '2026-11-02', fileName: 'a.pdf', mediaType: 'application/pdf', sizeBytes: 1,
        sm3: 'a'.repeat(64), sha256: 'b'.repeat(64), storageKey: '2026/11/secret-key', uploadedBy: 'u', uploadedAt: new Date(), regionCode: '320613001',
      }],
      officers: [{ id: 1, name: 'A', certNo: 'C1' }],
    } satisfies CaseDetail;
    const view = presentCaseDetail(detail);
    expect(JSON.stringify(view)).not.toContain('secret-key');
    expect(view.investigators).toEqual([{ id: 1, name: 'A', certNo: 'C1' }, { id: 2, name: '', certNo: '' }]);
  });
});

describe('a published decision', () => {
  const decided = {
    id: 9, caseNo: 'RFZF-2026-000009', title: '擅自拆除人防工程案', regionCode: '320613001', partyKind: 'individual' as const, enterpriseId: null, partyName: '张三丰',
    source: 'patrol', facts: '张三丰（身份证号 320602199001011234，住崇川区某路 8 号）擅自拆除', investigators: [1, 2], workId: 5, workCode: 'RF-A-001',
    inspectionTaskId: null, approvalCaseId: null, status: 'decided', filedOn: '2026-11-02', lastStepOn: '2026-11-20', proposedOutcome: 'fine', proposedRule: 'art49',
    proposedFen: 300_000, reviewerId: 3, notifiedOn: '2026-11-10', answerDueOn: '2026-11-13', calendarProvisionalYears: [], hearingRight: false, decisionNo: '通人防罚〔2026〕9号', outcome: 'fine',
    ruleCode: 'art49', amountFen: 300_000, decidedOn: '2026-11-20', executedOn: null, paidFen: null, closedOn: null, evidenceCount: 3,
    createdAt: new Date('2026-11-02T00:00:00Z'), publishedAt: new Date('2026-11-21T08:00:00Z'),
  };

  it('shows the decision and its basis field by field, a person only as surname + 某, never the facts or the people who worked it', () => {
    const view = presentPublicDecision(decided);
    expect(view).toStrictEqual({
      caseNo: 'RFZF-2026-000009', decisionNo: '通人防罚〔2026〕9号', title: '擅自拆除人防工程案', regionCode: '320613001', partyKind: 'individual', party: '张某',
      outcome: 'fine', ruleCode: 'art49', basis: '《中华人民共和国人民防空法》第四十九条', amountFen: 300_000, decidedOn: '2026-11-20', publishedAt: '2026-11-21T08:00:00.000Z',
    });
    expect(JSON.stringify(view)).not.toMatch(/张三丰|320602199001011234|某路|RF-A-001|"investigators"|"reviewerId"/);
    expect(presentPublicDecision({ ...decided, partyKind: 'unit', enterpriseId: 4, partyName: '南通某建设有限公司' }).party).toBe('南通某建设有限公司');
    expect(maskPersonName('欧阳修文')).toBe('欧阳某');
    expect(maskPersonName('欧阳')).toBe('欧某');
  });
});
