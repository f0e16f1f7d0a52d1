import { Type } from 'typebox';

/** GeoJSON (RFC 7946) response schemas: geometry passed through as parsed from ST_AsGeoJSON. */
export const GeometrySchema = Type.Object({ type: Type.String(), coordinates: Type.Unknown() });

export function featureCollectionSchema<P extends ReturnType<typeof Type.Object>>(properties: P) {
  return Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
        geometry: GeometrySchema,
        properties,
      }),
    ),
  });
}

export function featureCollection<P>(rows: Array<{ id?: number | string; geometry: string | object; properties: P }>) {
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      ...(r.id !== undefined ? { id: r.id } : {}),
      geometry: (typeof r.geometry === 'string' ? JSON.parse(r.geometry) : r.geometry) as { type: string; coordinates: unknown },
      properties: r.properties,
    })),
  };
}
