import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { UNIT_SHEET, WORK_COLUMNS, WORK_SHEET } from './columns.ts';
import { parseCsv } from './parse-csv.ts';
import { parseXlsx } from './parse-xlsx.ts';
import { importTemplate } from './template.ts';

async function workbook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await importTemplate('xlsx')) as unknown as ArrayBuffer);
  return wb;
}
const validationAt = (ws: ExcelJS.Worksheet, address: string) =>
  (ws as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation | undefined> } }).dataValidations.model[address];

describe('import template', () => {
  it('marks required columns with * and conditionally required ones with △, and says when', async () => {
    const ws = (await workbook()).getWorksheet(WORK_SHEET)!;
    const headers = (ws.getRow(1).values as string[]).slice(1);
    expect(headers).toContain('工程编号*');
    expect(headers).toContain('所属建设项目△');
    expect(headers).toContain('掩蔽面积(m²)△');
    expect(headers).toContain('地址');
    const hints = (ws.getRow(2).values as string[]).slice(1);
    expect(hints[WORK_COLUMNS.findIndex((c) => c.key === 'parentProject')]).toContain('构筑形式为 结建 时必填');
    expect(hints[WORK_COLUMNS.findIndex((c) => c.key === 'protectionGrade')]).toContain('核6级');
  });

  it('offers the allowed values as drop-downs (data validation) on the enumeration and yes/no columns of both sheets', async () => {
    const wb = await workbook();
    const ws = wb.getWorksheet(WORK_SHEET)!;
    const letter = (key: string) => ws.getColumn(WORK_COLUMNS.findIndex((c) => c.key === key) + 1).letter;
    for (const key of ['constructionForm', 'workClass', 'subtype', 'protectionGrade', 'chemicalGrade', 'isPublic', 'lifecycleState']) {
      const dv = validationAt(ws, `${letter(key)}3`);
      expect(dv, key).toMatchObject({ type: 'list', allowBlank: true, showErrorMessage: true });
      // The list is a range of the hidden 取值 sheet holding the Chinese labels.
      const [, col, from, to] = /'取值'!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)/.exec(dv!.formulae[0] as string)!;
      const values = Array.from({ length: Number(to) - Number(from) + 1 }, (_, i) => wb.getWorksheet('取值')!.getCell(`${col}${Number(from) + i}`).value);
      if (key === 'isPublic') expect(values).toEqual(['是', '否']);
      if (key === 'constructionForm') expect(values).toContain('结建（防空地下室）');
    }
    expect(validationAt(ws, `${letter('name')}3`)).toBeUndefined();
    expect(wb.getWorksheet('取值')!.state).toBe('hidden');
    expect(validationAt(wb.getWorksheet(UNIT_SHEET)!, 'G2')).toMatchObject({ type: 'list' });
  });

  it('explains the coordinate systems in the words staff use, and the units and updates', async () => {
    const guide = (await workbook()).getWorksheet('填写说明')!;
    const text: string[] = [];
    guide.eachRow((row) => text.push((row.values as unknown[]).filter((v) => typeof v === 'string').join(' ')));
    const all = text.join('\n');
    for (const words of ['WGS84', 'CGCS2000', '高德', 'GCJ-02', '百度', 'BD-09', '防护单元', '留空']) expect(all).toContain(words);
    expect(all).not.toContain('crs');
  });

  it('parses back as an empty file in both formats', async () => {
    expect(await parseXlsx(await importTemplate('xlsx'), 'wgs84')).toMatchObject({ works: [], errors: [], totalRows: 0 });
    expect(parseCsv(await importTemplate('csv'), 'wgs84')).toMatchObject({ works: [], errors: [], totalRows: 0 });
  });
});
