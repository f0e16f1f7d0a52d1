/** HTTP routes of the public app (no sign-in): schema → service → presenter. Caching and limits: plugins/public-cache.ts. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { chinaMinuteOfDay, chinaMonthDay } from '@civdef/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import type { FastLane } from '../../plugins/fast-lane.ts';
import { eventStreams } from '../../lib/event-stream.ts';
import { PublicErrors as E } from './public.errors.ts';
import { presentPublicAlert } from '../alerts/index.ts';
import { presentDistricts, presentNearest, presentPlace, presentShelter, serializeNearest } from './public.presenter.ts';
import { AlertStreamSchema, DistrictsSchema, NearestDbSchema, NearestSchema, PlacesSchema, ShelterSchema, type NearestQuery } from './public.schemas.ts';
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

const LANE_NUMBER = /^[1-9][0-9]{0,2}(\.[0-9]{1,15})?$/;
const LANE_INTEGER = /^[1-9][0-9]{0,2}$/;
const within = (s: string, re: RegExp, min: number, max: number): number | null => {
  if (!re.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
};

/**
 * A nearest query as the route's schema reads it (NearestQuery, defaults applied), from a raw query string — or null
 * for anything not read exactly the same way, which the route then answers (with its 400s): each known key once,
 * nothing percent-encoded, plain decimals within the schema's ranges. Only for the fast lane: the schema stays the rule.
 */
export function plainNearestQuery(raw: string): NearestQuery | null {
  let lng: number | null = null;
  let lat: number | null = null;
  let limit: number | null = null;
  let mode: 'normal' | 'alert' | null = null;
  let warningMinutes: number | null = null;
  for (const part of raw.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    // Each key once, each value within its rule; anything else is the route's (a duplicate, an unknown key, a 400).
    switch (key) {
      case 'lng':
        if (lng !== null || (lng = within(value, LANE_NUMBER, 73, 136)) === null) return null;
        break;
      case 'lat':
        if (lat !== null || (lat = within(value, LANE_NUMBER, 3, 54)) === null) return null;
        break;
      case 'limit':
        if (limit !== null || (limit = within(value, LANE_INTEGER, 1, 10)) === null) return null;
        break;
      case 'mode':
        if (mode !== null || (value !== 'normal' && value !== 'alert')) return null;
        mode = value;
        break;
      case 'warningMinutes':
        if (warningMinutes !== null || (warningMinutes = within(value, LANE_INTEGER, 1, 120)) === null) return null;
        break;
      default:
        return null;
    }
  }
  if (lng === null || lat === null) return null;
  // One shape, no spread: this runs for every plain request.
  const query: NearestQuery = { lng, lat, limit: limit ?? 5, mode: mode ?? 'normal' };
  if (warningMinutes !== null) query.warningMinutes = warningMinutes;
  return query;
}

export interface PublicRoutesOptions {
  publicApp: PublicService;
  /**
   * Open alert streams this process holds at most (PUBLIC_SSE_MAX_CONNECTIONS). Each costs a socket and a little
   * memory for as long as the page is open; beyond the limit a client is answered 503 with Retry-After, on which
   * EventSource gives up and the public app falls back to polling the cached JSON feed (which a CDN can absorb).
   */
  maxStreams: number;
  /** Where plain nearest-shelter requests are answered past Fastify; absent in tests that build the routes alone. */
  fastLane?: FastLane;
}

export const publicRoutes: FastifyPluginAsyncTypebox<PublicRoutesOptions> = async (app, { publicApp, maxStreams, fastLane }) => {
  /**
   * Answers that depend only on the index and the query carry `"i<boot>.<index version>-<query hash>"` as their ETag,
   * so a revalidation is a 304 without computing anything. The index version restarts with the process, and a new
   * release may answer in a new shape: the boot tag keeps a copy from before a restart from being revalidated.
   * `clock`: for answers that also move with the time of day (places open now).
   */
  const etagOf = (url: string, clock = '') => `"i${BOOT}.${publicApp.dataVersion()}-${fnv(url)}${clock}"`;
  const validated = async (request: FastifyRequest, reply: FastifyReply, clock = ''): Promise<boolean> => {
    await publicApp.ready();
    const etag = etagOf(request.url, clock);
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
  /** The nearest answer's bytes for this URL and its query, from the loaded index; null while it is not loaded. */
  const nearestBody = (url: string, query: NearestQuery): Buffer | null => {
    const version = publicApp.dataVersion();
    if (version !== answersVersion) {
      answers.clear();
      answersVersion = version;
    }
    let body = answers.get(url);
    if (body === undefined) {
      // Computed synchronously from memory, so the index cannot move under it: the bytes are this version's.
      const answer = publicApp.nearestNow(query);
      if (!answer) return null;
      body = serializeNearest(answer);
      const asked = fnvHash(url) & 0x3fffffff;
      if (!seen.has(asked)) {
        if (seen.size >= MAX_SEEN_QUERIES) seen.clear();
        seen.add(asked);
      } else {
        if (answers.size >= MAX_CACHED_ANSWERS) answers.clear();
        answers.set(url, body);
      }
    }
    return body;
  };
  app.get('/api/public/shelters/nearest', { config: { access: 'public' }, schema: NearestSchema }, async (request, reply) => {
    if (await validated(request, reply)) return reply.code(304).send(null);
    const body = nearestBody(request.url, request.query) ?? serializeNearest(await publicApp.nearest(request.query));
    // Already JSON bytes: Fastify sends a Buffer as it is, its length the content-length (the typed reply expects the object).
    return reply.type('application/json; charset=utf-8').send(body as never);
  });
  // A plain request for it skips Fastify (plugins/fast-lane.ts): the same bytes and ETag, from the same functions.
  fastLane?.add('/api/public/shelters/nearest', (raw, url) => {
    const query = plainNearestQuery(raw);
    const body = query && nearestBody(url, query);
    return body ? { etag: etagOf(url), body } : null;
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

  // District outlines are reference data, loaded at start-up and not edited while the server runs: read and
  // serialised once, their ETag their content's hash.
  let districts: Promise<{ body: Buffer; etag: string }> | null = null;
  app.get('/api/public/districts', { config: { access: 'public' }, schema: DistrictsSchema }, async (request, reply) => {
    if (!districts) {
      districts = publicApp.districts().then((rows) => {
        const body = Buffer.from(JSON.stringify(presentDistricts(rows)));
        return { body, etag: `"d${fnv(body.toString('latin1'))}${body.length.toString(36)}"` };
      });
      districts.catch(() => (districts = null));
    }
    const d = await districts;
    reply.header('etag', d.etag);
    if (request.headers['if-none-match'] === d.etag) return reply.code(304).send(null);
    return reply.type('application/json; charset=utf-8').send(d.body as never);
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
    const unsubscribe = await publicApp.watchAlerts((s) => stream.send('alert', presentPublicAlert(s)));
    stream.onClose(unsubscribe);
  });
};
