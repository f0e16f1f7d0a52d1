/**
 * Server-sent event streams with a cap on how many one process holds open: the public alert stream and the live view
 * of a siren command share it. Each open stream costs a socket and a little memory for as long as the page is open;
 * beyond the cap a client is answered 503 with Retry-After (EventSource then gives up, and the page polls instead).
 * Nothing is queued per client here: `send` says when the socket's buffer is full, and a caller that keeps state per
 * client (a cursor) waits for `onDrain` and then sends what changed meanwhile as one event.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppError } from './errors.ts';

export interface EventStream {
  /** Writes one event; false once the socket's buffer is full — send nothing more until `onDrain` calls back. */
  send(event: string, data: unknown, id?: string | number): boolean;
  /** Calls `fn` once the buffer has drained after a `send` answered false. */
  onDrain(fn: () => void): void;
  /** Calls `fn` once when the stream ends (the client left, the caller ended it, or the server closes). */
  onClose(fn: () => void): void;
  end(): void;
  readonly closed: boolean;
}

export interface EventStreamsOptions {
  /** Open streams at most (a configuration figure). */
  max: number;
  /** A comment this often keeps proxies from closing an idle stream (default 20 s). */
  pingMs?: number;
  /** The error for a request that does not accept `text/event-stream` (406: it would otherwise wait for ever). */
  notAccepted: () => AppError;
  /** The error beyond the cap (503, sent with Retry-After 60). */
  full: (max: number) => AppError;
}

export interface EventStreams {
  /** How many streams are open now. */
  readonly size: number;
  /**
   * Opens a stream for this request: the checks (406, 503) throw before anything is written, so they are ordinary
   * JSON answers; after that the reply is the stream's.
   */
  open(request: FastifyRequest, reply: FastifyReply): EventStream;
}

/** A set of capped streams; open streams end when `app` closes (a hijacked reply would hold the shutdown for ever). */
export function eventStreams(app: FastifyInstance, { max, pingMs = 20_000, notAccepted, full }: EventStreamsOptions): EventStreams {
  const streams = new Set<EventStream>();
  app.addHook('preClose', async () => {
    for (const s of [...streams]) s.end();
  });
  return {
    get size() {
      return streams.size;
    },
    open(request, reply) {
      if (!(request.headers.accept ?? '').includes('text/event-stream')) throw notAccepted();
      if (streams.size >= max) {
        reply.header('retry-after', '60').header('cache-control', 'no-store');
        throw full(max);
      }
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', connection: 'keep-alive' });
      raw.write('retry: 5000\n\n');
      let closed = false;
      const closers: Array<() => void> = [];
      const ping = setInterval(() => {
        if (!closed) raw.write(': ping\n\n');
      }, pingMs);
      const stream: EventStream = {
        send(event, data, id) {
          if (closed) return false;
          return raw.write(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
        },
        onDrain(fn) {
          if (!closed) raw.once('drain', fn);
        },
        onClose(fn) {
          if (closed) fn();
          else closers.push(fn);
        },
        end() {
          if (closed) return;
          closed = true;
          streams.delete(stream);
          clearInterval(ping);
          for (const fn of closers.splice(0)) fn();
          raw.end();
        },
        get closed() {
          return closed;
        },
      };
      streams.add(stream);
      request.raw.on('close', () => stream.end());
      if (request.raw.destroyed) stream.end();
      return stream;
    },
  };
}
