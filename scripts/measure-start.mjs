#!/usr/bin/env node
// `node scripts/measure-start.mjs [--runs N] [--data-dir DIR] [--root CHECKOUT]`: runs `npm start` as an
// operator would, measures the wall time until /api/health first answers 200, prints the server's own
// start-up timings, and stops it. The first run on an empty data dir is a first start; the rest are restarts.
// Uses a free port and an embedded broker on a free port, so it does not disturb a running installation.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, 'data-dir': { type: 'string' }, root: { type: 'string', default: path.resolve(import.meta.dirname, '..') } },
});
// --root: another checkout to measure the same way (e.g. an older commit, for a before/after comparison).
const root = path.resolve(values.root);
values['data-dir'] ??= path.join(root, 'data');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function once() {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', MQTT_EMBEDDED_PORT: '0', CIVDEF_DATA_DIR: path.resolve(values['data-dir']), LOG_LEVEL: 'info' };
  const t0 = performance.now();
  // `npm start` itself, as an operator types it; its own process group, so stopping it stops the server too.
  const child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  let exited = false;
  const done = new Promise((resolve) => child.once('exit', () => ((exited = true), resolve())));
  let wall = null;
  while (wall === null) {
    if (exited) throw new Error(`npm start exited before it answered:\n${output.slice(-3000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.status === 200) wall = performance.now() - t0;
    } catch {
      /* not listening yet */
    }
    if (wall === null) await new Promise((r) => setTimeout(r, 25));
  }
  process.kill(-child.pid, 'SIGTERM');
  await done;
  const line = output.split('\n').find((l) => l.includes('"timings"'));
  const timings = line ? JSON.parse(line.slice(line.indexOf('{'))).timings : null;
  return { wallMs: Math.round(wall), timings };
}

const runs = Number(values.runs);
const results = [];
for (let i = 0; i < runs; i++) {
  const r = await once();
  results.push(r.wallMs);
  console.log(`run ${i + 1}: npm start → first 200 of /api/health in ${r.wallMs} ms; server timings ${JSON.stringify(r.timings)}`);
}
const sorted = [...results].sort((a, b) => a - b);
console.log(`median ${sorted[Math.floor(sorted.length / 2)]} ms over ${runs} run(s)`);
