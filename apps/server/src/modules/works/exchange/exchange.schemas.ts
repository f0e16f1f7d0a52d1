/** TypeBox schemas of the import jobs, the template and the export. */
import { Type, type Static } from 'typebox';
import { WorkFilterProps } from '../registry/works.schemas.ts';
import { CRS_VALUES } from './format/columns.ts';

export const IMPORT_FILE_LIMIT_BYTES = 50 * 1024 * 1024;
export const EXPORT_MAX_WORKS = 100_000;

export const FileFormat = Type.Enum(['xlsx', 'csv', 'geojson'] as const);
export type FileFormatT = Static<typeof FileFormat>;

export const JobId = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const RowErrorSchema = Type.Object({
  row: Type.Integer({ description: 'spreadsheet row (header = 1) or GeoJSON feature number (first = 1); 0 = the whole file' }),
  sheet: Type.String(),
  column: Type.String({ description: 'the column header of the template (or GeoJSON property)' }),
  value: Type.Optional(Type.String()),
  code: Type.Optional(Type.String({ description: 'stable code of a cross-field rule (as the API answers on create/edit)' })),
  message: Type.String({ description: 'the rule broken, in the request language' }),
  zh: Type.String(),
  en: Type.String(),
});

export const JobSchema = Type.Object({
  id: Type.String(),
  status: Type.String({ description: 'validating → valid | invalid; commit: committing → committed | invalid | failed' }),
  fileName: Type.String(),
  format: Type.String(),
  crs: Type.String(),
  actor: Type.Union([Type.String(), Type.Null()]),
  totalRows: Type.Integer(),
  errorCount: Type.Integer(),
  errors: Type.Array(RowErrorSchema),
  result: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});

export const TemplateQuery = Type.Object({ format: Type.Enum(['xlsx', 'csv'] as const, { default: 'xlsx' }) }, { additionalProperties: false });

export const UploadQuery = Type.Object({
  crs: Type.Enum([...CRS_VALUES], { default: 'wgs84', description: 'coordinate system of the file' }),
  format: Type.Optional(Type.Enum(['xlsx', 'csv', 'geojson'] as const, { description: 'default: from the file extension' })),
  wait: Type.Boolean({ default: false, description: 'answer when validation is over' }),
}, { additionalProperties: false });

export const CommitQuery = Type.Object({ wait: Type.Boolean({ default: false }) }, { additionalProperties: false });

export const ExportQuery = Type.Object({ ...WorkFilterProps, format: Type.Enum(['xlsx', 'csv', 'geojson'] as const, { default: 'xlsx' }) }, { additionalProperties: false });
