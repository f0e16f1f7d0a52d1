#!/usr/bin/env node
// Re-runs a published 双随机一公开 draw (algorithm civdef-draw-v1) and says whether the published result is the one
// the revealed seed gives. Self-contained on purpose: plain Node ≥ 18 (whose OpenSSL provides SM3), no other file
// of this project, so anyone can copy it and check the office's draw. The algorithm is documented step by step
// in packages/domain/src/draw.ts and docs/protocols/inspection-draw.md; this is the same five steps, with the optional
// public beacon (announced at the commitment, mixed into the seed at the draw).
//
//   node verify-draw.mjs published-draw.json         (or a URL of the public endpoint)
//
// Exit code 0: the commitment, the pool digest and the result all match; 1: something does not (printed); 2: usage.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sm3 = (text) => createHash('sm3').update(text, 'utf8').digest();
const hex = (buf) => buf.toString('hex');
const byCodeUnits = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const source = process.argv[2];
if (!source) {
  console.error('usage: node verify-draw.mjs <published-draw.json | https://…/api/public/inspections/ID>');
  process.exit(2);
}
const published = /^https?:\/\//.test(source) ? await (await fetch(source)).json() : JSON.parse(readFileSync(source, 'utf8'));
const { seed, commit, poolDigest, pool, result } = published;
// A beacon announced at the commitment is part of the pool text; its value, entered at the draw, changes the seed.
const beaconSource = pool.beaconSource ?? null;
const beacon = published.beacon ?? null;

// Step 1: the seed is the one committed to, and the pool is the one published before the draw.
const canonical = JSON.stringify({
  algorithm: 'civdef-draw-v1',
  targets: [...pool.targets].sort(byCodeUnits),
  inspectors: [...pool.inspectors].sort(byCodeUnits),
  conflicts: pool.conflicts.map(([i, t]) => [i, t]).sort((a, b) => byCodeUnits(`${a[0]}\u0000${a[1]}`, `${b[0]}\u0000${b[1]}`)),
  targetCount: pool.targetCount,
  inspectorsPerTarget: pool.inspectorsPerTarget,
  ...(beaconSource ? { beaconSource } : {}),
});
const streamSeed = beacon === null ? seed : hex(sm3(`${seed}:beacon:${beacon}`));

// Steps 2–3: SM3 counter-mode stream of big-endian 32-bit words, uniform(n) by rejection.
let block = 0;
let words = [];
function nextWord() {
  if (words.length === 0) {
    const b = sm3(`${streamSeed}:${block}`);
    block += 1;
    for (let i = 0; i < 32; i += 4) words.push(b.readUInt32BE(i));
  }
  return words.shift();
}
function uniform(n) {
  const limit = Math.floor(2 ** 32 / n) * n;
  for (;;) {
    const u = nextWord();
    if (u < limit) return u % n;
  }
}
function partialShuffle(keys, count) {
  for (let i = 0; i < count; i += 1) {
    const j = i + uniform(keys.length - i);
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  return keys.slice(0, count);
}

// Step 4: targets; step 5: each target's inspectors, without those in conflict with it.
const targets = partialShuffle([...pool.targets].sort(byCodeUnits), pool.targetCount);
const teams = targets.map((target) => {
  const excluded = new Set(pool.conflicts.filter(([, t]) => t === target).map(([i]) => i));
  return { target, inspectors: partialShuffle(pool.inspectors.filter((i) => !excluded.has(i)).sort(byCodeUnits), pool.inspectorsPerTarget) };
});

const checks = [
  ['commit = SM3(seed) 承诺值与种子一致', hex(sm3(seed)) === commit],
  ['beacon 承诺了公共随机数则必须给出，未承诺则不得给出', (beaconSource === null) === (beacon === null)],
  ['poolDigest = SM3(pool) 抽取池与事先公布一致', hex(sm3(canonical)) === poolDigest],
  ['targets 抽中对象一致', JSON.stringify(targets) === JSON.stringify(result.targets)],
  ['teams 检查人员一致', JSON.stringify(teams) === JSON.stringify(result.teams)],
];
for (const [name, ok] of checks) console.log(`${ok ? 'OK  ' : 'FAIL'} ${name}`);
console.log(JSON.stringify({ targets, teams }));
process.exit(checks.every(([, ok]) => ok) ? 0 : 1);
