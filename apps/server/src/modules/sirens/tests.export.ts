/**
 * The 试鸣 report as a workbook: a 汇总 sheet (the figures, the comparison with the campaign before) and a 警报器 sheet
 * with one row per siren, failures first, each with its cause, fault ticket and result the time before. Cells are written as values, never
 * formulas, so a siren name or a cause cannot run anything in the reader's spreadsheet program.
 */
import { SIGNAL_PROGRAMS, SIREN_DELIVERY_STATES, SIREN_TEST_OUTCOMES } from '@civdef/domain';
import ExcelJS from 'exceljs';
import { shanghaiDateTime as local } from '../../lib/time.ts';
import { zh } from './control.export.ts';
import type { TestDetailData } from './tests.service.ts';

export async function testReportWorkbook(d: TestDetailData): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = d.test.finishedAt ? new Date(d.test.finishedAt) : new Date(d.test.createdAt);
  const sum = wb.addWorksheet('汇总');
  sum.columns = [{ width: 22 }, { width: 48 }];
  const s = d.summary;
  const rows: Array<[string, string | number | null]> = [
    ['试鸣名称', d.test.name],
    ['状态', d.test.state === 'finished' ? '已完成' : '未结束（结果未定）'],
    ['鸣放步骤', d.steps.map((st) => `${local(st.at)} ${zh(SIGNAL_PROGRAMS, st.program)}${st.error ? `（未发出：${st.error}）` : ''}`).join('；')],
    ['警报器总数', s?.total ?? null],
    ['正常', s?.working ?? null],
    ['声音弱', s?.weak ?? null],
    ['故障', s?.failed ?? null],
    ['未核实', s?.unverified ?? null],
    ['完好率 %', s?.workingPercent ?? null],
    ['已核实完好率 %（不计未核实）', s?.verifiedWorkingPercent ?? null],
    ['故障工单', s?.faultTickets ?? null],
    ['上次试鸣', s?.previous ? `${s.previous.name}（${local(s.previous.finishedAt)}）` : '无'],
    ['上次警报器总数', s?.previous?.total ?? null],
    ['上次完好率 %', s?.previous?.workingPercent ?? null],
    // The two figures above and the campaign's own may cover different sirens; these compare the same ones.
    ['两次均参加的警报器', s?.previous?.common ?? null],
    ['其中上次完好率 %', s?.previous?.commonBeforePercent ?? null],
    ['其中本次完好率 %', s?.previous?.commonNowPercent ?? null],
    ['两次均故障', s?.previous?.failedBoth ?? null],
    ['新增故障（上次正常）', s?.previous?.newlyFailed ?? null],
    ['已恢复（上次故障）', s?.previous?.recovered ?? null],
    ['观察员报告', d.observations.length],
    ['结束人', d.test.finishedBy],
    ['结束时间', local(d.test.finishedAt)],
  ];
  for (const r of rows) sum.addRow(r);
  sum.getColumn(1).font = { bold: true };

  const sheet = wb.addWorksheet('警报器');
  sheet.columns = [
    { header: '编号', width: 18 }, { header: '名称', width: 28 }, { header: '区划', width: 14 }, { header: '结果', width: 10 }, { header: '原因', width: 48 },
    ...d.steps.map((st) => ({ header: `${st.seq}. ${zh(SIGNAL_PROGRAMS, st.program)}`, width: 14 })),
    { header: '听到', width: 8 }, { header: '声音弱', width: 8 }, { header: '未听到', width: 8 }, { header: '故障工单', width: 10 },
    { header: '上次结果', width: 10 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of d.results) {
    const bySeq = new Map(r.steps.map((st) => [st.seq, st]));
    sheet.addRow([
      r.sirenCode, r.sirenName, r.regionName ?? r.regionCode, zh(SIREN_TEST_OUTCOMES, r.outcome), r.cause ?? '',
      ...d.steps.map((st) => zh(SIREN_DELIVERY_STATES, bySeq.get(st.seq)?.state ?? '')),
      r.heard, r.weak, r.notHeard, r.faultId === null ? '' : `#${r.faultId}`,
      // Blank when there was no campaign before; 未参加 when this siren was not in it.
      s?.previous ? (r.previousOutcome === null ? '未参加' : zh(SIREN_TEST_OUTCOMES, r.previousOutcome)) : '',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
