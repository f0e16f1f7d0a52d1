/**
 * Summarises a V8 CPU profile (`.cpuprofile`, from `--cpu-prof` of a benchmark) by self time: the functions and the
 * packages/files the sampled thread spent its time in, largest first. Chrome DevTools shows the same, one click at a
 * time; this prints it, so two runs can be compared side by side.
 *
 * Run: node --import tsx apps/server/bench/cpuprofile-top.ts FILE.cpuprofile [TOP=30]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.log('usage: node --import tsx apps/server/bench/cpuprofile-top.ts FILE.cpuprofile [TOP=30]');
  process.exit(1);
}
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
/**
 * Samples in the inspector session's own `post` (the benchmark's Profiler.stop serialising the profile at the end,
 * 0.5–0.8 s of a 10,000-terminal round) are the measurement, not the program: shown apart, and left out of the
 * percentages, so they are not mistaken for work (they showed as a native `dispatch` at the top).
 */
const inProfiler = (id: number) => nodes.get(parentOf.get(id) ?? -1)?.callFrame.url === 'node:inspector';
/** A source location short enough to read: a package by its name, the project's files from `src/`. */
const where = (url: string) => url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|bench)\//, '$1/').replace(/^file:\/\//, '');
const packageOf = (url: string) => {
  const w = where(url);
  if (!url.includes('node_modules/')) return w || '(native / VM)';
  const parts = w.split('/');
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
};

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
let profilerUs = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  if (inProfiler(id)) {
    profilerUs += dt;
    return;
  }
  const frame = nodes.get(id)!.callFrame;
  total += dt;
  const fn = `${frame.functionName || '(anonymous)'}  ${where(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
  const pkg = packageOf(frame.url);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + dt);
});

const line = (name: string, us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`;
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled (besides ${(profilerUs / 1000).toFixed(0)} ms in the profiler's own stop)\n\nby function (self time)`);
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(name, us));
console.log('\nby package / file (self time)');
for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(line(name, us));
