/** TypeBox schemas of /ogc and /tiles. */
import { Type } from 'typebox';

export const OGC_DEFAULT_LIMIT = 100;
export const OGC_MAX_LIMIT = 10_000;

export const ItemsQuery = Type.Object({
  bbox: Type.Optional(Type.String({ description: 'minLng,minLat,maxLng,maxLat (CRS84)' })),
  limit: Type.Integer({ minimum: 1, maximum: OGC_MAX_LIMIT, default: OGC_DEFAULT_LIMIT, description: `a larger limit is capped to ${OGC_MAX_LIMIT}` }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'used by the `next` links' }),
  datetime: Type.Optional(Type.String({ description: 'accepted and ignored: works have no temporal extent' })),
  f: Type.Optional(Type.Enum(['json', 'geojson'] as const)),
}, { additionalProperties: false });

export const FeatureParams = Type.Object({ featureId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: 22 }),
  x: Type.Integer({ minimum: 0, maximum: 4_194_303 }),
  y: Type.Integer({ minimum: 0, maximum: 4_194_303 }),
});

/** OGC documents are described in prose (links, GeoJSON): answered as they are. */
export const Json = Type.Unknown();
