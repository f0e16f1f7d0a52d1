/**
 * A siren command's report as a workbook, for the duty office's record of an alert or a drill: a 汇总 sheet (what was
 * sent, by whom, when, and how many sirens ended in each state), a 按区划 sheet (the same per district or town) and a
 * 警报器 sheet with one row per siren, those that need attention first (no answer, refused, no remote terminal, late).
 * Cells are values, never formulas, so a siren's name cannot run anything in the reader's spreadsheet program.
 */
import { SIGNAL_PROGRAMS, SIREN_COMMAND_ACTIONS, SIREN_DELIVERY_STATES, inLanguage } from '@civdef/domain';
import ExcelJS from 'exceljs';
import { shanghaiDateTime } from '../../lib/time.ts';
import type { CommandReportData } from './control.service.ts';

/** A code's Chinese label from one of the domain's lists (the code itself when unknown, '' for none): the sirens' workbooks. */
export const zh = (items: ReadonlyArray<{ code: string; zh: string }>, code: string | null) => (code === null ? '' : items.find((i) => i.code === code)?.zh ?? code);
/** China time, to the second (a delivery's moments are seconds apart). */
const local = (d: Date | string | null) => shanghaiDateTime(d, true);
/** The states in the order the report lists them: what needs attention first. */
const STATE_ORDER = ['failed', 'rejected', 'skipped', 'pending', 'sent', 'accepted', 'finished'];

export async function commandReportWorkbook(d: CommandReportData, exportedAt = new Date()): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = exportedAt;
  const c = d.command;
  const total = d.rows.length;
  const unreachable = d.rows.filter((r) => r.unreachableAt !== null).length;
  const remote = total - (d.counts.skipped ?? 0);
  const states = STATE_ORDER.filter((s) => d.counts[s]);

  const sum = wb.addWorksheet('汇总');
  sum.columns = [{ width: 26 }, { width: 48 }];
  const rows: Array<[string, string | number]> = [
    ['指令编号', c.id],
    ['操作', zh(SIREN_COMMAND_ACTIONS, c.action)],
    ['信号', zh(SIGNAL_PROGRAMS, c.program)],
    ['下达人', c.issuedBy ?? ''],
    ['下达时间', local(c.issuedAt)],
    ['有效期至', local(c.expiresAt)],
    ['警报器总数', total],
    ['可遥控', remote],
    ...states.map((s): [string, number] => [zh(SIREN_DELIVERY_STATES, s), d.counts[s]!]),
    ['曾失联（开始后 10 秒内未报告）', unreachable],
    ['完成率 %（已完成 / 可遥控）', remote > 0 ? Math.round(((d.counts.finished ?? 0) / remote) * 1000) / 10 : ''],
    ['导出时间', local(exportedAt)],
  ];
  for (const r of rows) sum.addRow(r);
  sum.getColumn(1).font = { bold: true };

  const regions = new Map<string, { name: string; counts: Record<string, number>; total: number }>();
  for (const r of d.rows) {
    let g = regions.get(r.regionCode);
    if (!g) regions.set(r.regionCode, (g = { name: r.regionName ?? r.regionCode, counts: {}, total: 0 }));
    g.counts[r.state] = (g.counts[r.state] ?? 0) + 1;
    g.total++;
  }
  const byRegion = wb.addWorksheet('按区划');
  byRegion.columns = [{ header: '区划代码', width: 14 }, { header: '区划', width: 16 }, { header: '合计', width: 8 },
    ...states.map((s) => ({ header: zh(SIREN_DELIVERY_STATES, s), width: 10 }))];
  byRegion.getRow(1).font = { bold: true };
  for (const [code, g] of [...regions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    byRegion.addRow([code, g.name, g.total, ...states.map((s) => g.counts[s] ?? 0)]);
  }

  const sheet = wb.addWorksheet('警报器');
  sheet.columns = [
    { header: '编号', width: 18 }, { header: '名称', width: 28 }, { header: '区划', width: 14 }, { header: '终端', width: 18 }, { header: '状态', width: 12 },
    { header: '曾失联', width: 8 }, { header: '发送次数', width: 8 }, { header: '发送时间', width: 20 }, { header: '开始执行', width: 20 },
    { header: '结束时间', width: 20 }, { header: '失联时间', width: 20 }, { header: '原因', width: 40 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of d.rows) {
    sheet.addRow([
      r.sirenCode, r.sirenName, r.regionName ?? r.regionCode, r.terminalId ?? '', zh(SIREN_DELIVERY_STATES, r.state),
      r.unreachableAt === null ? '' : '是', r.attempts, local(r.sentAt), local(r.acceptedAt), local(r.finishedAt), local(r.unreachableAt), r.reason === null ? '' : inLanguage(r.reason, 'zh'),
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
