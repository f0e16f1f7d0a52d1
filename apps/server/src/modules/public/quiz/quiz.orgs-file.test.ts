import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvBuffer, csvRows } from '../../../lib/xlsx/csv.ts';
import type { Cell } from '../../../lib/xlsx/read.ts';
import { orgsSheet, parseOrgs, ORG_SHEET } from './quiz.orgs-file.ts';

const org = fc.record({
  regionCode: fc.oneof(fc.stringMatching(/^3206[0-9]{2}$/), fc.stringMatching(/^3206[0-9]{5}$/)),
  kind: fc.constantFrom('school', 'community'),
  // Names as people type them: any text (formula-like starts included) without the surrounding spaces the reader trims.
  name: fc.string({ minLength: 1, maxLength: 64 }).map((s) => s.trim()).filter((s) => s.length > 0),
  active: fc.boolean(),
});
const sheetRows = (spec: ReturnType<typeof orgsSheet>): Cell[][] => [spec.columns.map((c) => c.header), ...spec.rows.map((r) => spec.columns.map((c) => r[c.key] ?? null))];

describe('quiz organisation file', () => {
  it('reads back exactly what it wrote, through CSV too', () => {
    fc.assert(fc.property(fc.uniqueArray(org, { selector: (o) => `${o.regionCode}|${o.kind}|${o.name}`, maxLength: 30 }), (orgs) => {
      const spec = orgsSheet(orgs);
      for (const rows of [sheetRows(spec), csvRows(csvBuffer(spec))]) {
        const { records, errors } = parseOrgs(rows);
        expect(errors).toEqual([]);
        expect(records.map(({ at: _at, ...r }) => r)).toEqual(orgs);
      }
    }), { numRuns: 200 });
  });

  it('never throws on any cells, and names the row of every problem', () => {
    const cell = fc.oneof(fc.constant(null), fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constantFrom('学校', '社区', '320602', '是', '否', '=1+1'));
    fc.assert(fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 12 }), (body) => {
      const { records, errors } = parseOrgs([['区划代码*', '类别*', '名称*', '在用'], ...body]);
      for (const e of errors) expect(e.at.startsWith(ORG_SHEET)).toBe(true);
      for (const e of errors) expect(e.zh.length > 0 && e.en.length > 0).toBe(true);
      expect(records.length + errors.length).toBeGreaterThanOrEqual(0);
      for (const r of records) expect(r.regionCode).toMatch(/^[0-9]{6}([0-9]{3})?$/);
    }), { numRuns: 300 });
  });

  it('names the row, the column and the rule of each bad cell, and a repeated row', () => {
    const { records, errors } = parseOrgs([
      ['区划代码*', '类别*', '名称*', '在用'],
      ['320602', '学校', '南通中学', '是'],
      ['32060', '学校', '某小学', ''],
      ['320602', '医院', '某医院', '否'],
      ['320602', '学校', '南通中学', '否'],
      ['320602001', '社区', '', ''],
    ]);
    expect(records).toEqual([{ at: `${ORG_SHEET}!2`, regionCode: '320602', kind: 'school', name: '南通中学', active: true }]);
    expect(errors.map((e) => e.at)).toEqual([`${ORG_SHEET}!A3`, `${ORG_SHEET}!B4`, `${ORG_SHEET}!C6`, `${ORG_SHEET}!5`]);
    expect(errors[0]).toMatchObject({ zh: expect.stringContaining('区划代码'), en: expect.stringContaining('Region code') });
    expect(errors[1]).toMatchObject({ zh: expect.stringContaining('不是可选值'), en: expect.stringContaining('is not one of') });
    expect(errors[3]).toMatchObject({ zh: '与第 2 行重复（同一区划、类别和名称）' });
  });
});
