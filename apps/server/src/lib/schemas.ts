import { Type } from 'typebox';

/** Shared TypeBox pieces: the error body, paging, region codes. */
export const ErrorDetail = Type.Object({
  field: Type.String({ description: 'where: body.username, querystring.page, body.units.0.grossAreaM2' }),
  rule: Type.String({ description: 'the JSON-schema rule broken: required, pattern, minimum, enum…' }),
  message: Type.String({ description: 'the rule in the request language' }),
});
export const ErrorBody = Type.Object(
  { code: Type.String(), message: Type.String(), details: Type.Optional(Type.Array(ErrorDetail)) },
  { $id: 'ErrorBody' },
);

export const RegionCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3})?$', description: 'GB/T 2260 code (6 or 9 digits)' });

export const Paging = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
};

/**
 * A record's id in the path: a plain decimal integer. `1e3`, `0x10`, `%201`, `+1`, `1.0` are refused with 400 naming
 * `params.id` — not by this schema alone (coercion would read them as numbers) but by the numeral rule every integer
 * gets at compile time (`lib/validation.ts`), so any other integer path parameter is held the same.
 */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'a plain decimal integer' }) });

export const Timestamp = Type.String({ format: 'date-time' });

export const LngLat = Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]);

/**
 * An area drawn on the map (an alert's or a siren command's): one closed ring of WGS84 longitude/latitude, no holes,
 * since CAP 1.2's `<polygon>` is a single ring of at least four points, the first repeated as the last.
 */
export const DrawnPolygon = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(LngLat, { minItems: 4, maxItems: 1000 }), { minItems: 1, maxItems: 1, description: 'one ring, closed' }),
}, { additionalProperties: false, description: 'GeoJSON Polygon drawn on the map (自绘区域)' });

/** The errors a route may answer with, for the OpenAPI document. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

export const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
