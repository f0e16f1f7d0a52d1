/**
 * Alerts, issued once to every channel. One duty officer drafts; another confirms (the two-person rule: a single
 * person, or a single stolen session, cannot sound the city's sirens). Confirming writes, in one transaction, the
 * siren commands for the area (the sirens module's outbox), the CAP 1.2 document exactly as published, one push per
 * subscribed agency and the audit row; after the commit the sirens are commanded and the agencies pushed, each
 * outcome recorded. The all-clear does the same with 解除警报 and a CAP Update that references the alert.
 */
import { SIGNAL_PROGRAMS, inScope } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { hmacSm3Hex } from '../../lib/crypto.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { ControlService, SirensService } from '../sirens/index.ts';
import { buildCap, capStatus, capTime, type CapInput } from './alerts.cap.ts';
import { AlertsErrors as E } from './alerts.errors.ts';
import * as repo from './alerts.repository.ts';
import type { AlertArea, AlertDraft, AlertListQuery } from './alerts.schemas.ts';

export interface AlertsSettings {
  sender: string;
  senderName: string;
  agencies: ReadonlyArray<{ name: string; url: string; key: string }>;
  attempts: number;
  retryBaseMs: number;
}

export interface AlertsDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'nameOf'>;
  sirens: Pick<SirensService, 'groups'>;
  control: Pick<ControlService, 'issueWithin' | 'send'>;
  settings: AlertsSettings;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  log?: { warn(obj: object, msg: string): void };
}

export interface AlertDetailData {
  alert: repo.AlertRow;
  messages: repo.MessageRow[];
  deliveries: repo.DeliveryRow[];
}

export interface AlertsService {
  list(actor: Actor, query: AlertListQuery): Promise<{ items: repo.AlertRow[]; total: number; page: number; pageSize: number }>;
  get(actor: Actor, id: number): Promise<AlertDetailData>;
  draft(actor: Actor, ip: string | null, input: AlertDraft): Promise<AlertDetailData>;
  confirm(actor: Actor, ip: string | null, id: number, version: number): Promise<AlertDetailData>;
  allClear(actor: Actor, ip: string | null, id: number, version: number): Promise<AlertDetailData>;
  cancel(actor: Actor, ip: string | null, id: number, version: number): Promise<AlertDetailData>;
  publicFeed(limit: number): Promise<unknown[]>;
  capXml(identifier: string): Promise<string>;
  /** Pushes still owed to agencies (after a restart). */
  resumePushes(): Promise<void>;
  /**
   * Calls `listener` with the public summary of each CAP message this process publishes (issue, all-clear), after
   * its commit; returns the unsubscribe. The public app's live stream; other processes' alerts reach it by polling.
   */
  onPublished(listener: (summary: unknown) => void): () => void;
}

const STATE_ZH: Record<string, string> = { awaiting_confirmation: '待确认', issued: '已发布', cleared: '已解除', cancelled: '已撤销' };

export function createAlertsService({ db, regions, sirens, control, settings, fetch: fetchImpl = fetch, log }: AlertsDeps): AlertsService {
  const published = new Set<(summary: unknown) => void>();
  const announce = (summary: unknown) => {
    for (const listener of published) {
      try {
        listener(summary);
      } catch (err) {
        log?.warn({ err: (err as Error).message }, 'alert published: a listener failed');
      }
    }
  };

  async function detail(q: Queryable, actor: Actor, id: number): Promise<AlertDetailData> {
    const alert = await repo.findAlert(q, id, actor.scope);
    if (!alert) throw new AppError(E.ALERTS_NOT_FOUND, 404);
    return { alert, messages: await repo.messagesOf(q, id), deliveries: await repo.deliveriesOf(q, id) };
  }

  /** Checks the area against the actor's jurisdiction and describes it in words (区划 and 分组 names). */
  async function describeArea(q: Queryable, actor: Actor, area: AlertArea): Promise<string> {
    const codes = area.regionCodes ?? [];
    const groupIds = area.groupIds ?? [];
    if (codes.length + groupIds.length === 0) throw new AppError(E.ALERTS_AREA_EMPTY, 400);
    const unknown = new Set(await regions.unknownCodes(codes, q));
    const r = codes.findIndex((c) => unknown.has(c) || !inScope(actor.regionCode, c));
    if (r >= 0) throw new AppError(E.ALERTS_AREA_UNKNOWN, 400, { field: `area.regionCodes[${r}]`, value: codes[r] });
    const groups = new Map((await sirens.groups(actor)).custom.map((g) => [g.id, g.name]));
    const g = groupIds.findIndex((id) => !groups.has(id));
    if (g >= 0) throw new AppError(E.ALERTS_AREA_UNKNOWN, 400, { field: `area.groupIds[${g}]`, value: groupIds[g] });
    const names = [...(await Promise.all(codes.map(async (c) => (await regions.nameOf(c)) ?? c))), ...groupIds.map((id) => groups.get(id)!)];
    return names.join('、');
  }

  function assertState(a: repo.AlertRow, expected: string, action: string, actionZh: string, version: number): void {
    if (a.state !== expected) throw new AppError(E.ALERTS_WRONG_STATE, 409, { state: a.state, stateZh: STATE_ZH[a.state] ?? a.state, action, actionZh });
    if (a.version !== version) throw new AppError(E.ALERTS_VERSION_CONFLICT, 409, { current: a.version, sent: version });
  }

  /** The public view of a message: the fields the feed may carry, nothing about who drafted or confirmed it. */
  function summaryOf(cap: CapInput): Record<string, unknown> {
    const program = SIGNAL_PROGRAMS.find((p) => p.code === cap.program);
    return {
      identifier: cap.identifier, sent: cap.sent.toISOString(), status: capStatus(cap.kind), msgType: cap.msgType, references: cap.references.join(' ') || null,
      event: program?.zh ?? cap.program, headline: cap.headline, description: cap.messageZh, descriptionEn: cap.messageEn, instruction: cap.instructionZh,
      areaDesc: cap.areaDesc, regionCodes: cap.regionCodes, capUrl: `/api/public/alerts/${cap.identifier}/cap.xml`,
    };
  }

  /** Publishes one CAP message inside `tx`: stored as sent, and one push owed per agency. */
  async function publish(tx: Queryable, alert: repo.AlertRow, cap: CapInput): Promise<number> {
    const messageId = await repo.insertMessage(tx, {
      alertId: alert.id, identifier: cap.identifier, msgType: cap.msgType, status: capStatus(cap.kind), sent: cap.sent, xml: buildCap(cap), summary: summaryOf(cap),
      regionCode: alert.regionCode,
    });
    await repo.insertDeliveries(tx, messageId, settings.agencies.map((a) => ({ channel: `agency:${a.name}`, url: a.url })));
    return messageId;
  }

  const capOf = (alert: repo.AlertRow, over: Partial<CapInput>): CapInput => ({
    identifier: `${settings.sender}-${alert.id}`, sender: settings.sender, senderName: settings.senderName, sent: new Date(), kind: alert.kind, msgType: 'Alert',
    references: [], program: alert.program, headline: alert.headline, messageZh: alert.messageZh, messageEn: alert.messageEn, instructionZh: alert.instructionZh,
    areaDesc: alert.areaDesc, regionCodes: alert.area.regionCodes ?? [], ...over,
  });

  /** Pushes owed CAP documents to agencies, each with retries and doubling waits; every attempt's outcome is stored. */
  async function push(messageId: number | null): Promise<void> {
    for (const d of await repo.pendingDeliveries(db, messageId)) {
      const agency = settings.agencies.find((a) => `agency:${a.name}` === d.channel);
      if (!agency) {
        await repo.recordAttempt(db, d.id, { state: 'failed', status: null, error: 'agency no longer configured' });
        continue;
      }
      void (async () => {
        for (let attempt = d.attempts; attempt < settings.attempts; attempt++) {
          let status: number | null = null;
          let error: string | null = null;
          try {
            const res = await fetchImpl(agency.url, {
              method: 'POST', body: d.xml, signal: AbortSignal.timeout(10_000),
              headers: { 'content-type': 'application/cap+xml; charset=utf-8', 'x-civdef-identifier': d.identifier, 'x-civdef-signature': `hmac-sm3=${hmacSm3Hex(agency.key, d.xml)}` },
            });
            status = res.status;
            if (res.ok) return repo.recordAttempt(db, d.id, { state: 'delivered', status, error: null });
            error = `HTTP ${res.status}`;
          } catch (err) {
            error = (err as Error).message.slice(0, 200);
          }
          const last = attempt + 1 >= settings.attempts;
          await repo.recordAttempt(db, d.id, { state: last ? 'failed' : 'pending', status, error });
          if (!last) await new Promise((r) => setTimeout(r, settings.retryBaseMs * 2 ** (attempt - d.attempts)));
        }
      })().catch((err: Error) => log?.warn({ delivery: d.id, err: err.message }, 'alert push: not recorded'));
    }
  }

  return {
    async list(actor, query) {
      const { items, total } = await repo.listAlerts(db, actor.scope, query.state, query.pageSize, (query.page - 1) * query.pageSize);
      return { items, total, page: query.page, pageSize: query.pageSize };
    },

    get: (actor, id) => detail(db, actor, id),

    async draft(actor, ip, input) {
      // Read before the transaction: the groups and region names come through other services on their own
      // connection, which the embedded database (one connection) would hold for this transaction.
      const areaDesc = await describeArea(db, actor, input.area);
      const id = await db.transaction(async (tx) => {
        const newId = await repo.insertAlert(tx, {
          kind: input.kind, program: input.program, area: input.area, areaDesc, headline: input.headline, messageZh: input.messageZh,
          messageEn: input.messageEn ?? null, instructionZh: input.instructionZh ?? null, regionCode: actor.regionCode, draftedBy: actor.userId, draftedByName: actor.username,
        });
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'alert.draft', entityType: 'alert', entityId: newId, regionCode: actor.regionCode, after: { ...input, areaDesc } });
        return newId;
      });
      return detail(db, actor, id);
    },

    async confirm(actor, ip, id, version) {
      const sent = await db.transaction(async (tx) => {
        const alert = await repo.findAlert(tx, id, actor.scope, true);
        if (!alert) throw new AppError(E.ALERTS_NOT_FOUND, 404);
        assertState(alert, 'awaiting_confirmation', 'confirmed', '确认发布', version);
        if (alert.draftedById === actor.userId) throw new AppError(E.ALERTS_SAME_PERSON, 403);
        const { id: commandId } = await control.issueWithin(tx, actor, ip, { action: 'sound', program: alert.program as 'air_raid', target: alert.area });
        const now = new Date();
        const messageId = await publish(tx, alert, capOf(alert, { sent: now }));
        await repo.markIssued(tx, id, actor.username, commandId, now);
        await repo.setConfirmedBy(tx, id, actor.userId);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'alert.issue', entityType: 'alert', entityId: id, regionCode: alert.regionCode,
          before: { state: alert.state, draftedBy: alert.draftedBy }, after: { state: 'issued', confirmedBy: actor.username, commandId, identifier: capOf(alert, {}).identifier },
        });
        return { commandId, messageId, summary: summaryOf(capOf(alert, { sent: now })) };
      });
      announce(sent.summary);
      await control.send(sent.commandId);
      await push(sent.messageId);
      return detail(db, actor, id);
    },

    async allClear(actor, ip, id, version) {
      const sent = await db.transaction(async (tx) => {
        const alert = await repo.findAlert(tx, id, actor.scope, true);
        if (!alert) throw new AppError(E.ALERTS_NOT_FOUND, 404);
        assertState(alert, 'issued', 'cleared', '解除', version);
        const { id: commandId } = await control.issueWithin(tx, actor, ip, { action: 'sound', program: 'all_clear', target: alert.area });
        const original = (await repo.messageOfAlert(tx, id, 'Alert'))!;
        const now = new Date();
        const clearProgram = SIGNAL_PROGRAMS.find((p) => p.code === 'all_clear')!;
        const clearCap = capOf(alert, {
          identifier: `${original.identifier}-clear`, sent: now, msgType: 'Update', program: 'all_clear',
          references: [`${settings.sender},${original.identifier},${capTime(new Date(original.sent))}`],
          headline: `${alert.areaDesc}${clearProgram.zh}`, messageZh: `${alert.areaDesc}${clearProgram.zh}。`, messageEn: alert.messageEn ? `${clearProgram.en}.` : null, instructionZh: null,
        });
        const messageId = await publish(tx, alert, clearCap);
        await repo.markCleared(tx, id, actor.username, commandId, now);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'alert.all_clear', entityType: 'alert', entityId: id, regionCode: alert.regionCode, before: { state: 'issued' }, after: { state: 'cleared', commandId },
        });
        return { commandId, messageId, summary: summaryOf(clearCap) };
      });
      announce(sent.summary);
      await control.send(sent.commandId);
      await push(sent.messageId);
      return detail(db, actor, id);
    },

    async cancel(actor, ip, id, version) {
      await db.transaction(async (tx) => {
        const alert = await repo.findAlert(tx, id, actor.scope, true);
        if (!alert) throw new AppError(E.ALERTS_NOT_FOUND, 404);
        assertState(alert, 'awaiting_confirmation', 'cancelled', '撤销', version);
        await repo.markCancelled(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'alert.cancel', entityType: 'alert', entityId: id, regionCode: alert.regionCode, before: { state: alert.state }, after: { state: 'cancelled' } });
      });
      return detail(db, actor, id);
    },

    publicFeed: (limit) => repo.publicSummaries(db, limit),

    async capXml(identifier) {
      const xml = await repo.capXml(db, identifier);
      if (xml === null) throw new AppError(E.ALERTS_MESSAGE_NOT_FOUND, 404);
      return xml;
    },

    // Nothing to resume without agencies (pushes owed to an agency since removed from the configuration stay pending,
    // visible as such); this also keeps a start without a database behind it (the API contract build) from reading one.
    resumePushes: async () => (settings.agencies.length > 0 ? push(null) : undefined),

    onPublished(listener) {
      published.add(listener);
      return () => published.delete(listener);
    },
  };
}
