import type { FastifyReply, FastifyRequest } from 'fastify';

/** What a long job reports: its phase, and `done` last. */
export interface PhasedProgress {
  phase: string;
}

/**
 * Streams a long job's progress as Server-Sent Events: `event: progress` for each report, then one `event: done`,
 * and the stream closes. `watch` must deliver the current state first (so a reconnecting client never misses the
 * end) and return how to stop watching; it runs after the caller has checked the job exists and is the user's, so
 * every error before the stream opens is still an ordinary JSON answer.
 */
export async function streamProgress<P extends PhasedProgress>(
  request: FastifyRequest,
  reply: FastifyReply,
  watch: (send: (progress: P) => void) => Promise<() => void>,
): Promise<void> {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', connection: 'keep-alive' });
  let closed = false;
  let unsubscribe: () => void = () => undefined;
  const send = (p: P) => {
    if (closed) return;
    reply.raw.write(`event: ${p.phase === 'done' ? 'done' : 'progress'}\ndata: ${JSON.stringify(p)}\n\n`);
    if (p.phase === 'done') {
      closed = true;
      unsubscribe();
      reply.raw.end();
    }
  };
  unsubscribe = await watch(send);
  // The job may have ended while `watch` delivered its current state: stop watching at once.
  if (closed) unsubscribe();
  request.raw.on('close', () => {
    closed = true;
    unsubscribe();
  });
}
