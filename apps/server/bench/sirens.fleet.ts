/**
 * The terminal side of the sirens benchmark, in a process of its own (as real terminals are not in the server's):
 * `SIREN_BENCH_COUNT` simulated terminals (`BENCH-00000`…), each its own MQTT session logged in at
 * `SIREN_BENCH_URL` with the password derived from its key; keys are derived from `SIREN_BENCH_SECRET`, so the
 * benchmark's platform side knows them without a database. Talks to its parent over IPC: `ready` once all are
 * connected, then stops on `stop`; profiles itself between `prof-start` and `prof-stop` (the benchmark's --cpu-prof).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { benchTerminals } from './sirens.keys.ts';
import { SirenFleet } from '../src/sim/siren-fleet.ts';

const url = process.env.SIREN_BENCH_URL!;
const count = Number(process.env.SIREN_BENCH_COUNT ?? 1000);
const secret = process.env.SIREN_BENCH_SECRET!;

const started = performance.now();
const fleet = await SirenFleet.start({ url, terminals: benchTerminals(secret, count), timeScale: 1, concurrency: 100 });
process.send!({ type: 'ready', connectMs: Math.round(performance.now() - started), stats: fleet.stats() });
// A benchmark that died (a crash, ^C) leaves no fleet behind eating the CPU of the next run.
process.on('disconnect', () => process.exit(0));
let session: Session | null = null;
process.on('message', (m: { type: string; file?: string }) => {
  if (m.type === 'prof-start') {
    session = new Session();
    session.connect();
    void session.post('Profiler.enable').then(() => session!.post('Profiler.setSamplingInterval', { interval: 500 })).then(() => session!.post('Profiler.start'));
  }
  if (m.type === 'prof-stop') {
    void session?.post('Profiler.stop').then(({ profile }) => {
      writeFileSync(m.file!, JSON.stringify(profile));
      session!.disconnect();
      process.send!({ type: 'prof-written' });
    });
  }
  if (m.type === 'stats') process.send!({ type: 'stats', stats: fleet.stats() });
  if (m.type === 'stop') void fleet.stop().then(() => process.exit(0));
});
