/** Row → API shape for alerts: the internal view (who drafted and confirmed) and nothing else leaves through here. */
import { ringOrNull } from '../../lib/geojson.ts';
import type { AlertRow, DeliveryRow, FollowUpRow, MessageRow } from './alerts.repository.ts';
import type { AlertDetailData } from './alerts.service.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

export function presentAlert(a: AlertRow) {
  return {
    id: a.id, kind: a.kind, program: a.program,
    area: {
      ...(a.area.regionCodes ? { regionCodes: a.area.regionCodes } : {}), ...(a.area.groupIds ? { groupIds: a.area.groupIds } : {}),
      ...(a.area.polygon ? { polygon: a.area.polygon } : {}),
    },
    areaDesc: a.areaDesc, headline: a.headline, messageZh: a.messageZh, messageEn: a.messageEn, instructionZh: a.instructionZh, state: a.state,
    regionCode: a.regionCode, draftedBy: a.draftedBy, draftedAt: iso(a.draftedAt), confirmedBy: a.confirmedBy, issuedAt: isoOrNull(a.issuedAt),
    commandId: a.commandId, clearedBy: a.clearedBy, clearedAt: isoOrNull(a.clearedAt), clearCommandId: a.clearCommandId, version: a.version,
  };
}

const presentMessage = (m: MessageRow) => ({ identifier: m.identifier, msgType: m.msgType, sent: iso(m.sent), capUrl: `/api/public/alerts/${m.identifier}/cap.xml` });
/** An agency push: its channel and outcome, never the URL (it may carry the agency's token). */
const presentDelivery = (d: DeliveryRow) => ({
  identifier: d.identifier, channel: d.channel, state: d.state, attempts: d.attempts, lastStatus: d.lastStatus, lastError: d.lastError, updatedAt: iso(d.updatedAt),
});

/** A follow-up: who asked and who decided by name, never their ids. */
const presentFollowUp = (f: FollowUpRow) => ({
  id: f.id, kind: f.kind, state: f.state, reason: f.reason, headline: f.headline, messageZh: f.messageZh, messageEn: f.messageEn, instructionZh: f.instructionZh,
  requestedBy: f.requestedBy, requestedAt: iso(f.requestedAt), decidedBy: f.decidedBy, decidedAt: isoOrNull(f.decidedAt), commandId: f.commandId, identifier: f.identifier,
});

export function presentAlertDetail(d: AlertDetailData) {
  return {
    ...presentAlert(d.alert), messages: d.messages.map(presentMessage), deliveries: d.deliveries.map(presentDelivery), followUps: d.followUps.map(presentFollowUp),
  };
}

/**
 * The public feed's item (the feed, the CAP JSON, the public app's live stream and its static copy): copied field by
 * field from the stored summary, so nothing else stored there can leak.
 */
export function presentPublicAlert(s: Record<string, unknown>) {
  const str = (k: string) => String(s[k] ?? '');
  const opt = (k: string) => (s[k] === null || s[k] === undefined ? null : String(s[k]));
  return {
    identifier: str('identifier'), sent: str('sent'), status: str('status'), msgType: str('msgType'), references: opt('references'), event: str('event'),
    headline: str('headline'), description: str('description'), descriptionEn: opt('descriptionEn'), instruction: opt('instruction'), areaDesc: str('areaDesc'),
    regionCodes: Array.isArray(s.regionCodes) ? s.regionCodes.map(String) : [], polygon: ringOrNull(s.polygon), capUrl: str('capUrl'),
  };
}
