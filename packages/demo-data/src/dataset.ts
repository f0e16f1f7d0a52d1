/**
 * generateDemoDataset: the whole synthetic Nantong dataset from one seed. Real: region codes and names,
 * county boundaries. Synthetic: town points, population grid, works, sirens. Every random draw comes from
 * one sfc32 stream per part (forked by label from the seed), so the same seed gives deep-equal output and the
 * same JSON text, and changing the number of works does not move the population grid.
 */
import { nantongBoundaries } from './boundaries.ts';
import { generateCommand } from './command.ts';
import { generatePopulation } from './population.ts';
import { Placer } from './placement.ts';
import { createRng } from './prng.ts';
import { nantongRegions, regionsShared } from './regions.ts';
import { generateSirens } from './sirens.ts';
import type { DemoDataset } from './types.ts';
import { generateMaintenance } from './upkeep.ts';
import { generateWorks } from './works.ts';

export const DEFAULT_SEED = 20260918;
export const DEFAULT_WORKS = 3_000;
/** Seed sites (~100 towns), the dense cover (~3,240 cells, sirens.ts), 14 mobile, and ~250 drawn over the countryside. */
export const DEFAULT_SIRENS = 3_600;

export const SYNTHETIC_NOTICE =
  '合成演示数据（SYNTHETIC DEMO DATA）：行政区划代码与区县边界为真实数据；乡镇点位、人口网格、人防工程、警报器均为按随机种子生成的虚构数据，不代表任何真实设施。' +
  ' Region codes and county boundaries are real; town points, population grid, works and sirens are invented from a seed and describe no real facility.';

export interface GenerateOptions {
  seed?: number;
  works?: number;
  sirens?: number;
}

export function generateDemoDataset(opts: GenerateOptions = {}): DemoDataset {
  const seed = opts.seed ?? DEFAULT_SEED;
  const workCount = opts.works ?? DEFAULT_WORKS;
  const sirenCount = opts.sirens ?? DEFAULT_SIRENS;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(workCount) || workCount < 0) throw new Error(`works must be a non-negative integer, got ${workCount}`);
  if (!Number.isInteger(sirenCount) || sirenCount < 0) throw new Error(`sirens must be a non-negative integer, got ${sirenCount}`);
  const root = createRng(seed >>> 0);
  const rngPopulation = root.fork('population');
  const rngWorks = root.fork('works');
  const rngSirens = root.fork('sirens');
  const rngUpkeep = root.fork('maintenance');
  // Forked last, so adding it moved none of the streams above.
  const rngCommand = root.fork('command');
  const towns = regionsShared().filter((r) => r.level === 'town');
  const population = generatePopulation(rngPopulation);
  const works = generateWorks(rngWorks, workCount, {
    placer: new Placer(population, 1.5),
    towns: new Map(towns.map((t) => [t.code, t])),
  });
  const sirens = generateSirens(rngSirens, sirenCount, new Placer(population, 1.6), towns, population);
  return {
    seed,
    synthetic: true,
    generatedFor: '320600',
    notice: SYNTHETIC_NOTICE,
    regions: nantongRegions(),
    boundaries: nantongBoundaries(),
    works,
    maintenance: generateMaintenance(rngUpkeep, works),
    sirens,
    population,
    command: generateCommand(rngCommand, { regions: nantongRegions(), works }),
  };
}
