/** Row → API shape for channels: the only field whitelists (never a shared key or a phone number). */
import type { DeliveryRow, SmsKeyInfo, SmsListRow, SubscriptionRow } from './channels.repository.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export const presentSubscription = (s: SubscriptionRow) => ({
  id: s.id, name: s.name, url: s.url, regionCode: s.regionCode, active: s.active, createdAt: iso(s.createdAt), version: s.version, importedFrom: s.importedFrom,
  keys: s.keys.map((k) => ({ id: k.id, createdAt: iso(k.createdAt), retiresAt: k.retiresAt ? iso(k.retiresAt) : null })),
});
export const presentSmsGateway = (g: { configured: boolean; url: string | null; keys: SmsKeyInfo[] }) => ({
  configured: g.configured, url: g.url,
  keys: g.keys.map((k) => ({
    id: k.id, createdAt: iso(k.createdAt), retiresAt: k.retiresAt ? iso(k.retiresAt) : null, source: k.source as 'configuration' | 'rotation',
    lastSignedAt: k.lastSignedAt ? iso(k.lastSignedAt) : null,
  })),
});
export const presentSmsList = (l: SmsListRow) => ({
  id: l.id, name: l.name, regionCode: l.regionCode, phoneCount: l.phoneCount, active: l.active, createdAt: iso(l.createdAt), version: l.version,
});
export const presentDelivery = (d: DeliveryRow) => ({
  id: d.id, identifier: d.identifier, channel: d.channel, target: d.targetName, state: d.state, attempts: d.attempts, lastStatus: d.lastStatus,
  lastError: d.lastError, createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt), deliveredAt: d.deliveredAt ? iso(d.deliveredAt) : null,
  nextAt: d.state === 'pending' ? iso(d.nextAt) : null,
});
