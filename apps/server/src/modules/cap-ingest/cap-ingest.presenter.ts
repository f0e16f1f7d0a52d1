/** Row → API shape for CAP ingest: the only field whitelists (a source's key hash never leaves). */
import type { ParsedCap } from '../../lib/cap.ts';
import type { IncomingRow, SourceRow } from './cap-ingest.repository.ts';

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

export const presentSource = (s: SourceRow) => ({
  id: s.id, name: s.name, regionCode: s.regionCode, push: s.hasKey, feedUrl: s.feedUrl, intervalS: s.intervalS, active: s.active,
  lastPolledAt: isoOrNull(s.lastPolledAt), lastError: s.lastError, received: s.received, refused: s.refused, createdAt: iso(s.createdAt), version: s.version,
});

export const presentIncoming = (m: IncomingRow) => ({
  id: m.id, source: m.sourceName, regionCode: m.regionCode, identifier: m.identifier, sender: m.sender, sent: m.sent, status: m.status, msgType: m.msgType,
  scope: m.scope, event: m.event, headline: m.headline, severity: m.severity, urgency: m.urgency, areaDesc: m.areaDesc, expiresAt: isoOrNull(m.expiresAt),
  receivedAt: iso(m.receivedAt), relayedAlertId: m.relayedAlertId, relayedBy: m.relayedBy, relayedAt: isoOrNull(m.relayedAt),
});

export function presentIncomingDetail(m: IncomingRow & { xml: string; parsed: unknown }) {
  const cap = m.parsed as ParsedCap;
  return {
    ...presentIncoming(m), xml: m.xml,
    infos: cap.infos.map((i) => ({
      language: i.language, event: i.event, urgency: i.urgency, severity: i.severity, certainty: i.certainty, headline: i.headline, description: i.description,
      instruction: i.instruction, senderName: i.senderName, expires: i.expires,
      areas: i.areas.map((a) => ({ areaDesc: a.areaDesc, geocodes: a.geocodes.map((g) => ({ valueName: g.valueName, value: g.value })), polygons: a.polygons.length, circles: a.circles.length })),
    })),
  };
}
