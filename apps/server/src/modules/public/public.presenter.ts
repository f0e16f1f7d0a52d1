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
import type { NearestAnswer } from './public.service.ts';

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;
const point = (lng: number, lat: number, d: number): [number, number] => [round(lng, d), round(lat, d)];
const intOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null);

/** Works that take people in when the sirens sound: personnel shelters with places. */
export const takesShelterers = (w: Pick<PublicDirectoryRow, 'workClass' | 'shelterPlaces'>) => w.workClass === 'personnel' && w.shelterPlaces > 0;

function entranceOf(e: { kind: string; lng: number; lat: number }) {
  const words = entranceWords(e.kind);
  return { kind: e.kind, nameZh: words.zh, nameEn: words.en, location: point(e.lng, e.lat, PUBLIC_ENTRANCE_DECIMALS) };
}

export interface ShelterHit {
  distanceM: number;
  entrance: { kind: string; lng: number; lat: number } | null;
}

/**
 * One public shelter. With `origin` and `hit`: the walk from there (estimated), the route hint to the nearest
 * entrance, and in alert mode (`warningMinutes`) whether it fits in the warning time.
 */
export function presentShelter(w: PublicDirectoryRow, at?: { origin: LngLat; hit: ShelterHit; warningMinutes: number | null }) {
  let walk: { distanceM: number; walkM: number; walkMinutes: number; fitsWarning: boolean | null; hint: { zh: string; en: string } } | null = null;
  if (at) {
    const { walkM, walkMinutes } = walkingEstimate(at.hit.distanceM);
    const target = at.hit.entrance ?? { kind: '', lng: w.lng, lat: w.lat };
    const words = at.hit.entrance ? entranceWords(at.hit.entrance.kind) : { zh: w.name, en: w.name };
    walk = {
      distanceM: Math.round(at.hit.distanceM), walkM, walkMinutes,
      fitsWarning: at.warningMinutes === null ? null : fitsWarning(walkMinutes, at.warningMinutes),
      hint: routeHint(at.origin, [target.lng, target.lat], words.zh, words.en),
    };
  }
  return {
    id: w.id,
    name: w.name,
    address: w.address,
    district: w.district,
    location: point(w.lng, w.lat, PUBLIC_COORDINATE_DECIMALS),
    distanceM: walk?.distanceM ?? null,
    walkM: walk?.walkM ?? null,
    walkMinutes: walk?.walkMinutes ?? null,
    fitsWarning: walk?.fitsWarning ?? null,
    hint: walk?.hint ?? null,
    entrance: at?.hit.entrance ? entranceOf(at.hit.entrance) : null,
    entrances: w.entrances.map(entranceOf),
    capacity: w.shelterPlaces,
    openState: w.lifecycleState === 'in_use' ? ('open' as const) : ('opens_on_alert' as const),
    shelterOpen: takesShelterers(w),
  };
}

/**
 * The parts of a shelter's JSON that do not depend on where it was asked from, per row object: the nearest answer is
 * the hottest path of the public app (a city asking at once), and presenting and serialising every entrance of every
 * hit again on each request was most of its cost. Rows are never changed in place (a changed work is read again as a
 * new object), so the fragments live as long as the row does.
 */
interface ShelterFragments {
  /** `{"id":…,…,"location":[…]` — without the closing brace. */
  head: string;
  /** `"entrances":[…],…,"shelterOpen":…}` — without the opening brace. */
  tail: string;
  /** Each entrance's presented JSON, in the row's order. */
  entrances: string[];
}
const fragmentsOf = new WeakMap<PublicDirectoryRow, ShelterFragments>();

function fragments(w: PublicDirectoryRow): ShelterFragments {
  let f = fragmentsOf.get(w);
  if (!f) {
    // The same objects as presentShelter builds, split where the asked-from part goes: JSON.stringify drops the same
    // undefined fields and writes the same numbers, so the joined string is byte for byte presentShelter's JSON.
    const full = presentShelter(w);
    const head = JSON.stringify({ id: full.id, name: full.name, address: full.address, district: full.district, location: full.location });
    const tail = JSON.stringify({ entrances: full.entrances, capacity: full.capacity, openState: full.openState, shelterOpen: full.shelterOpen });
    f = { head: head.slice(0, -1), tail: tail.slice(1), entrances: full.entrances.map((e) => JSON.stringify(e)) };
    fragmentsOf.set(w, f);
  }
  return f;
}

/**
 * `JSON.stringify(presentShelter(w, at))`, built from the row's cached fragments and the walk from `at` alone
 * (`public.presenter.test.ts` compares the two over many random points).
 */
export function shelterJson(w: PublicDirectoryRow, at: { origin: LngLat; hit: ShelterHit; warningMinutes: number | null }): string {
  const f = fragments(w);
  const { walkM, walkMinutes } = walkingEstimate(at.hit.distanceM);
  const e = at.hit.entrance;
  const words = e ? entranceWords(e.kind) : { zh: w.name, en: w.name };
  const hint = routeHint(at.origin, e ? [e.lng, e.lat] : [w.lng, w.lat], words.zh, words.en);
  const fits = at.warningMinutes === null ? null : fitsWarning(walkMinutes, at.warningMinutes);
  let entrance = 'null';
  if (e) {
    // The hit's entrance is one of the row's own objects (the index measured to it); any other is presented afresh.
    const i = w.entrances.indexOf(e);
    entrance = i >= 0 ? f.entrances[i]! : JSON.stringify(entranceOf(e));
  }
  return `${f.head},"distanceM":${JSON.stringify(Math.round(at.hit.distanceM))},"walkM":${JSON.stringify(walkM)},"walkMinutes":${JSON.stringify(walkMinutes)}`
    + `,"fitsWarning":${JSON.stringify(fits)},"hint":${JSON.stringify(hint)},"entrance":${entrance},${f.tail}`;
}

/** A nearest answer as sent: the presented shelters, nearest first. */
export const presentNearest = (a: NearestAnswer) => ({
  mode: a.mode, warningMinutes: a.warningMinutes, dataVersion: a.dataVersion,
  items: a.hits.map((h) => presentShelter(h.work, { origin: a.origin, hit: h.hit, warningMinutes: a.warningMinutes })),
});

/**
 * `JSON.stringify(presentNearest(a))`, from each work's cached fragments (see shelterJson): the same bytes at a
 * fraction of the cost, on the path a whole city takes at once.
 */
export function serializeNearest(a: NearestAnswer): string {
  const items = a.hits.map((h) => shelterJson(h.work, { origin: a.origin, hit: h.hit, warningMinutes: a.warningMinutes }));
  return `{"mode":${JSON.stringify(a.mode)},"warningMinutes":${JSON.stringify(a.warningMinutes)},"dataVersion":${JSON.stringify(a.dataVersion)},"items":[${items.join(',')}]}`;
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

/** A published alert as pushed on the stream: the public feed's fields, copied one by one from the stored summary. */
export function presentAlertEvent(s: Record<string, unknown>) {
  const str = (k: string) => String(s[k] ?? '');
  const opt = (k: string) => (s[k] === null || s[k] === undefined ? null : String(s[k]));
  return {
    identifier: str('identifier'), sent: str('sent'), status: str('status'), msgType: str('msgType'), references: opt('references'), event: str('event'),
    headline: str('headline'), description: str('description'), descriptionEn: opt('descriptionEn'), instruction: opt('instruction'), areaDesc: str('areaDesc'),
    regionCodes: Array.isArray(s.regionCodes) ? s.regionCodes.map(String) : [], capUrl: str('capUrl'),
  };
}
