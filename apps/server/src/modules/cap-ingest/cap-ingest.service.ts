/**
 * CAP from other agencies (气象, 应急管理): pushed to us by a source with its API key, or polled from its feed
 * (an Atom feed of CAP documents, or one CAP document). Every document is checked in full (lib/cap.ts: the CAP 1.2
 * schema's structure and the rules it cannot express) before anything is written, and stored in one transaction
 * with its audit row — refused with the reason otherwise, never half-stored. A duty officer reads them and may relay
 * one to the sirens: that makes a *draft* alert through the alerts service, which a second officer must confirm
 * (the two-person rule is the alerts module's, unchanged).
 */
import { inScope } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor, type AuditContext } from '../../lib/actor.ts';
import { atomCapLinks, CapInvalid, isAtomFeed, parseCap, type CapInfo, type ParsedCap } from '../../lib/cap.ts';
import { randomToken, sm3Hex } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import { shapeRefusal } from '../../lib/shape-check.ts';
import type { AlertsService } from '../alerts/index.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { CapIngestErrors as E } from './cap-ingest.errors.ts';
import * as repo from './cap-ingest.repository.ts';
import type { RelayBody, SourceCreate, SourceUpdate } from './cap-ingest.schemas.ts';

type DraftInput = Parameters<AlertsService['draft']>[2];

export interface CapIngestDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'geometryInScope'>;
  alerts: Pick<AlertsService, 'draft'>;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  log?: { warn(obj: object, msg: string): void };
}

export interface ReceiveResult {
  id: number;
  identifier: string;
  /** The same message (sender, identifier, sent) was already stored: nothing new was written. */
  duplicate: boolean;
}

export interface PollResult {
  documents: number;
  stored: number;
  duplicates: number;
  refused: Array<{ url: string; field: string; ruleZh: string; ruleEn: string }>;
  error: string | null;
}

export interface CapIngestService {
  listSources(actor: Actor): Promise<repo.SourceRow[]>;
  /** Makes a source; its API key (push) is returned this once and only its SM3 is kept. */
  createSource(actor: Actor, ip: string | null, input: SourceCreate): Promise<{ source: repo.SourceRow; apiKey: string | null }>;
  updateSource(actor: Actor, ip: string | null, id: number, input: SourceUpdate): Promise<repo.SourceRow>;
  /** A document pushed by a source, authenticated by its key. */
  receive(apiKey: string | undefined, ip: string | null, xml: string): Promise<ReceiveResult>;
  /** Polls one source's feed now (the console's button). */
  pollNow(actor: Actor, ip: string | null, id: number): Promise<PollResult>;
  /** Polls every active feed whose interval has passed (the background poller). */
  pollDue(now?: Date): Promise<number>;
  listIncoming(actor: Actor, page: number, pageSize: number): Promise<{ items: repo.IncomingRow[]; total: number; page: number; pageSize: number }>;
  getIncoming(actor: Actor, id: number): Promise<repo.IncomingRow & { xml: string; parsed: unknown }>;
  /** Relays an incoming message to the sirens as a draft alert (a second officer confirms it); answers the alert's id. */
  relay(actor: Actor, ip: string | null, id: number, input: RelayBody): Promise<{ alertId: number }>;
  /** Starts the background poller (every `tickMs`); returns its stop. */
  startPoller(tickMs: number): () => void;
}

/** The largest feed or document fetched when polling. */
const MAX_FETCH_BYTES = 2_000_000;
const REGION = /^\d{6}(\d{3})?$/;

const trunc = (s: string | null | undefined, n: number) => (s ? (s.length > n ? `${s.slice(0, n - 1)}…` : s) : null);
/** The info the duty officer reads: the Chinese one when there is one, else the first. */
const mainInfo = (cap: ParsedCap): CapInfo | null => cap.infos.find((i) => /^zh/i.test(i.language)) ?? cap.infos[0] ?? null;

function summaryOf(cap: ParsedCap) {
  const info = mainInfo(cap);
  const expires = cap.infos.map((i) => i.expires).find((e) => e !== null) ?? null;
  return {
    identifier: cap.identifier, sender: cap.sender, sent: cap.sent, sentAt: cap.sentAt, status: cap.status, msgType: cap.msgType, scope: cap.scope,
    event: trunc(info?.event, 200), headline: trunc(info?.headline, 300), severity: info?.severity ?? null, urgency: info?.urgency ?? null,
    areaDesc: trunc(info?.areas.map((a) => a.areaDesc).join('、'), 500), expiresAt: expires ? new Date(expires.replace(',', '+')) : null,
  };
}

export function createCapIngestService({ db, regions, alerts, fetch: fetchImpl = fetch, log }: CapIngestDeps): CapIngestService {
  const systemCtx = (source: repo.SourceRow, ip: string | null): AuditContext => ({ actorId: null, actor: `cap-source:${source.name}`, ip });

  /**
   * The message's first polygon (a weather warning often has no codes, only a drawn area), as the alert's drawn area:
   * CAP's "lat,lon" pairs turned into GeoJSON's [lon, lat]. Only when it is a valid polygon wholly inside the officer's
   * jurisdiction; otherwise the officer names the area (null).
   */
  async function drawnAreaOf(actor: Actor, cap: ParsedCap): Promise<{ type: 'Polygon'; coordinates: Array<Array<[number, number]>> } | null> {
    const ring = cap.infos.flatMap((i) => i.areas.flatMap((a) => a.polygons))[0];
    if (!ring || ring.length > 1000) return null;
    const polygon = { type: 'Polygon' as const, coordinates: [ring.map(([lat, lon]): [number, number] => [lon, lat])] };
    const refusal = await shapeRefusal(polygon, { db, inRegion: (g) => regions.geometryInScope(actor.scope, g) });
    return refusal ? null : polygon;
  }

  /** Checks and stores one document from `source` (all of it in one transaction, or nothing); refusals are counted. */
  async function ingest(source: repo.SourceRow, xml: string, ctx: AuditContext, origin: string): Promise<ReceiveResult> {
    let cap: ParsedCap;
    try {
      cap = parseCap(xml);
    } catch (err) {
      if (!(err instanceof CapInvalid)) throw err;
      await db.transaction(async (tx) => {
        await repo.countReceived(tx, source.id, 'refused', `${err.field}: ${err.ruleEn}`.slice(0, 500));
        await appendAudit(tx, ctx, {
          action: 'cap.refused', entityType: 'cap_source', entityId: source.id, regionCode: source.regionCode, outcome: 'failure',
          after: { origin, field: err.field, rule: err.ruleEn, bytes: Buffer.byteLength(xml) },
        });
      });
      throw new AppError(E.CAP_INGEST_INVALID, 400, { field: err.field, ruleZh: err.ruleZh, ruleEn: err.ruleEn });
    }
    const s = summaryOf(cap);
    return db.transaction(async (tx) => {
      const id = await repo.insertIncoming(tx, { sourceId: source.id, regionCode: source.regionCode, ...s, parsed: cap, xml });
      if (id === null) return { id: (await repo.existingId(tx, cap.sender, cap.identifier, cap.sent))!, identifier: cap.identifier, duplicate: true };
      await repo.countReceived(tx, source.id, 'received', null);
      await appendAudit(tx, ctx, {
        action: 'cap.received', entityType: 'cap_incoming', entityId: id, regionCode: source.regionCode,
        after: { origin, source: source.name, identifier: cap.identifier, sender: cap.sender, sent: cap.sent, status: cap.status, msgType: cap.msgType },
      });
      return { id, identifier: cap.identifier, duplicate: false };
    });
  }

  async function fetchText(url: string): Promise<string> {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(10_000), headers: { accept: 'application/atom+xml, application/cap+xml, application/xml;q=0.9, */*;q=0.5' } });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const text = await res.text();
    if (Buffer.byteLength(text) > MAX_FETCH_BYTES) throw new Error(`larger than ${MAX_FETCH_BYTES} bytes`);
    return text;
  }

  /**
   * Reads a source's feed and ingests what it links. The time and outcome of the poll are bookkeeping on the source
   * (like a push's attempts), audited when an officer asked for the poll (`by`), not on every background tick.
   */
  async function poll(source: repo.SourceRow, by?: { actor: Actor; ip: string | null }): Promise<PollResult> {
    const result: PollResult = { documents: 0, stored: 0, duplicates: 0, refused: [], error: null };
    const url = source.feedUrl!;
    const ctx: AuditContext = { actorId: null, actor: `cap-poller:${source.name}`, ip: null };
    try {
      const body = await fetchText(url);
      const docs: Array<{ url: string; xml: string | null; error?: string }> = [];
      if (isAtomFeed(body)) {
        for (const link of atomCapLinks(body, url)) {
          try {
            docs.push({ url: link, xml: await fetchText(link) });
          } catch (err) {
            docs.push({ url: link, xml: null, error: (err as Error).message });
          }
        }
      } else {
        docs.push({ url, xml: body });
      }
      for (const d of docs) {
        result.documents++;
        if (d.xml === null) {
          result.refused.push({ url: d.url, field: 'url', ruleZh: `无法获取：${d.error ?? ''}`, ruleEn: `could not be fetched: ${d.error ?? ''}` });
          continue;
        }
        try {
          const r = await ingest(source, d.xml, ctx, d.url);
          if (r.duplicate) result.duplicates++;
          else result.stored++;
        } catch (err) {
          if (!(err instanceof AppError) || err.code !== 'CAP_INGEST_INVALID') throw err;
          const p = err.params as { field: string; ruleZh: string; ruleEn: string };
          result.refused.push({ url: d.url, field: p.field, ruleZh: p.ruleZh, ruleEn: p.ruleEn });
        }
      }
    } catch (err) {
      result.error = err instanceof CapInvalid ? `${err.field}: ${err.ruleEn}` : (err as Error).message.slice(0, 300);
    }
    const error = result.error ?? (result.refused[0] ? `${result.refused[0].field}: ${result.refused[0].ruleEn}`.slice(0, 500) : null);
    await db.transaction(async (tx) => {
      await repo.recordPoll(tx, source.id, new Date(), error);
      if (by) {
        await appendAudit(tx, auditContextOf(by.actor, by.ip), {
          action: 'cap.source.poll', entityType: 'cap_source', entityId: source.id, regionCode: source.regionCode,
          after: { documents: result.documents, stored: result.stored, duplicates: result.duplicates, refused: result.refused.length, error },
        });
      }
    });
    return result;
  }

  async function sourceOf(q: Queryable, actor: Actor, id: number, lock = false): Promise<repo.SourceRow> {
    const s = await repo.findSource(q, id, actor.scope, lock);
    if (!s) throw new AppError(E.CAP_INGEST_SOURCE_NOT_FOUND, 404);
    return s;
  }

  return {
    listSources: (actor) => repo.listSources(db, actor.scope),

    async createSource(actor, ip, input) {
      const unknown = await regions.unknownCodes([input.regionCode]);
      if (unknown.length > 0 || !inScope(actor.regionCode, input.regionCode)) throw new AppError(E.CAP_INGEST_REGION_OUTSIDE, 400, { regionCode: input.regionCode });
      if (!input.push && !input.feedUrl) throw new AppError(E.CAP_INGEST_SOURCE_EMPTY, 400);
      const apiKey = input.push ? randomToken(32) : null;
      const id = await db.transaction(async (tx) => {
        const newId = await repo.insertSource(tx, {
          name: input.name, regionCode: input.regionCode, keyHash: apiKey ? sm3Hex(apiKey) : null, feedUrl: input.feedUrl ?? null, intervalS: input.intervalS ?? 300,
        });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'cap.source.create', entityType: 'cap_source', entityId: newId, regionCode: input.regionCode,
          after: { name: input.name, push: Boolean(apiKey), feedUrl: input.feedUrl ?? null, intervalS: input.intervalS ?? 300 },
        });
        return newId;
      });
      return { source: await sourceOf(db, actor, id), apiKey };
    },

    async updateSource(actor, ip, id, input) {
      await db.transaction(async (tx) => {
        const s = await sourceOf(tx, actor, id, true);
        if (s.version !== input.version) throw new AppError(E.CAP_INGEST_VERSION_CONFLICT, 409, { current: s.version, sent: input.version });
        const next = {
          name: input.name ?? s.name, feedUrl: input.feedUrl === undefined ? s.feedUrl : input.feedUrl, intervalS: input.intervalS ?? s.intervalS, active: input.active ?? s.active,
        };
        if (!s.hasKey && !next.feedUrl) throw new AppError(E.CAP_INGEST_SOURCE_EMPTY, 400);
        await repo.updateSource(tx, id, next);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'cap.source.update', entityType: 'cap_source', entityId: id, regionCode: s.regionCode,
          before: { name: s.name, feedUrl: s.feedUrl, intervalS: s.intervalS, active: s.active }, after: next,
        });
      });
      return sourceOf(db, actor, id);
    },

    async receive(apiKey, ip, xml) {
      const source = apiKey ? await repo.sourceByKey(db, sm3Hex(apiKey)) : null;
      if (!source) throw new AppError(E.CAP_INGEST_KEY_INVALID, 401);
      return ingest(source, xml, systemCtx(source, ip), 'push');
    },

    async pollNow(actor, ip, id) {
      const source = await sourceOf(db, actor, id);
      if (!source.feedUrl) throw new AppError(E.CAP_INGEST_NO_FEED, 409);
      return poll(source, { actor, ip });
    },

    async pollDue(now = new Date()) {
      const due = await repo.dueFeeds(db, now);
      for (const s of due) await poll(s);
      return due.length;
    },

    async listIncoming(actor, page, pageSize) {
      const { items, total } = await repo.listIncoming(db, actor.scope, pageSize, (page - 1) * pageSize);
      return { items, total, page, pageSize };
    },

    async getIncoming(actor, id) {
      const m = await repo.findIncoming(db, id, actor.scope);
      if (!m) throw new AppError(E.CAP_INGEST_INCOMING_NOT_FOUND, 404);
      return m;
    },

    async relay(actor, ip, id, input) {
      const m = await repo.findIncoming(db, id, actor.scope);
      if (!m) throw new AppError(E.CAP_INGEST_INCOMING_NOT_FOUND, 404);
      if (m.relayedAlertId !== null) throw new AppError(E.CAP_INGEST_ALREADY_RELAYED, 409, { by: m.relayedBy, alertId: m.relayedAlertId });
      if (!['Actual', 'Exercise', 'Test'].includes(m.status) || !['Alert', 'Update'].includes(m.msgType)) {
        throw new AppError(E.CAP_INGEST_NOT_RELAYABLE, 409, { status: m.status, msgType: m.msgType });
      }
      const cap = m.parsed as ParsedCap;
      const info = mainInfo(cap);
      // The message's own GB/T 2260 codes inside the officer's jurisdiction, unless the officer names the area.
      const codes = [...new Set(cap.infos.flatMap((i) => i.areas.flatMap((a) => a.geocodes.map((g) => g.value))))]
        .filter((c) => REGION.test(c) && inScope(actor.regionCode, c));
      const polygon = input.area || codes.length > 0 ? null : await drawnAreaOf(actor, cap);
      const area = input.area ?? (codes.length > 0 ? { regionCodes: codes.slice(0, 100) } : polygon ? { polygon } : null);
      if (!area) throw new AppError(E.CAP_INGEST_AREA_REQUIRED, 400);
      const draft: DraftInput = {
        kind: input.kind ?? (m.status === 'Exercise' ? 'exercise' : m.status === 'Test' ? 'test' : 'disaster'),
        program: input.program,
        area,
        headline: input.headline ?? trunc(`【转发】${info?.senderName ?? m.sourceName}：${info?.headline ?? info?.event ?? m.identifier}`, 120)!,
        messageZh: input.messageZh ?? trunc(info?.description ?? info?.headline ?? info?.event ?? m.identifier, 2000)!,
        instructionZh: trunc(info?.instruction, 1000),
      };
      // The draft is written (and audited) by the alerts service in its own transaction; the link back is a second
      // write here. Were it to fail, the draft stands and the message shows as not relayed: relaying again makes a
      // second draft, which the confirming officer sees beside the first.
      const alert = await alerts.draft(actor, ip, draft);
      await db.transaction(async (tx) => {
        await repo.markRelayed(tx, id, alert.alert.id, actor.username);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'cap.relay', entityType: 'cap_incoming', entityId: id, regionCode: m.regionCode, after: { alertId: alert.alert.id, identifier: m.identifier, sender: m.sender },
        });
      });
      return { alertId: alert.alert.id };
    },

    startPoller(tickMs) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        this.pollDue().catch((err: Error) => log?.warn({ err: err.message }, 'CAP feeds: poll failed')).finally(() => (running = false));
      }, tickMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
