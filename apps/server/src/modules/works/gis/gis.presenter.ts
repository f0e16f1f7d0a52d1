/**
 * Row → OGC API – Features / vector-tile shapes. The only place that decides which fields of a work leave the
 * server through /ogc and /tiles:
 * - the **public** whitelist (`works-public`, anonymous): name, address, district and peacetime use, coordinates
 *   rounded to PUBLIC_COORDINATE_DECIMALS (≈ 100 m) — never code, region code, class, grades, areas or shelter places;
 * - the **internal** collection and the tiles (works:read, jurisdiction-scoped): the registry fields listed below.
 */
import { PUBLIC_COORDINATE_DECIMALS } from '@civdef/domain';
import type { InternalFeatureRow, PublicFeatureRow, TilePointRow } from './gis.repository.ts';

export const CONF = 'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf';
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const GEOJSON = 'application/geo+json';

export type BBox = [number, number, number, number];
export type CollectionId = 'works-public' | 'works';

export interface CollectionDef {
  id: CollectionId;
  title: string;
  description: string;
}

export const COLLECTIONS: Record<CollectionId, CollectionDef> = {
  'works-public': {
    id: 'works-public',
    title: '人防工程（公开） Public civil air defence works',
    description: `Works flagged public and in service: name, address, district and peacetime use (public parking, cooling spot, EV chargers). `
      + `No protection grade or sheltering capacity. Coordinates rounded to ${PUBLIC_COORDINATE_DECIMALS} decimals (about 100 m).`,
  },
  works: {
    id: 'works',
    title: '人防工程（内部） Civil air defence works (internal)',
    description: 'All works of the signed-in user\'s jurisdiction with their classification, grades, areas and shelter places. Sensitive.',
  },
};

const round = (n: number, d: number) => Math.round(n * 10 ** d) / 10 ** d;

/** The public whitelist: nothing about protection or capacity, coarse coordinates. */
export function publicFeature(r: PublicFeatureRow) {
  const pu = r.peacetimeUse ?? {};
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: { type: 'Point', coordinates: [round(r.lng, PUBLIC_COORDINATE_DECIMALS), round(r.lat, PUBLIC_COORDINATE_DECIMALS)] },
    properties: {
      name: r.name,
      address: r.address,
      district: r.district,
      parkingPublicSpaces: pu.parking?.publicSpaces ?? null,
      parkingFeePerHourYuan: pu.parking?.feePerHourYuan ?? null,
      coolingSpot: Boolean(pu.coolingSpot),
      coolingSeason: pu.coolingSpot ? `${pu.coolingSpot.seasonStart ?? ''}~${pu.coolingSpot.seasonEnd ?? ''}` : null,
      coolingHours: pu.coolingSpot?.hours ?? null,
      coolingCapacity: pu.coolingSpot?.capacity ?? null,
      coolingFacilities: pu.coolingSpot?.facilities?.join('、') ?? null,
      evChargers: pu.evChargers ?? null,
    },
  };
}

/** The internal whitelist (works:read): registry fields, no contacts. */
export function internalFeature(r: InternalFeatureRow) {
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
    properties: {
      id: r.id, code: r.code, name: r.name, address: r.address, regionCode: r.regionCode, workClass: r.workClass, subtype: r.subtype,
      constructionForm: r.constructionForm, protectionGrade: r.protectionGrade, chemicalGrade: r.chemicalGrade, yearBuilt: r.yearBuilt,
      lifecycleState: r.lifecycleState, isPublic: r.isPublic, signStatus: r.signStatus, grossAreaM2: r.grossAreaM2, shelterAreaM2: r.shelterAreaM2,
      shelterPlaces: r.shelterPlaces, parkingSpaces: r.parkingSpaces,
    },
  };
}

/** Layer `works` of a vector tile: what the console map styles and pops up. */
export function tilePointFeature(r: TilePointRow) {
  return {
    type: 'Feature' as const,
    id: r.id,
    geometry: { type: 'Point' as const, coordinates: [r.lng, r.lat] },
    properties: {
      id: r.id, code: r.code, name: r.name, workClass: r.workClass, lifecycleState: r.lifecycleState, regionCode: r.regionCode, isPublic: r.isPublic,
      shelterPlaces: r.shelterPlaces, overdue: r.overdue,
    },
  };
}

/** Layer `work_clusters`: one point per grid cell with its count. */
export function clusterFeature(c: { n: number; lng: number; lat: number }) {
  return { type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: [c.lng, c.lat] }, properties: { count: c.n } };
}

export function landingDoc(base: string) {
  return {
    title: '智慧人防 civdef — OGC API Features',
    description: 'Civil air defence works. The public collection needs no sign-in; internal collections need a session (cookie civdef_sid).',
    links: [
      { href: `${base}/ogc`, rel: 'self', type: 'application/json', title: 'This document' },
      { href: `${base}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'OpenAPI definition' },
      { href: `${base}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'API documentation' },
      { href: `${base}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
      { href: `${base}/ogc/collections`, rel: 'data', type: 'application/json', title: 'Collections' },
    ],
  };
}

export const conformanceDoc = () => ({ conformsTo: [`${CONF}/core`, `${CONF}/geojson`, `${CONF}/oas30`] });

export function collectionDoc(base: string, c: CollectionDef, bbox: BBox | null) {
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: [CRS84],
    extent: { spatial: { bbox: [bbox ?? [73, 3, 136, 54]], crs: CRS84 } },
    links: [
      { href: `${base}/ogc/collections/${c.id}`, rel: 'self', type: 'application/json', title: c.title },
      { href: `${base}/ogc/collections/${c.id}/items`, rel: 'items', type: GEOJSON, title: 'Features' },
    ],
  };
}

export function collectionsDoc(base: string, list: Array<{ def: CollectionDef; bbox: BBox | null }>) {
  return { links: [{ href: `${base}/ogc/collections`, rel: 'self', type: 'application/json' }], collections: list.map((c) => collectionDoc(base, c.def, c.bbox)) };
}

type Feature = ReturnType<typeof publicFeature> | ReturnType<typeof internalFeature>;

/** One page of items with numberMatched/numberReturned and self/collection/next/prev links. */
export function itemsPage(base: string, c: CollectionDef, q: { bbox?: string; limit: number; offset: number }, features: Feature[], total: number) {
  const items = `${base}/ogc/collections/${c.id}/items`;
  const link = (o: number) => `${items}?${new URLSearchParams({ ...(q.bbox ? { bbox: q.bbox } : {}), limit: String(q.limit), offset: String(o) })}`;
  const links = [
    { href: link(q.offset), rel: 'self', type: GEOJSON, title: 'This page' },
    { href: `${base}/ogc/collections/${c.id}`, rel: 'collection', type: 'application/json', title: c.title },
  ];
  if (q.offset + features.length < total) links.push({ href: link(q.offset + q.limit), rel: 'next', type: GEOJSON, title: 'Next page' });
  if (q.offset > 0) links.push({ href: link(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON, title: 'Previous page' });
  return { type: 'FeatureCollection', features, numberMatched: total, numberReturned: features.length, timeStamp: new Date().toISOString(), links };
}

export function itemDoc(base: string, c: CollectionDef, feature: Feature) {
  return {
    ...feature,
    links: [
      { href: `${base}/ogc/collections/${c.id}/items/${feature.id}`, rel: 'self', type: GEOJSON },
      { href: `${base}/ogc/collections/${c.id}`, rel: 'collection', type: 'application/json' },
    ],
  };
}
