/** The downloadable import template: the export writers with no works, a 说明 row and (XLSX) an empty 防护单元 sheet. */
import { toCsv, toXlsx } from './writers.ts';

export const importTemplate = async (format: 'xlsx' | 'csv'): Promise<Buffer> =>
  format === 'xlsx' ? toXlsx([], [], { template: true }) : toCsv([], [], { template: true });
