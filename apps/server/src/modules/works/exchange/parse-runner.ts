/**
 * Parses uploaded works files in a worker thread, so a large or hostile upload never stalls the server: the
 * event loop keeps answering while exceljs builds its workbook, the worker's heap is capped (a worker out of
 * memory dies alone and the job says so), and a parse that runs too long is stopped. One file at a time: the
 * machine may have two cores, and the event loop keeps the other.
 *
 * The worker stays warm between files (starting one costs about a second of TypeScript loading) and is
 * stopped after a minute without work; it never keeps the process alive.
 */
import { Worker } from 'node:worker_threads';
import type { Crs, ImportFormat, ParseResult } from './format/columns.ts';
import { ImportFormatError } from './format/tables.ts';

/** Heap of the parse worker: a file at the unpacked-size limit parses well inside it. */
export const PARSE_HEAP_LIMIT_MB = 1536;
export const PARSE_TIME_LIMIT_MS = 5 * 60_000;
const IDLE_MS = 60_000;

export type WorkerAnswer = { id: number } & ({ ok: true; result: ParseResult } | { ok: false; zh: string; en: string } | { ok: false; unexpected: string });

const WORKER_URL = new URL('./parse.worker.mjs', import.meta.url);

interface Limits { heapMb: number; timeMs: number }
interface Task { data: Buffer; format: ImportFormat; crs: Crs; limits: Limits; resolve: (r: ParseResult) => void; reject: (e: Error) => void }

let worker: Worker | null = null;
let workerHeapMb = 0;
let idleTimer: NodeJS.Timeout | null = null;
let busy = false;
let nextId = 1;
const queue: Task[] = [];

function stopWorker(): void {
  const w = worker;
  worker = null;
  if (w) {
    w.removeAllListeners();
    void w.terminate();
  }
}

function startWorker(heapMb: number): Worker {
  const w = new Worker(WORKER_URL, {
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
    // The worker registers its own TypeScript loader; the parent's flags (a test runner's, an inspector's) are not its business.
    execArgv: [],
  });
  workerHeapMb = heapMb;
  return w;
}

function pump(): void {
  if (busy) return;
  const task = queue.shift();
  if (!task) {
    if (worker) {
      worker.unref();
      idleTimer ??= setTimeout(() => {
        idleTimer = null;
        if (!busy) stopWorker();
      }, IDLE_MS).unref();
    }
    return;
  }
  if (idleTimer) {
    clearTimeout(idleTimer);
    idleTimer = null;
  }
  busy = true;
  if (worker && workerHeapMb !== task.limits.heapMb) stopWorker();
  const w = (worker ??= startWorker(task.limits.heapMb));
  w.ref();
  const id = nextId++;
  let settled = false;
  const done = (fn: () => void, restart: boolean) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    w.off('message', onMessage);
    w.off('error', onError);
    w.off('exit', onExit);
    if (restart) stopWorker();
    busy = false;
    fn();
    pump();
  };
  const timer = setTimeout(() => done(() => task.reject(new ImportFormatError(
    `文件解析超过 ${Math.round(task.limits.timeMs / 1000)} 秒上限，请拆分文件`,
    `parsing the file took longer than the ${Math.round(task.limits.timeMs / 1000)} s limit; split the file`,
  )), true), task.limits.timeMs);
  const onMessage = (answer: WorkerAnswer | { ready: true }) => {
    if (!('id' in answer) || answer.id !== id) return;
    done(() => {
      if (answer.ok) task.resolve(answer.result);
      else if ('unexpected' in answer) task.reject(new Error(`import parse worker: ${answer.unexpected}`));
      else task.reject(new ImportFormatError(answer.zh, answer.en));
    }, false);
  };
  const onError = (err: Error & { code?: string }) => done(() => task.reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? new ImportFormatError(
      `文件过大：解析时超出内存上限 ${task.limits.heapMb} MB，请拆分文件`,
      `the file is too large: parsing it exceeded the ${task.limits.heapMb} MB memory limit; split the file`,
    )
    : err), true);
  const onExit = (code: number) => done(() => task.reject(new Error(`import parse worker exited with code ${code} before answering`)), true);
  w.on('message', onMessage);
  w.on('error', onError);
  w.on('exit', onExit);
  // A copy of the bytes goes to the worker; the caller's buffer stays usable (the commit hashes it).
  w.postMessage({ id, data: new Uint8Array(task.data), format: task.format, crs: task.crs });
}

/** Parses `data` in the worker thread; rejects with ImportFormatError when the file cannot be read or breaks a limit. */
export function parseInWorker(data: Buffer, format: ImportFormat, crs: Crs, limits: Partial<Limits> = {}): Promise<ParseResult> {
  return new Promise((resolve, reject) => {
    queue.push({ data, format, crs, limits: { heapMb: limits.heapMb ?? PARSE_HEAP_LIMIT_MB, timeMs: limits.timeMs ?? PARSE_TIME_LIMIT_MS }, resolve, reject });
    pump();
  });
}
