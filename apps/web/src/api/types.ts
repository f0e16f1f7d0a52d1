/**
 * Shapes of the server's JSON API (apps/server). Kept by hand beside the contract until the OpenAPI
 * document is used to generate them.
 */
import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import type { Permission, Role } from '@civdef/domain';

export interface PasswordPolicy {
  minLength: number;
  /** How many of the character classes (lower, upper, digit, symbol) a password must use. */
  classes: number;
}

export interface Basemap {
  type: 'xyz' | 'wmts';
  url: string;
  attribution?: string;
}

export interface PublicConfig {
  version: string;
  demo: boolean;
  city: { code: string; name: string; center: [number, number]; bbox: [number, number, number, number] };
  basemap: Basemap | null;
  passwordPolicy: PasswordPolicy;
}

export interface Me {
  id: number | string;
  username: string;
  displayName: string;
  roles: Role[];
  permissions: Permission[];
  regionCode: string;
  regionName: string | null;
  mustChangePassword: boolean;
}

export interface Session {
  user: Me;
  csrfToken: string;
}

export interface RoleInfo {
  code: Role;
  nameZh: string;
  nameEn: string;
  permissions: Permission[];
}

export type RegionLevelName = 'city' | 'county' | 'town';

export interface Region {
  code: string;
  name: string;
  parentCode: string | null;
  level: RegionLevelName;
  centroid: [number, number] | null;
}

export interface User {
  id: number | string;
  username: string;
  displayName: string;
  roles: Role[];
  regionCode: string;
  regionName: string | null;
  locked: boolean;
  lockedUntil: string | null;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  regionCode: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBadId: number | null;
  reason: string | null;
}

export interface Health {
  status: 'ok' | 'degraded';
  database: { kind: 'pglite' | 'postgres'; migration: number };
  broker: { kind: 'embedded' | 'external'; connected: boolean };
  version: string;
}

export interface WorkProps {
  id: number | string;
  code: string;
  name: string;
  workClass: string;
  lifecycleState: string;
  regionCode: string;
  shelterPlaces: number;
  isPublic: boolean;
}

export interface SirenProps {
  id: number | string;
  code: string;
  name: string;
  kind: string;
  status: string;
  regionCode: string;
}

export type WorksCollection = FeatureCollection<Point, WorkProps>;
export type SirensCollection = FeatureCollection<Point, SirenProps>;
export type BoundaryCollection = FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>;
