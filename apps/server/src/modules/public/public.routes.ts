/** HTTP routes of the public app (no sign-in): schema → service → presenter. Caching and limits: plugins/public-cache.ts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { chinaMinuteOfDay, chinaMonthDay } from '@civdef/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { eventStreams } from '../../lib/event-stream.ts';
import { PublicErrors as E } from './public.errors.ts';
import { presentAlertEvent, presentNearest, presentPlace, presentShelter, serializeNearest } from './public.presenter.ts';
import { AlertStreamSchema, NearestDbSchema, NearestSchema, PlacesSchema, ShelterSchema } from './public.schemas.ts';
import type { PublicService } from './public.service.ts';

/** FNV-1a of a string (32 bits, unsigned). */
function fnvHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** This process's start, in base 36 (see `validated`). */
const BOOT = Date.now().toString(36);

/** FNV-1a in base 36: a cheap, stable tag for a query (no crypto needed, the index version is beside it). */
const fnv = (s: string) => fnvHash(s).toString(36);

/** Serialised nearest answers kept per index version (about 2.5 KB each: at most some tens of MB). */
const MAX_CACHED_ANSWERS = 20_000;
/** Queries remembered as asked once (by hash), to tell a repeat: forgotten all at once when this many. */
const MAX_SEEN_QUERIES = 200_000;

export interface PublicRoutesOptions {
  publicApp: PublicService;
  /**
   * Open alert streams this process holds at most (PUBLIC_SSE_MAX_CONNECTIONS). Each costs a socket and a little
   * memory for as long as the page is open; beyond the limit a client is answered 503 with Retry-After, on which
   * EventSource gives up and the public app falls back to polling the cached JSON feed (which a CDN can absorb).
   */
  maxStreams: number;
}

export const publicRoutes: FastifyPluginAsyncTypebox<PublicRoutesOptions> = async (app, { publicApp, maxStreams }) => {
  /**
   * Answers that depend only on the index and the query carry `"i<boot>.<index version>-<query hash>"` as their ETag,
   * so a revalidation is a 304 without computing anything. The index version restarts with the process, and a new
   * release may answer in a new shape: the boot tag keeps a copy from before a restart from being revalidated.
   */
  const validated = async (request: FastifyRequest, reply: FastifyReply, clock = ''): Promise<boolean> => {
    await publicApp.ready();
    const etag = `"i${BOOT}.${publicApp.dataVersion()}-${fnv(request.url)}${clock}"`;
    reply.header('etag', etag);
    return request.headers['if-none-match'] === etag;
  };

  /**
   * The nearest answer depends on the index and the query alone, so each is serialised once per index version and
   * sent as the same bytes until the index moves: when many ask the same query, a repeat costs a map lookup instead
   * of a search, a presentation and a serialisation. The presenter is the whitelist; the bytes are its JSON. Bounded:
   * cleared when full (the next requests refill it) and on every index change.
   *
   * Only a query asked before is kept: phones ask from their own GPS fixes, which seldom repeat, and keeping every
   * answer filled the cache with tens of MB that were never read again, each answer living long enough to be copied
   * into the old generation and collected from there (the garbage collector's share of a nearest answer's CPU).
   * A query is remembered by a 30-bit hash of its URL: a collision only keeps an answer that was not asked twice.
   */
  const answers = new Map<string, Buffer>();
  const seen = new Set<number>();
  let answersVersion = -1;
  app.get('/api/public/shelters/nearest', { config: { access: 'public' }, schema: NearestSchema }, async (request, reply) => {
    if (await validated(request, reply)) return reply.code(304).send(null);
    const version = publicApp.dataVersion();
    if (version !== answersVersion) {
      answers.clear();
      answersVersion = version;
    }
    let body = answers.get(request.url);
    if (body === undefined) {
      body = serializeNearest(await publicApp.nearest(request.query));
      // Stored only if the index did not move while it was computed (it would belong to the older version).
      const asked = fnvHash(request.url) & 0x3fffffff;
      if (!seen.has(asked)) {
        if (seen.size >= MAX_SEEN_QUERIES) seen.clear();
        seen.add(asked);
      } else if (publicApp.dataVersion() === version) {
        if (answers.size >= MAX_CACHED_ANSWERS) answers.clear();
        answers.set(request.url, body);
      }
    }
    // Already JSON bytes: Fastify sends a Buffer as it is, its length the content-length (the typed reply expects the object).
    return reply.type('application/json; charset=utf-8').send(body as never);
  });

  app.get('/api/public/shelters/nearest-db', { config: { access: 'public' }, schema: NearestDbSchema }, async (request) =>
    presentNearest(await publicApp.nearestFromDatabase(request.query)));

  app.get('/api/public/shelters/:id', { config: { access: 'public' }, schema: ShelterSchema }, async (request, reply) => {
    if (await validated(request, reply)) return reply.code(304).send(null);
    const w = await publicApp.shelter(request.params.id);
    if (!w) throw new AppError(E.PUBLIC_SHELTER_NOT_FOUND, 404, { id: request.params.id });
    return presentShelter(w);
  });

  app.get('/api/public/places', { config: { access: 'public' }, schema: PlacesSchema }, async (request, reply) => {
    // What a place answer holds moves with the clock too (in season today; open this minute when filtered by it).
    const now = new Date();
    const today = chinaMonthDay(now);
    if (await validated(request, reply, `-${today}${request.query.open ? `-${chinaMinuteOfDay(now)}` : ''}`)) return reply.code(304).send(null);
    const a = await publicApp.places(request.query, now);
    return { kind: request.query.kind, total: a.total, dataVersion: a.dataVersion, items: a.items.map((i) => presentPlace(i.work, i.distanceM, today)) };
  });

  // Live alerts: the newest published message at once (a client reconnecting after a drop learns what it missed),
  // then each new one as it is published. The cap and the keep-alive comments: lib/event-stream.ts.
  const streams = eventStreams(app, {
    max: maxStreams,
    notAccepted: () => new AppError(E.PUBLIC_STREAM_NOT_ACCEPTED, 406),
    full: (max) => new AppError(E.PUBLIC_STREAM_FULL, 503, { max }),
  });
  app.get('/api/public/alerts/stream', { config: { access: 'public' }, schema: AlertStreamSchema }, async (request, reply) => {
    const stream = streams.open(request, reply);
    const unsubscribe = await publicApp.watchAlerts((s) => stream.send('alert', presentAlertEvent(s)));
    stream.onClose(unsubscribe);
  });
};
