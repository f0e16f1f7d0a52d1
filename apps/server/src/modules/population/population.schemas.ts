/** TypeBox request/response schemas of the population routes (import preview and commit, datasets, export). */
import { Type, type Static } from 'typebox';
import { RegionCode, Timestamp, errorResponses } from '../../lib/schemas.ts';

const tags = ['population'];

export const POPULATION_CONTENT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  geojson: 'application/geo+json',
} as const;

const ImportQuery = Type.Object({
  area: Type.Optional({ ...RegionCode, description: 'the area whose cells the import replaces (default: my jurisdiction); every row must lie inside it' }),
  fileName: Type.Optional(Type.String({ maxLength: 200, description: 'the uploaded file\'s name, recorded with the dataset' })),
}, { additionalProperties: false });
export type ImportQuery = Static<typeof ImportQuery>;

const CellErrorSchema = Type.Object({ at: Type.String(), zh: Type.String(), en: Type.String() });

export const PreviewSchema = Type.Object({
  fileName: Type.String(),
  format: Type.Enum(['xlsx', 'csv', 'geojson']),
  sha256: Type.String(),
  areaCode: Type.String(),
  records: Type.Integer({ description: 'valid rows (grid cells + buildings)' }),
  gridCells: Type.Integer(),
  buildings: Type.Integer(),
  people: Type.Number(),
  replaces: Type.Integer({ description: 'cells of the area a commit removes (or removed)' }),
  byRegion: Type.Array(Type.Object({ regionCode: Type.String(), name: Type.Union([Type.String(), Type.Null()]), records: Type.Integer(), people: Type.Number() })),
  errorCount: Type.Integer(),
  errors: Type.Array(CellErrorSchema, { description: 'every bad cell (the first 2000): where (sheet!cell, or features[i].properties.key), the rule in zh and en' }),
});

export const DatasetSchema = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  fileName: Type.String(),
  format: Type.String(),
  sha256: Type.String(),
  cells: Type.Integer(),
  people: Type.Number(),
  replaced: Type.Integer(),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});

const FileBody = Type.Unknown({ description: 'the file as the request body: XLSX, text/csv, or application/geo+json (a FeatureCollection of Points)' });
const consumes = Object.values(POPULATION_CONTENT_TYPES);

export const PreviewImportSchema = {
  tags, summary: '人口导入预览 Check a population file (grid cells or buildings): every problem of every row, totals per area; nothing is written',
  consumes, querystring: ImportQuery, body: FileBody,
  response: { 200: PreviewSchema, ...errorResponses(400, 401, 403, 404, 413, 415) },
};

export const CommitImportSchema = {
  tags, summary: '导入人口 Replace the area\'s population with the file\'s, as a new dataset version: all rows or none, every problem listed',
  consumes, querystring: ImportQuery, body: FileBody,
  response: { 201: Type.Object({ dataset: DatasetSchema, preview: PreviewSchema }), ...errorResponses(400, 401, 403, 404, 413, 415) },
};

export const ListDatasetsSchema = {
  tags, summary: '人口数据版本 Imported population datasets feeding my jurisdiction, newest first',
  response: { 200: Type.Object({ items: Type.Array(DatasetSchema) }), ...errorResponses(401, 403) },
};

const ExportQuery = Type.Object({
  format: Type.Optional(Type.Enum(['xlsx', 'csv', 'geojson'], { default: 'xlsx' })),
  area: Type.Optional(RegionCode),
}, { additionalProperties: false });

export const ExportPopulationSchema = {
  tags, summary: '导出人口 The cells of an area in the import format (XLSX, CSV or GeoJSON): importing it back changes nothing',
  querystring: ExportQuery, response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403, 404) },
};

export const PopulationTemplateSchema = {
  tags, summary: '人口导入模板 The empty import file (header and a 说明 row naming each column\'s rule)',
  querystring: Type.Object({ format: Type.Optional(Type.Enum(['xlsx', 'csv'], { default: 'xlsx' })) }, { additionalProperties: false }),
  response: { 200: Type.Unknown({ description: 'the file' }), ...errorResponses(400, 401, 403) },
};
