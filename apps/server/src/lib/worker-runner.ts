/**
 * Long engine work (an allocation, a coverage computation) run in worker threads, one at a time (the machine may
 * have two cores; the event loop keeps the other), so a city-scale job never blocks the server or other users. Each
 * job gets a fresh worker, so cancelling is terminating it: whatever the engine is doing stops at once and its memory
 * goes with it. The worker script posts `{ kind: 'phase' }` as it goes, then one `done` or `error`.
 */
import { Worker } from 'node:worker_threads';

export type WorkerMessage<Phase extends string, Result> =
  | { kind: 'phase'; phase: Phase }
  | { kind: 'done'; result: Result }
  | { kind: 'error'; message: string; engineCode: string | null };

export class RunCancelled extends Error {
  constructor(what = 'job') {
    super(`${what} cancelled`);
  }
}

/** An engine refusal of the input (EngineError), as opposed to a crash. */
export class EngineRefused extends Error {
  constructor(message: string, readonly engineCode: string) {
    super(message);
  }
}

export interface WorkerRunner<Input, Phase extends string, Result> {
  /** Runs `input` in a worker when its turn comes; rejects with RunCancelled when `signal` aborts first. */
  run(input: Input, signal: AbortSignal, onPhase: (p: Phase) => void): Promise<Result>;
  /** Stops the running worker, if any, and drops the queue (shutdown). */
  close(): Promise<void>;
}

interface Task<Input, Phase, Result> { input: Input; onPhase: (p: Phase) => void; resolve: (r: Result) => void; reject: (e: Error) => void; signal: AbortSignal }

/**
 * @param url the worker's entry (a `.mjs` that registers tsx's loader in its own thread, then imports the `.ts` body)
 * @param heapMb the worker's old-generation heap; running out rejects with a message saying how much it needed
 * @param what what a job is, in messages ("allocation")
 */
export function createWorkerRunner<Input, Phase extends string, Result>(url: URL, opts: { heapMb: number; what: string }): WorkerRunner<Input, Phase, Result> {
  const queue: Task<Input, Phase, Result>[] = [];
  let current: { worker: Worker; task: Task<Input, Phase, Result> } | null = null;

  const pump = () => {
    if (current) return;
    let task = queue.shift();
    while (task && task.signal.aborted) {
      task.reject(new RunCancelled(opts.what));
      task = queue.shift();
    }
    if (!task) return;
    const worker = new Worker(url, { workerData: task.input, resourceLimits: { maxOldGenerationSizeMb: opts.heapMb }, execArgv: [] });
    current = { worker, task };
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      task.signal.removeEventListener('abort', onAbort);
      worker.removeAllListeners();
      void worker.terminate();
      current = null;
      fn();
      pump();
    };
    const onAbort = () => settle(() => task.reject(new RunCancelled(opts.what)));
    task.signal.addEventListener('abort', onAbort);
    worker.on('message', (m: WorkerMessage<Phase, Result>) => {
      if (m.kind === 'phase') task.onPhase(m.phase);
      else if (m.kind === 'done') settle(() => task.resolve(m.result));
      else settle(() => task.reject(m.engineCode ? new EngineRefused(m.message, m.engineCode) : new Error(`${opts.what} worker: ${m.message}`)));
    });
    worker.on('error', (err: Error & { code?: string }) => settle(() => task.reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new Error(`the ${opts.what} needed more than ${opts.heapMb} MB of memory`) : err)));
    worker.on('exit', (code) => settle(() => task.reject(new Error(`${opts.what} worker exited with code ${code} before answering`))));
  };

  return {
    run(input, signal, onPhase) {
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(new RunCancelled(opts.what));
        const task: Task<Input, Phase, Result> = { input, onPhase, resolve, reject, signal };
        queue.push(task);
        signal.addEventListener('abort', () => {
          const at = queue.indexOf(task);
          if (at >= 0) {
            queue.splice(at, 1);
            reject(new RunCancelled(opts.what));
          }
        }, { once: true });
        pump();
      });
    },
    async close() {
      for (const t of queue.splice(0)) t.reject(new RunCancelled(opts.what));
      if (current) await current.worker.terminate();
    },
  };
}
