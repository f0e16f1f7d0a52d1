/**
 * Body of the import parse worker: reads uploaded files (XLSX, CSV, GeoJSON) off the main thread, one at a time,
 * and posts back each parse result or the reason the file cannot be read. Loaded through parse.worker.mjs.
 */
import { parentPort } from 'node:worker_threads';
import type { Crs, ImportFormat } from './format/columns.ts';
import { parseWorkFile } from './format/parse.ts';
import { ImportFormatError } from './format/tables.ts';
import type { WorkerAnswer } from './parse-runner.ts';

interface WorkerJob { id: number; data: Uint8Array; format: ImportFormat; crs: Crs }

async function run(job: WorkerJob): Promise<WorkerAnswer> {
  try {
    const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
    return { id: job.id, ok: true, result: await parseWorkFile(data, job.format, job.crs) };
  } catch (err) {
    if (err instanceof ImportFormatError) return { id: job.id, ok: false, zh: err.zh, en: err.en };
    return { id: job.id, ok: false, unexpected: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

parentPort!.on('message', (job: WorkerJob) => {
  void run(job).then((answer) => parentPort!.postMessage(answer));
});
parentPort!.postMessage({ ready: true });
