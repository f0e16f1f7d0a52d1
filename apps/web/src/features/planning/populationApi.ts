/** Population import (preview → commit), datasets and exports; planning's gap sites and XLSX tables. */
import { useQuery } from '@tanstack/react-query';
import { api, call, download } from '../../api/client.ts';
import type { ResponseOf } from '../../api/types.ts';

export type PopulationPreview = ResponseOf<'/api/population/imports/preview', 'post'>;
export type PopulationCommit = ResponseOf<'/api/population/imports', 'post'>;
export type GapResult = ResponseOf<'/api/planning/runs/{id}/gaps', 'get'>;

const TYPES = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv', geojson: 'application/geo+json' } as const;
export type PopulationFormat = keyof typeof TYPES;

/** The format of a picked file, by its extension (browsers give no reliable type for CSV or GeoJSON). */
export function formatOf(name: string): PopulationFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'csv') return 'csv';
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  return null;
}

const upload = <T,>(path: string, file: File, format: PopulationFormat, area?: string) =>
  api<T>(path, { method: 'POST', body: new Blob([file], { type: TYPES[format] }), query: { fileName: file.name, ...(area ? { area } : {}) } });

export const populationApi = {
  preview: (file: File, format: PopulationFormat, area?: string) => upload<PopulationPreview>('/api/population/imports/preview', file, format, area),
  commit: (file: File, format: PopulationFormat, area?: string) => upload<PopulationCommit>('/api/population/imports', file, format, area),
  datasets: () => call('get', '/api/population/datasets'),
  template: (format: 'xlsx' | 'csv') => download('/api/population/template', { format }, `population-template.${format}`),
  exportFile: (format: PopulationFormat) => download('/api/population/export', { format }, `population.${format}`),
};

export const reportsApi = {
  gaps: (id: number, q: { sizeM2: number; count: number }) => call('get', '/api/planning/runs/{id}/gaps', { params: { id }, query: q }),
  gapsXlsx: (id: number, q: { sizeM2: number; count: number }) => download(`/api/planning/runs/${id}/gaps/export`, q, `gaps-${id}.xlsx`),
  balanceXlsx: (parent?: string) => download('/api/planning/balance/export', parent ? { parent } : {}, 'balance.xlsx'),
  compareXlsx: (a: number, b: number) => download('/api/planning/compare/export', { a, b }, `compare-${a}-${b}.xlsx`),
};

export const useDatasets = () => useQuery({ queryKey: ['population', 'datasets'], queryFn: populationApi.datasets });
export const useGaps = (id: number | null, q: { sizeM2: number; count: number }) =>
  useQuery({ queryKey: ['planning', 'gaps', id, q.sizeM2, q.count], queryFn: () => reportsApi.gaps(id!, q), enabled: id !== null });
