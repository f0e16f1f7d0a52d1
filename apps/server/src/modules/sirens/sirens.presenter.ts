/**
 * Row → API shape. The presenter is the only place that decides which fields of a siren leave the server:
 * it copies the whitelisted fields by name, so a column added to the repository's row stays inside until
 * someone adds it here (and to the schema). The terminal key never leaves through here; 联系电话 is masked in
 * lists and for callers who may not edit sirens.
 */
import type { Permission, SirenKind, SirenKindDefault } from '@civdef/domain';
import { mask } from '../../lib/field-crypto.ts';
import { featureCollection } from '../../lib/geojson.ts';
import type { CommandRow, DeliveryRow } from './control.repository.ts';
import type { LiveFrame } from './control.live.ts';
import type { CommandData } from './control.service.ts';
import type { FaultRow, GroupRow, SirenMapRow, SirenRow } from './sirens.repository.ts';
import type { SirenMapProperties } from './sirens.schemas.ts';
import type { SirenDetailData } from './sirens.service.ts';

export function presentSirenMapProperties(row: SirenMapRow): SirenMapProperties {
  return { id: row.id, code: row.code, name: row.name, kind: row.kind, status: row.status, regionCode: row.regionCode };
}

/** The sirens as a GeoJSON FeatureCollection of points, each feature's `id` the siren's id. */
export function presentSirenMap(rows: readonly SirenMapRow[]) {
  return featureCollection(rows.map((row) => ({ id: row.id, geometry: row.geometry, properties: presentSirenMapProperties(row) })));
}

export type KindDefaults = Record<SirenKind, SirenKindDefault>;

/** The rated output used for coverage: the record's own values, else its kind's configured default (named). */
export function ratingOf(row: Pick<SirenRow, 'kind' | 'ratedPowerW' | 'ratedLevelDb' | 'referenceDistanceM'>, defaults: KindDefaults) {
  const d = defaults[row.kind as SirenKind] as SirenKindDefault | undefined;
  const fromDefaults = row.ratedPowerW === null || row.ratedLevelDb === null || row.referenceDistanceM === null;
  return {
    powerW: row.ratedPowerW ?? d?.ratedPowerW ?? null,
    levelDb: row.ratedLevelDb ?? d?.ratedLevelDb ?? null,
    referenceDistanceM: row.referenceDistanceM ?? d?.referenceDistanceM ?? null,
    fromDefaults: fromDefaults && d !== undefined,
    source: fromDefaults ? (d?.source ?? null) : null,
  };
}

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

/** One siren of a list: the phone always masked (lists are read by many, and copied into spreadsheets). */
export function presentSirenListItem(row: SirenRow, defaults: KindDefaults, openPhone: (stored: string | null) => string | null) {
  const phone = openPhone(row.contactPhone);
  return {
    id: row.id, code: row.code, name: row.name, regionCode: row.regionCode, regionName: row.regionName, location: row.location, kind: row.kind,
    rating: ratingOf(row, defaults), mountHeightM: row.mountHeightM, hostUnit: row.hostUnit, contactName: row.contactName,
    contactPhone: phone === null ? null : mask(phone, 'phone'), terminalId: row.terminalId, installedYear: row.installedYear, status: row.status,
    statusChangedAt: iso(row.statusChangedAt), lastSeenAt: isoOrNull(row.lastSeenAt), terminalState: row.terminalState,
    controlChannel: row.controlChannel, openFaults: row.openFaults, overdueFaults: row.overdueFaults,
    version: row.version,
  };
}

/** Who sees 联系电话 in full: those who may edit sirens (the edit form round-trips it). */
export const seesContactPhone = (viewer: { permissions: ReadonlySet<Permission> }) => viewer.permissions.has('sirens:write');

export function presentSirenDetail(
  data: SirenDetailData, defaults: KindDefaults, openPhone: (stored: string | null) => string | null, viewer: { permissions: ReadonlySet<Permission> },
) {
  const { siren: s } = data;
  const phone = openPhone(s.contactPhone);
  return {
    ...presentSirenListItem(s, defaults, openPhone),
    contactPhone: phone === null || seesContactPhone(viewer) ? phone : mask(phone, 'phone'),
    ratedPowerW: s.ratedPowerW, ratedLevelDb: s.ratedLevelDb, referenceDistanceM: s.referenceDistanceM,
    hasTerminalKey: s.terminalKey !== null,
    groups: data.groups.map((g) => ({ id: g.id, name: g.name })),
    history: data.history.map((h) => ({ id: h.id, fromStatus: h.fromStatus, toStatus: h.toStatus, reason: h.reason, actor: h.actor, at: iso(h.at) })),
    createdAt: iso(s.createdAt), updatedAt: iso(s.updatedAt),
  };
}

export function presentGroup(g: GroupRow) {
  return {
    id: g.id, name: g.name, regionCode: g.regionCode, regionName: g.regionName, description: g.description, members: g.members,
    createdAt: iso(g.createdAt), updatedAt: iso(g.updatedAt),
  };
}
export function presentGroupDetail(g: GroupRow & { sirenIds: number[] }) {
  return { ...presentGroup(g), sirenIds: g.sirenIds };
}

export function presentFault(f: FaultRow) {
  return {
    id: f.id, sirenId: f.sirenId, sirenCode: f.sirenCode, sirenName: f.sirenName, regionCode: f.regionCode, category: f.category,
    description: f.description, state: f.state, deadline: iso(f.deadline), overdue: f.overdue, reportedBy: f.reportedBy, reportedAt: iso(f.reportedAt),
    assignee: f.assignee, resolution: f.resolution, resolvedAt: isoOrNull(f.resolvedAt), version: f.version,
  };
}

export function presentCommandSummary(c: CommandRow, counts: Record<string, number>) {
  return {
    id: c.id, action: c.action, program: c.program, regionCode: c.regionCode, issuedBy: c.issuedBy, issuedAt: iso(c.issuedAt), expiresAt: iso(c.expiresAt),
    counts: { ...counts },
  };
}

function presentDelivery(d: DeliveryRow) {
  return {
    sirenId: d.sirenId, sirenCode: d.sirenCode, sirenName: d.sirenName, regionCode: d.regionCode, terminalId: d.terminalId, state: d.state,
    attempts: d.attempts, reason: d.reason, sentAt: isoOrNull(d.sentAt), acceptedAt: isoOrNull(d.acceptedAt), finishedAt: isoOrNull(d.finishedAt),
    unreachableAt: isoOrNull(d.unreachableAt), lon: d.lon, lat: d.lat, seq: d.seq,
  };
}

/** One event of a command's live stream (the stream is not serialised by the route's schema: this is its whitelist). */
export function presentLiveFrame(f: LiveFrame, c: Pick<CommandRow, 'id' | 'action' | 'program' | 'issuedAt'>) {
  return {
    command: { id: c.id, action: c.action, program: c.program, issuedAt: iso(c.issuedAt) },
    counts: { ...f.counts }, deliveries: f.deliveries.map(presentDelivery), cursor: f.cursor, complete: f.complete,
  };
}

/** A command with each siren's delivery: never the signed payload or the nonce (they stay in the outbox). */
export function presentCommand(data: CommandData) {
  const t = data.command.target;
  return {
    ...presentCommandSummary(data.command, data.counts),
    target: {
      ...(t.sirenIds ? { sirenIds: t.sirenIds } : {}), ...(t.groupIds ? { groupIds: t.groupIds } : {}), ...(t.regionCodes ? { regionCodes: t.regionCodes } : {}),
      ...(t.polygon ? { polygon: t.polygon } : {}),
    },
    deliveries: data.deliveries.map(presentDelivery),
    cursor: data.cursor,
  };
}
