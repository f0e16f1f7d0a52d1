/**
 * Writes the demo dataset as JSON, for inspection and benchmarks.
 *
 *   npx tsx packages/demo-data/src/cli.ts --seed 1 --out /tmp/demo.json [--works 3000] [--sirens 3600]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateDemoDataset } from './dataset.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    out: { type: 'string', default: '-' },
    works: { type: 'string' },
    sirens: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) {
    process.stderr.write(`--${name} must be an integer, got ${v}\n`);
    process.exit(2);
  }
  return n;
}

if (values.help) {
  process.stdout.write('usage: cli.ts [--seed N] [--works N] [--sirens N] [--out FILE|-]\n');
} else {
  const started = performance.now();
  const dataset = generateDemoDataset({ seed: int('seed', values.seed), works: int('works', values.works), sirens: int('sirens', values.sirens) });
  const ms = Math.round(performance.now() - started);
  const json = JSON.stringify(dataset);
  if (values.out === '-') process.stdout.write(`${json}\n`);
  else {
    writeFileSync(values.out, json);
    const people = dataset.population.cells.reduce((a, c) => a + c.people, 0);
    process.stderr.write(
      `seed ${dataset.seed}: ${dataset.regions.length} regions, ${dataset.works.length} works, ${dataset.sirens.length} sirens, ` +
        `${dataset.population.cells.length} cells (${people} people) in ${ms} ms → ${values.out} (${(json.length / 1e6).toFixed(1)} MB)\n`,
    );
  }
}
