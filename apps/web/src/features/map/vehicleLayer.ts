/**
 * Mobile command vehicles (机动指挥车) on 一张图: where each last reported, in its state's colour while the fix is
 * live, grey once it is stale, a grey ring at its base when it never reported. The server says whether a fix is live
 * (`live`, its window is `LIVE_WINDOW_MS` in the command presenter); the age shown in the popup is counted here from
 * the report's own time, so it keeps growing between two polls.
 */
import { VEHICLE_STATES, type VehicleState } from '@civdef/domain';
import type { FeatureCollection, Point } from 'geojson';
import type { TFunction } from 'i18next';
import type { Language } from '../../i18n/index.ts';

export const VEHICLE_SOURCE = 'vehicles';
export const VEHICLE_LAYER = 'vehicles';
/** How often the map asks for fresh positions: a vehicle at 60 km/h moves 80 m between two polls. */
export const VEHICLE_POLL_MS = 5_000;

export const VEHICLE_STATE_COLORS: Record<VehicleState, string> = {
  ready: '#389e0d',
  deployed: '#cf1322',
  maintenance: '#d48806',
};
export const STALE_COLOR = '#8c8c8c';

/** `live`: a recent report; `stale`: an old one; `home`: never reported, drawn at its base. */
export type Fix = 'live' | 'stale' | 'home';

export interface VehicleProps {
  id: number;
  code: string;
  name: string;
  generation: string | null;
  crew: number;
  state: string;
  live: boolean;
  positionAt: string | null;
  speedKmh: number | null;
}

export function fixOf(p: Pick<VehicleProps, 'live' | 'positionAt'>): Fix {
  if (p.positionAt === null) return 'home';
  return p.live ? 'live' : 'stale';
}

/** The collection as drawn: each feature gains `fix`, which the layer's paint reads. */
export function vehicleFeatures<P extends VehicleProps>(fc: FeatureCollection<Point, P>): FeatureCollection<Point, P & { fix: Fix }> {
  return { ...fc, features: fc.features.map((f) => ({ ...f, properties: { ...f.properties, fix: fixOf(f.properties) } })) };
}

/** Paint of the vehicle circles: state colour when live, grey when stale, a grey ring at the base when never reported. */
export function vehicleLayerPaint(): Record<string, unknown> {
  const stateColor = ['match', ['get', 'state'], ...Object.entries(VEHICLE_STATE_COLORS).flat(), STALE_COLOR];
  return {
    'circle-color': ['match', ['get', 'fix'], 'live', stateColor, 'stale', STALE_COLOR, '#ffffff'],
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 5, 12, 8, 16, 11],
    // A dark rim tells a vehicle from a work (white rim) at a glance.
    'circle-stroke-color': ['match', ['get', 'fix'], 'home', STALE_COLOR, '#1f1f1f'],
    'circle-stroke-width': ['match', ['get', 'fix'], 'home', 2.5, 2],
    'circle-opacity': ['match', ['get', 'fix'], 'stale', 0.75, 1],
  };
}

/** "3 分钟前" / "3 min ago": the age of a fix, from seconds to days. */
export function fixAge(positionAt: string, now: number, t: TFunction): string {
  const s = Math.max(0, Math.round((now - new Date(positionAt).getTime()) / 1000));
  if (s < 60) return t('mapx.vehicles.ageSeconds', { n: s });
  if (s < 3600) return t('mapx.vehicles.ageMinutes', { n: Math.floor(s / 60) });
  if (s < 86_400) return t('mapx.vehicles.ageHours', { n: Math.floor(s / 3600) });
  return t('mapx.vehicles.ageDays', { n: Math.floor(s / 86_400) });
}

export function stateLabel(state: string, lang: Language): string {
  const s = VEHICLE_STATES.find((x) => x.code === state);
  return s ? (lang === 'en' ? s.en : s.zh) : state;
}

/** The popup's rows: generation, crew, state and the fix (its age, or that the vehicle is shown at its base). */
export function vehicleRows(p: VehicleProps, t: TFunction, lang: Language, now: number): [string, string][] {
  const fix = fixOf(p);
  const fixText = p.positionAt === null
    ? t('mapx.vehicles.neverReported')
    : `${fixAge(p.positionAt, now, t)}${fix === 'stale' ? ` · ${t('mapx.vehicles.stale')}` : ''}`;
  return [
    [t('mapx.vehicles.code'), p.code],
    [t('mapx.vehicles.generation'), p.generation ?? '—'],
    [t('mapx.vehicles.crew'), String(p.crew)],
    [t('mapx.vehicles.state'), stateLabel(p.state, lang)],
    [t('mapx.vehicles.fix'), fixText],
    ...(fix === 'live' && p.speedKmh !== null ? [[t('mapx.vehicles.speed'), `${Math.round(p.speedKmh)} km/h`] as [string, string]] : []),
  ];
}
