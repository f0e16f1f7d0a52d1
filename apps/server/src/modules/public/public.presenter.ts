/**
 * Row → public API shape: the only whitelists of the public app. Fields are copied by name, never spread, from the
 * works directory's rows (which already leave protection, wartime function and contacts in the database): a field
 * added upstream stays on the server until someone adds it here and to the schema. `public.presenter.test.ts`
 * checks every field of every answer.
 */
import {
  entranceWords, fitsWarning, PUBLIC_COORDINATE_DECIMALS, PUBLIC_ENTRANCE_DECIMALS, routeHint, walkingEstimate, type LngLat,
} from '@civdef/domain';
import type { PublicDirectoryRow } from '../works/index.ts';
import { featureCollection } from '../../lib/geojson.ts';
import type { DistrictOutline, NearestAnswer, ShelterHit } from './public.types.ts';

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
const point = (lng: number, lat: number, d: number): [number, number] => [round(lng, d), round(lat, d)];
const intOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);

/** Works that take people in when the sirens sound: personnel shelters with places. */
export const takesShelterers = (w: Pick<PublicDirectoryRow, 'workClass' | 'shelterPlaces'>) => w.workClass === 'personnel' && w.shelterPlaces > 0;

function entranceOf(e: { kind: string; lng: number; lat: number }) {
  const words = entranceWords(e.kind);
  return { kind: e.kind, nameZh: words.zh, nameEn: words.en, location: point(e.lng, e.lat, PUBLIC_ENTRANCE_DECIMALS) };
}

const openStateOf = (w: PublicDirectoryRow) => (w.lifecycleState === 'in_use' ? ('open' as const) : ('opens_on_alert' as const));

/** Who and where a shelter is: the fields every public shape of it starts with. */
const identityOf = (w: PublicDirectoryRow) => ({
  id: w.id,
  name: w.name,
  address: w.address,
  district: w.district,
  location: point(w.lng, w.lat, PUBLIC_COORDINATE_DECIMALS),
});

/** What a shelter offers: the fields every public shape of it ends with. */
const offerOf = (w: PublicDirectoryRow) => ({ capacity: w.shelterPlaces, openState: openStateOf(w), shelterOpen: takesShelterers(w) });

/** One public shelter on its own (its detail page, the static tiles): every entrance, no walk. */
export function presentShelter(w: PublicDirectoryRow) {
  return { ...identityOf(w), entrances: w.entrances.map(entranceOf), ...offerOf(w) };
}

/**
 * One shelter in a nearest answer: the walk from `origin` to its nearest entrance (estimated), that entrance, the route
 * hint, and in alert mode (`warningMinutes`) whether it fits in the warning time. Only how many entrances it has: the
 * list is the detail's (GET /api/public/shelters/{id}), and carrying it in every answer made each about 6 KB.
 */
export function presentNearestShelter(w: PublicDirectoryRow, at: { origin: LngLat; hit: ShelterHit; warningMinutes: number | null }) {
  const { walkM, walkMinutes } = walkingEstimate(at.hit.distanceM);
  const target = at.hit.entrance ?? { kind: '', lng: w.lng, lat: w.lat };
  const words = at.hit.entrance ? entranceWords(at.hit.entrance.kind) : { zh: w.name, en: w.name };
  return {
    ...identityOf(w),
    distanceM: Math.round(at.hit.distanceM),
    walkM,
    walkMinutes,
    fitsWarning: at.warningMinutes === null ? null : fitsWarning(walkMinutes, at.warningMinutes),
    hint: routeHint(at.origin, [target.lng, target.lat], words.zh, words.en),
    entrance: at.hit.entrance ? entranceOf(at.hit.entrance) : null,
    entranceCount: w.entrances.length,
    ...offerOf(w),
  };
}

/**
 * The parts of a shelter's nearest-answer JSON that do not depend on where it was asked from, as UTF-8 bytes: the
 * nearest answer is the hottest path of the public app (a city asking at once), and presenting, serialising and
 * encoding the same fields again on each request was most of its cost. Rows are never changed in place (a changed
 * work is read again as a new object), so the fragments live as long as the row does.
 */
interface ShelterFragments {
  /** `{"id":…,…,"location":[…],"distanceM":` — up to where the asked-from part starts. */
  head: Buffer;
  /** `,"entranceCount":…,…,"shelterOpen":…}` — from where it ends. */
  tail: Buffer;
  /** Each entrance's presented JSON, in the row's order. */
  entrances: Buffer[];
}
const fragmentsOf = new WeakMap<PublicDirectoryRow, ShelterFragments>();

function fragments(w: PublicDirectoryRow): ShelterFragments {
  let f = fragmentsOf.get(w);
  if (!f) {
    // The same values presentNearestShelter writes, split where the asked-from part goes: JSON.stringify drops the
    // same undefined fields and writes the same numbers, so the joined bytes are presentNearestShelter's JSON.
    const head = JSON.stringify(identityOf(w));
    const tail = JSON.stringify({ entranceCount: w.entrances.length, ...offerOf(w) });
    f = {
      head: Buffer.from(`${head.slice(0, -1)},"distanceM":`),
      tail: Buffer.from(`,${tail.slice(1)}`),
      entrances: w.entrances.map((e) => Buffer.from(JSON.stringify(entranceOf(e)))),
    };
    fragmentsOf.set(w, f);
  }
  return f;
}

/** Encodes a row's nearest-answer fragments now (as it enters the index), so no request pays for it; returns the row. */
export function prepareShelter<T extends PublicDirectoryRow>(w: T): T {
  fragments(w);
  return w;
}

/**
 * Appends `JSON.stringify(presentNearestShelter(w, at))` as bytes to `parts`, from the row's encoded fragments and
 * the walk from `at` alone; returns the bytes appended.
 */
function appendShelter(parts: Buffer[], w: PublicDirectoryRow, at: { origin: LngLat; hit: ShelterHit; warningMinutes: number | null }): number {
  const f = fragments(w);
  const { walkM, walkMinutes } = walkingEstimate(at.hit.distanceM);
  const e = at.hit.entrance;
  const words = e ? entranceWords(e.kind) : { zh: w.name, en: w.name };
  const hint = routeHint(at.origin, e ? [e.lng, e.lat] : [w.lng, w.lat], words.zh, words.en);
  const fits = at.warningMinutes === null ? null : fitsWarning(walkMinutes, at.warningMinutes);
  // Numbers and booleans are written as JSON.stringify writes them (the property test holds the two together).
  const walk = Buffer.from(`${Math.round(at.hit.distanceM)},"walkM":${walkM},"walkMinutes":${walkMinutes},"fitsWarning":${fits},"hint":${JSON.stringify(hint)},"entrance":`);
  let entrance: Buffer;
  if (e) {
    // The hit's entrance is one of the row's own objects (the index measured to it); any other is presented afresh.
    const i = w.entrances.indexOf(e);
    entrance = i >= 0 ? f.entrances[i]! : Buffer.from(JSON.stringify(entranceOf(e)));
  } else {
    entrance = NULL;
  }
  parts.push(f.head, walk, entrance, f.tail);
  return f.head.length + walk.length + entrance.length + f.tail.length;
}
const NULL = Buffer.from('null');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']}');

/** A nearest answer as the object it is: the presented shelters, nearest first. */
export const presentNearest = (a: NearestAnswer) => ({
  mode: a.mode, warningMinutes: a.warningMinutes, dataVersion: a.dataVersion,
  items: a.hits.map((h) => presentNearestShelter(h.work, { origin: a.origin, hit: h.hit, warningMinutes: a.warningMinutes })),
});

/**
 * `JSON.stringify(presentNearest(a))` as UTF-8 bytes, joined from each work's encoded fragments and a few small
 * per-request parts: on the path a whole city takes at once, no shelter is presented, serialised or encoded again,
 * and the length is known without measuring a string (`public.presenter.test.ts` compares the two).
 */
export function serializeNearest(a: NearestAnswer): Buffer {
  const parts: Buffer[] = [Buffer.from(`{"mode":${JSON.stringify(a.mode)},"warningMinutes":${a.warningMinutes},"dataVersion":${a.dataVersion},"items":[`)];
  let length = parts[0]!.length + CLOSE.length;
  for (let i = 0; i < a.hits.length; i++) {
    if (i > 0) {
      parts.push(COMMA);
      length += 1;
    }
    const h = a.hits[i]!;
    length += appendShelter(parts, h.work, { origin: a.origin, hit: h.hit, warningMinutes: a.warningMinutes });
  }
  parts.push(CLOSE);
  return Buffer.concat(parts, length);
}

/** Whether MM-DD `today` is in the season start..end (a season may run over the new year). */
export function inSeason(today: string, start: string, end: string): boolean {
  return start <= end ? today >= start && today <= end : today >= start || today <= end;
}

/** One peacetime place (parking, cooling spot, EV charging): what the public needs to go there. */
export function presentPlace(w: PublicDirectoryRow, distanceM: number | null, today: string) {
  const pu = w.peacetimeUse ?? {};
  const parking = pu.parking;
  const cooling = pu.coolingSpot;
  return {
    id: w.id,
    name: w.name,
    address: w.address,
    district: w.district,
    location: point(w.lng, w.lat, PUBLIC_COORDINATE_DECIMALS),
    distanceM: distanceM === null ? null : Math.round(distanceM),
    walkMinutes: distanceM === null ? null : walkingEstimate(distanceM).walkMinutes,
    parking: parking
      ? {
        totalSpaces: intOrNull(parking.total), publicSpaces: intOrNull(parking.publicSpaces), feePerHourYuan: typeof parking.feePerHourYuan === 'number' ? parking.feePerHourYuan : null,
        hours: typeof parking.hours === 'string' ? parking.hours : null,
      }
      : null,
    cooling: cooling
      ? {
        seasonStart: String(cooling.seasonStart ?? ''), seasonEnd: String(cooling.seasonEnd ?? ''), hours: String(cooling.hours ?? ''),
        capacity: intOrNull(cooling.capacity) ?? 0, facilities: (cooling.facilities ?? []).map(String),
        inSeason: Boolean(cooling.seasonStart && cooling.seasonEnd && inSeason(today, cooling.seasonStart, cooling.seasonEnd)),
      }
      : null,
    evChargers: intOrNull(pu.evChargers),
  };
}

/** The city's districts for the public map: each one's code, name and outline, nothing else. */
export function presentDistricts(rows: readonly DistrictOutline[]) {
  return featureCollection(rows.map((r) => ({ id: r.code, geometry: r.geometry, properties: { code: r.code, name: r.name, labelAt: r.labelAt } })));
}
