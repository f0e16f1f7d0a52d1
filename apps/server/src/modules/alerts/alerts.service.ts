/**
 * Alerts, issued once to every channel. One duty officer drafts; another confirms (the two-person rule: a single
 * person, or a single stolen session, cannot sound the city's sirens). Confirming writes, in one transaction, the
 * siren commands for the area (the sirens module's outbox), the CAP 1.2 document exactly as published, the event the
 * channels module writes its deliveries from (one per subscribed agency and SMS list), and the audit row; after the
 * commit the sirens are commanded and the channels' dispatcher pushes, each outcome recorded. What follows an issued alert — the all-clear (解除警报 and a CAP Update), a cancel (the sirens
 * stop and a CAP Cancel says why) and an update of its text (a CAP Update) — is under the same rule: one officer
 * asks, another confirms, and only then is anything sounded or published, every message referencing the earlier ones.
 */
import { SIGNAL_PROGRAMS, inScope, scopePrefix } from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor, type AuditContext } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import { shapeRefusal } from '../../lib/shape-check.ts';
import './alerts.events.ts';
import { appendAudit } from '../audit/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { ControlService, SirensService } from '../sirens/index.ts';
import { buildAtom } from './alerts.atom.ts';
import { buildCap, capStatus, capSummary, capTime, type CapInput } from './alerts.cap.ts';
import { AlertsErrors as E } from './alerts.errors.ts';
import * as repo from './alerts.repository.ts';
import type { AlertArea, AlertDraft, AlertListQuery, UpdateBody } from './alerts.schemas.ts';

export interface AlertsSettings {
  sender: string;
  senderName: string;
}

export interface AlertsDeps {
  db: Database;
  regions: Pick<RegionsService, 'unknownCodes' | 'nameOf' | 'geometryInScope' | 'crossedBy'>;
  sirens: Pick<SirensService, 'groups' | 'regionsOfGroups'>;
  control: Pick<ControlService, 'issueWithin' | 'send'>;
  settings: AlertsSettings;
  /** Where `alert.message_published` goes (the channels module's outbox), inside the publishing transaction. */
  events?: EventBus;
  log?: { warn(obj: object, msg: string): void };
}

export interface AlertDetailData {
  alert: repo.AlertRow;
  messages: repo.MessageRow[];
  /** Pushes of the older configuration-only mechanism, kept as history (none are written since it became subscriptions). */
  deliveries: repo.DeliveryRow[];
  followUps: repo.FollowUpRow[];
}

export interface AlertsService {
  list(actor: Actor, query: AlertListQuery): Promise<{ items: repo.AlertRow[]; total: number; page: number; pageSize: number }>;
  get(actor: Actor, id: number): Promise<AlertDetailData>;
  draft(actor: Actor, ip: string | null, input: AlertDraft): Promise<AlertDetailData>;
  confirm(actor: Actor, ip: string | null, id: number, version: number): Promise<AlertDetailData>;
  /** Asks for the all-clear of an issued alert; carried out by `confirmFollowUp` of another officer. */
  allClear(actor: Actor, ip: string | null, id: number, version: number, reason?: string): Promise<AlertDetailData>;
  /** Cancels a draft at once; for an issued alert, asks for its cancel (a reason is required), confirmed by another officer. */
  cancel(actor: Actor, ip: string | null, id: number, version: number, reason?: string): Promise<AlertDetailData>;
  /** Asks to change an issued alert's text; confirmed by another officer. */
  update(actor: Actor, ip: string | null, id: number, input: UpdateBody): Promise<AlertDetailData>;
  /** A second officer carries out the follow-up awaiting confirmation: commands, CAP message, pushes. */
  confirmFollowUp(actor: Actor, ip: string | null, id: number, version: number): Promise<AlertDetailData>;
  withdrawFollowUp(actor: Actor, ip: string | null, id: number, version: number): Promise<AlertDetailData>;
  publicFeed(limit: number): Promise<unknown[]>;
  capXml(identifier: string): Promise<string>;
  /** The Atom feed of the newest `limit` published CAP messages (alerts.atom.ts). */
  atomFeed(limit: number): Promise<string>;
  /**
   * Calls `listener` with the public summary of each CAP message this process publishes (issue, all-clear), after
   * its commit; returns the unsubscribe. The public app's live stream; other processes' alerts reach it by polling.
   */
  onPublished(listener: (summary: unknown) => void): () => void;
}

const STATE_ZH: Record<string, string> = { awaiting_confirmation: '待确认', issued: '已发布', cleared: '已解除', cancelled: '已撤销' };
const FOLLOW_UP_ZH: Record<repo.FollowUpRow['kind'], string> = { all_clear: '解除警报', cancel: '撤销警报', update: '更新警报' };
const FOLLOW_UP_EN: Record<repo.FollowUpRow['kind'], string> = { all_clear: 'all-clear', cancel: 'cancel', update: 'update' };

export function createAlertsService({ db, regions, sirens, control, settings, events, log }: AlertsDeps): AlertsService {
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
    return { alert, messages: await repo.messagesOf(q, id), deliveries: await repo.deliveriesOf(q, id), followUps: await repo.followUpsOf(q, id) };
  }

  /**
   * Checks the area against the actor's jurisdiction and describes it in words: 区划 and 分组 names, and for a drawn
   * area the districts it reaches into (what the public reads in the CAP document's areaDesc).
   */
  async function describeArea(q: Queryable, actor: Actor, area: AlertArea): Promise<string> {
    const codes = area.regionCodes ?? [];
    const groupIds = area.groupIds ?? [];
    const polygon = area.polygon ?? null;
    if (codes.length + groupIds.length === 0 && !polygon) throw new AppError(E.ALERTS_AREA_EMPTY, 400);
    const drawn = polygon ? await describeDrawnArea(q, actor, polygon) : [];
    const unknown = new Set(await regions.unknownCodes(codes, q));
    const r = codes.findIndex((c) => unknown.has(c) || !inScope(actor.regionCode, c));
    if (r >= 0) throw new AppError(E.ALERTS_AREA_UNKNOWN, 400, { field: `area.regionCodes[${r}]`, value: codes[r] });
    const groups = new Map((await sirens.groups(actor)).custom.map((g) => [g.id, g.name]));
    const g = groupIds.findIndex((id) => !groups.has(id));
    if (g >= 0) throw new AppError(E.ALERTS_AREA_UNKNOWN, 400, { field: `area.groupIds[${g}]`, value: groupIds[g] });
    const names = [...(await Promise.all(codes.map(async (c) => (await regions.nameOf(c)) ?? c))), ...groupIds.map((id) => groups.get(id)!), ...drawn];
    return names.join('、');
  }

  /** A drawn area, valid and inside the jurisdiction, named by the districts it reaches into: 「崇川区、通州区内划定区域」. */
  async function describeDrawnArea(q: Queryable, actor: Actor, polygon: NonNullable<AlertArea['polygon']>): Promise<string[]> {
    const refusal = await shapeRefusal(polygon, {
      db: q,
      inRegion: (g) => regions.geometryInScope(actor.scope, g, q),
      outsideText: { zh: '超出您的管辖范围，请在辖区边界内绘制或改选区划', en: 'reaches outside your jurisdiction: draw inside its boundary, or pick regions' },
    });
    if (refusal) throw new AppError(E.ALERTS_AREA_POLYGON, 400, { zh: refusal.zh, en: refusal.en }, [{ field: 'body.area.polygon', rule: refusal.rule, zh: refusal.zh, en: refusal.en }]);
    const crossed = (await regions.crossedBy(actor.scope, JSON.stringify(polygon), q)).map((r) => r.name);
    return [crossed.length > 0 ? `${crossed.join('、')}内划定区域` : '划定区域'];
  }

  function assertState(a: repo.AlertRow, expected: string, action: string, actionZh: string, version: number): void {
    if (a.state !== expected) throw new AppError(E.ALERTS_WRONG_STATE, 409, { state: a.state, stateZh: STATE_ZH[a.state] ?? a.state, action, actionZh });
    if (a.version !== version) throw new AppError(E.ALERTS_VERSION_CONFLICT, 409, { current: a.version, sent: version });
  }

  const summaryOf = capSummary;

  /**
   * Publishes one CAP message inside `tx`: stored as sent, and the event the other channels (subscribed agencies,
   * SMS) write their deliveries from in this same transaction.
   */
  async function publish(tx: Queryable, alert: repo.AlertRow, cap: CapInput, audit: AuditContext): Promise<number> {
    const xml = buildCap(cap);
    // Where the area reaches, for the channels that go by district (SMS lists): its regions, the regions its groups'
    // sirens stand in, and the districts a drawn area crosses.
    const scope = scopePrefix(alert.regionCode);
    const crossed = alert.area.polygon ? await regions.crossedBy(scope, JSON.stringify(alert.area.polygon), tx) : [];
    const grouped = await sirens.regionsOfGroups(tx, scope, alert.area.groupIds ?? []);
    const messageId = await repo.insertMessage(tx, {
      alertId: alert.id, identifier: cap.identifier, msgType: cap.msgType, status: capStatus(cap.kind), sent: cap.sent, xml, summary: summaryOf(cap),
      regionCode: alert.regionCode,
    });
    await events?.emit('alert.message_published', {
      alertId: alert.id, identifier: cap.identifier, msgType: cap.msgType, status: capStatus(cap.kind), xml, regionCode: alert.regionCode,
      regionCodes: cap.regionCodes, areaRegionCodes: [...new Set([...cap.regionCodes, ...grouped, ...crossed.map((r) => r.code)])],
      headline: cap.headline, messageZh: cap.messageZh, senderName: cap.senderName,
    }, { tx, audit });
    return messageId;
  }

  const capOf = (alert: repo.AlertRow, over: Partial<CapInput>): CapInput => ({
    identifier: `${settings.sender}-${alert.id}`, sender: settings.sender, senderName: settings.senderName, sent: new Date(), kind: alert.kind, msgType: 'Alert',
    references: [], program: alert.program, headline: alert.headline, messageZh: alert.messageZh, messageEn: alert.messageEn, instructionZh: alert.instructionZh,
    areaDesc: alert.areaDesc, regionCodes: alert.area.regionCodes ?? [], polygon: alert.area.polygon?.coordinates[0] ?? null, ...over,
  });

  /** Records one officer's request for a follow-up of an issued alert; nothing is sounded or published until confirmed. */
  async function request(actor: Actor, ip: string | null, id: number, version: number, f: {
    kind: repo.FollowUpRow['kind']; reason: string | null; headline?: string; messageZh?: string; messageEn?: string; instructionZh?: string;
  }): Promise<AlertDetailData> {
    await db.transaction(async (tx) => {
      const alert = await repo.findAlert(tx, id, actor.scope, true);
      if (!alert) throw new AppError(E.ALERTS_NOT_FOUND, 404);
      assertState(alert, 'issued', FOLLOW_UP_EN[f.kind], FOLLOW_UP_ZH[f.kind], version);
      const open = await repo.openFollowUp(tx, id);
      if (open) throw new AppError(E.ALERTS_FOLLOW_UP_PENDING, 409, { requestedBy: open.requestedBy, kind: FOLLOW_UP_EN[open.kind], kindZh: FOLLOW_UP_ZH[open.kind] });
      // An update names only what changes; one that changes nothing would publish the same alert again.
      const changed = (k: 'headline' | 'messageZh' | 'messageEn' | 'instructionZh') => (f[k] !== undefined && f[k] !== alert[k] ? f[k] : null);
      const text = { headline: changed('headline'), messageZh: changed('messageZh'), messageEn: changed('messageEn'), instructionZh: changed('instructionZh') };
      if (f.kind === 'update' && Object.values(text).every((v) => v === null)) throw new AppError(E.ALERTS_UPDATE_EMPTY, 400);
      const followUpId = await repo.insertFollowUp(tx, {
        alertId: id, kind: f.kind, reason: f.reason, ...text, regionCode: alert.regionCode, requestedBy: actor.userId, requestedByName: actor.username,
      });
      await repo.touchAlert(tx, id);
      await appendAudit(tx, auditContextOf(actor, ip), {
        action: `alert.${f.kind}.request`, entityType: 'alert', entityId: id, regionCode: alert.regionCode, after: { followUp: followUpId, kind: f.kind, reason: f.reason, ...text },
      });
    });
    return detail(db, actor, id);
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
        const messageId = await publish(tx, alert, capOf(alert, { sent: now }), auditContextOf(actor, ip));
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
      return detail(db, actor, id);
    },

    allClear: (actor, ip, id, version, reason) => request(actor, ip, id, version, { kind: 'all_clear', reason: reason ?? null }),

    async cancel(actor, ip, id, version, reason) {
      const state = await db.transaction(async (tx) => {
        const alert = await repo.findAlert(tx, id, actor.scope, true);
        if (!alert) throw new AppError(E.ALERTS_NOT_FOUND, 404);
        // An issued alert has been heard and published: taking it back is a follow-up under the two-person rule.
        if (alert.state === 'issued') return 'issued';
        assertState(alert, 'awaiting_confirmation', 'cancelled', '撤销', version);
        await repo.markCancelled(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), { action: 'alert.cancel', entityType: 'alert', entityId: id, regionCode: alert.regionCode, before: { state: alert.state }, after: { state: 'cancelled' } });
        return 'cancelled';
      });
      if (state === 'issued') {
        if (!reason) throw new AppError(E.ALERTS_REASON_REQUIRED, 400);
        return request(actor, ip, id, version, { kind: 'cancel', reason });
      }
      return detail(db, actor, id);
    },

    async update(actor, ip, id, input) {
      const { version, reason, ...text } = input;
      return request(actor, ip, id, version, { kind: 'update', reason: reason ?? null, ...text });
    },

    async confirmFollowUp(actor, ip, id, version) {
      const sent = await db.transaction(async (tx) => {
        const alert = await repo.findAlert(tx, id, actor.scope, true);
        if (!alert) throw new AppError(E.ALERTS_NOT_FOUND, 404);
        if (alert.version !== version) throw new AppError(E.ALERTS_VERSION_CONFLICT, 409, { current: alert.version, sent: version });
        const f = await repo.openFollowUp(tx, id);
        if (!f) throw new AppError(E.ALERTS_NO_FOLLOW_UP, 409);
        if (f.requestedById === actor.userId) throw new AppError(E.ALERTS_SAME_PERSON_FOLLOW_UP, 403, { kind: FOLLOW_UP_EN[f.kind], kindZh: FOLLOW_UP_ZH[f.kind] });
        // Every earlier message of the alert is referenced, so a receiver that missed one still links the thread.
        const earlier = await repo.messagesOf(tx, id);
        const original = earlier.find((m) => m.msgType === 'Alert')!;
        const references = earlier.map((m) => `${settings.sender},${m.identifier},${capTime(new Date(m.sent))}`);
        const now = new Date();
        const program = SIGNAL_PROGRAMS.find((p) => p.code === alert.program);
        let commandId: string | null = null;
        let cap: CapInput;
        if (f.kind === 'all_clear') {
          commandId = (await control.issueWithin(tx, actor, ip, { action: 'sound', program: 'all_clear', target: alert.area })).id;
          const clear = SIGNAL_PROGRAMS.find((p) => p.code === 'all_clear')!;
          cap = capOf(alert, {
            identifier: `${original.identifier}-clear`, sent: now, msgType: 'Update', program: 'all_clear', references,
            headline: `${alert.areaDesc}${clear.zh}`, messageZh: `${alert.areaDesc}${clear.zh}。${f.reason ?? ''}`, messageEn: alert.messageEn ? `${clear.en}.` : null, instructionZh: null,
          });
          await repo.markCleared(tx, id, actor.username, commandId, now);
        } else if (f.kind === 'cancel') {
          // Sirens still playing the mistaken signal are stopped; the public is told the alert no longer stands, and why.
          commandId = (await control.issueWithin(tx, actor, ip, { action: 'stop', target: alert.area })).id;
          cap = capOf(alert, {
            identifier: `${original.identifier}-cancel`, sent: now, msgType: 'Cancel', references,
            headline: `【撤销】${alert.headline}`, messageZh: `${alert.areaDesc}${program?.zh ?? ''}已撤销：${f.reason ?? ''}`,
            messageEn: alert.messageEn ? `The ${program?.en ?? 'alert'} for this area is cancelled.` : null, instructionZh: null,
          });
          await repo.markCancelled(tx, id);
        } else {
          const next = {
            headline: f.headline ?? alert.headline, messageZh: f.messageZh ?? alert.messageZh,
            messageEn: f.messageEn ?? alert.messageEn, instructionZh: f.instructionZh ?? alert.instructionZh,
          };
          const updates = earlier.filter((m) => m.msgType === 'Update').length;
          cap = capOf(alert, { identifier: `${original.identifier}-u${updates + 1}`, sent: now, msgType: 'Update', references, ...next });
          await repo.applyUpdate(tx, id, next);
        }
        const messageId = await publish(tx, alert, cap, auditContextOf(actor, ip));
        await repo.closeFollowUp(tx, f.id, { state: 'done', by: actor.userId, byName: actor.username, at: now, commandId, identifier: cap.identifier });
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: `alert.${f.kind}`, entityType: 'alert', entityId: id, regionCode: alert.regionCode,
          before: { state: alert.state, requestedBy: f.requestedBy }, after: { followUp: f.id, confirmedBy: actor.username, commandId, identifier: cap.identifier, msgType: cap.msgType },
        });
        return { commandId, messageId, summary: summaryOf(cap) };
      });
      announce(sent.summary);
      if (sent.commandId) await control.send(sent.commandId);
      return detail(db, actor, id);
    },

    async withdrawFollowUp(actor, ip, id, version) {
      await db.transaction(async (tx) => {
        const alert = await repo.findAlert(tx, id, actor.scope, true);
        if (!alert) throw new AppError(E.ALERTS_NOT_FOUND, 404);
        if (alert.version !== version) throw new AppError(E.ALERTS_VERSION_CONFLICT, 409, { current: alert.version, sent: version });
        const f = await repo.openFollowUp(tx, id);
        if (!f) throw new AppError(E.ALERTS_NO_FOLLOW_UP, 409);
        await repo.closeFollowUp(tx, f.id, { state: 'withdrawn', by: actor.userId, byName: actor.username, at: new Date(), commandId: null, identifier: null });
        await repo.touchAlert(tx, id);
        await appendAudit(tx, auditContextOf(actor, ip), {
          action: 'alert.follow_up.withdraw', entityType: 'alert', entityId: id, regionCode: alert.regionCode, before: { followUp: f.id, kind: f.kind, requestedBy: f.requestedBy }, after: { state: 'withdrawn' },
        });
      });
      return detail(db, actor, id);
    },

    publicFeed: (limit) => repo.publicSummaries(db, limit),

    async capXml(identifier) {
      const xml = await repo.capXml(db, identifier);
      if (xml === null) throw new AppError(E.ALERTS_MESSAGE_NOT_FOUND, 404);
      return xml;
    },

    async atomFeed(limit) {
      return buildAtom({ sender: settings.sender, senderName: settings.senderName, entries: await repo.publicMessages(db, limit), now: new Date() });
    },

    onPublished(listener) {
      published.add(listener);
      return () => published.delete(listener);
    },
  };
}
