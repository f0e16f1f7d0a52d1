/**
 * The bytes of an answer made from a value a read cache returned (lib/read-cache.ts), kept with that value: a page
 * asked fifty times at once is presented and serialised once, not fifty times. On a busy morning the works list and
 * the OGC items were cached as rows, yet presenting and serialising the same 12–40 KB page for every request was the
 * largest part of the server's CPU, and their p99 crossed 300 ms on the 2-core machine (`apps/server/bench/load.bench.ts`).
 *
 * The cached value object is the key (a WeakMap): the bytes live exactly as long as the cached page they were made
 * from, and a write, which moves the data version, gives a new page and so new bytes. Correctness therefore rests on
 * the read cache's key holding everything the page depends on (the version, the caller's jurisdiction, the query),
 * and on `variant` holding everything else the answer depends on (its base URL, the query as written).
 *
 * The bytes are the route's own serialisation (its response schema), and the check the error handler makes of every
 * answer (no non-finite numbers, no invalid dates) is made once, when they are made.
 */
import type { FastifyReply } from 'fastify';
import { allJsonSafe } from './error-handler.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

export type AnswerBytes<V extends object> = (reply: FastifyReply, value: V, variant: string, present: () => unknown, contentType?: string) => FastifyReply;

/**
 * @param maxVariants variants kept per value; beyond it they start afresh. One by default: a deployment answers under
 * one base URL, and the kept bytes then cost about what the cached pages do; a client varying its Host header only
 * makes its own answers serialised again, as they were before, and cannot multiply the memory the cache may hold.
 */
export function createAnswerBytes<V extends object>(maxVariants = 1): AnswerBytes<V> {
  const kept = new WeakMap<V, Map<string, Buffer>>();
  return (reply, value, variant, present, contentType = JSON_TYPE) => {
    let byVariant = kept.get(value);
    if (!byVariant) kept.set(value, (byVariant = new Map()));
    let bytes = byVariant.get(variant);
    if (!bytes) {
      const answer = present();
      if (!allJsonSafe(answer)) throw new Error(`answer of ${reply.request.method} ${reply.request.routeOptions.url ?? ''} held non-finite values`);
      bytes = Buffer.from(reply.serialize(answer) as string);
      if (byVariant.size >= maxVariants) byVariant.clear();
      byVariant.set(variant, bytes);
    }
    // A Buffer is sent as it is: no serialisation, no preSerialization hook, its length the content-length.
    return reply.type(contentType).send(bytes);
  };
}
