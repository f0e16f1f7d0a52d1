/**
 * Request and response schemas of the sirens routes. One TypeBox definition gives validation, fast
 * serialisation (fields not in the schema are dropped on the way out), the handler's types and the
 * OpenAPI document.
 */
import { Type, type Static } from 'typebox';
import { featureCollectionSchema } from '../../lib/geojson.ts';
import { errorResponses } from '../../lib/schemas.ts';

/** What a siren shows on the map: the public whitelist of `sirens.presenter.ts`, as a schema. */
export const SirenMapProperties = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  regionCode: Type.String(),
});
export type SirenMapProperties = Static<typeof SirenMapProperties>;

export const SirenMapResponse = featureCollectionSchema(SirenMapProperties);

export const MapSirensSchema = {
  tags: ['sirens'],
  summary: '警报器分布 Sirens in my jurisdiction as GeoJSON points',
  response: { 200: SirenMapResponse, ...errorResponses(401, 403) },
};
