import { describe, expect, it } from 'vitest';
import { createJobTracker } from './job-tracker.ts';

/** A run that settles when told to, or when aborted. */
function controllable() {
  let finish!: () => void;
  const settled = new Promise<void>((resolve) => { finish = resolve; });
  return {
    finish,
    execute: (signal: AbortSignal) => new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => resolve());
      void settled.then(resolve);
    }),
  };
}

describe('job tracker', () => {
  it('passes progress to watchers until they stop watching', () => {
    const jobs = createJobTracker<string>();
    const seen: string[] = [];
    const stop = jobs.watch(1, (p) => seen.push(p));
    jobs.emit(1, 'loading');
    jobs.emit(2, 'other run');
    stop();
    jobs.emit(1, 'solving');
    expect(seen).toEqual(['loading']);
  });

  it('is idle only when every run has settled, including one started while waiting', async () => {
    const jobs = createJobTracker<string>();
    const a = controllable();
    const b = controllable();
    jobs.start(1, a.execute);
    let idle = false;
    const waiting = jobs.idle().then(() => { idle = true; });
    jobs.start(2, b.execute);
    a.finish();
    await new Promise((r) => setTimeout(r, 10));
    expect(idle).toBe(false);
    b.finish();
    await waiting;
    expect(idle).toBe(true);
  });

  it('aborts one run, or all of them on stop after releasing what they share', async () => {
    const jobs = createJobTracker<string>();
    const aborted: number[] = [];
    const run = (id: number) => (signal: AbortSignal) => new Promise<void>((resolve) => {
      signal.addEventListener('abort', () => { aborted.push(id); resolve(); });
    });
    jobs.start(1, run(1));
    jobs.start(2, run(2));
    jobs.start(3, run(3));
    jobs.abort(2);
    jobs.abort(99);
    expect(aborted).toEqual([2]);
    const order: string[] = [];
    await jobs.stop(async () => { order.push(`released after ${aborted.length} aborts`); });
    expect(aborted.sort()).toEqual([1, 2, 3]);
    expect(order).toEqual(['released after 3 aborts']);
    await jobs.idle();
  });
});
