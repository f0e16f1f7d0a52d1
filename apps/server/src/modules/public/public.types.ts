/**
 * What the service hands the presenter: here, apart from both, so the presenter (which shapes it), the service (which
 * builds it) and the static export (which the service calls) import one another in one direction only.
 */
import type { LngLat } from '@civdef/domain';
import type { PublicDirectoryRow } from '../works/index.ts';

/** Where the walk to a shelter goes: its nearest entrance (null: none on record, measured to its point). */
export interface ShelterHit {
  distanceM: number;
  entrance: { kind: string; lng: number; lat: number } | null;
}

export interface NearestAnswer {
  mode: 'normal' | 'alert';
  warningMinutes: number | null;
  dataVersion: number;
  origin: LngLat;
  hits: Array<{ work: PublicDirectoryRow; hit: ShelterHit }>;
}

/** A district's outline as the public map draws it: only its code, its name and its shape. */
export interface DistrictOutline {
  code: string;
  name: string;
  /** GeoJSON geometry text (ST_AsGeoJSON). */
  geometry: string;
  /** [lng, lat] inside the outline, where the map writes the name. */
  labelAt: [number, number];
}
