/** The zoning endpoints (building rules, project calculator, parcels, pooling ledger) and their TanStack Query hooks. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { api, call, download } from '../../api/client.ts';
import type { BodyOf, QueryOf, ResponseOf } from '../../api/types.ts';

export type Rule = ResponseOf<'/api/zoning/rules', 'get'>['items'][number];
export type RuleBody = BodyOf<'/api/zoning/rules', 'post'>;
export type CalculateQuery = QueryOf<'/api/zoning/calculate', 'get'>;
export type Calculation = ResponseOf<'/api/zoning/calculate', 'get'>;
export type Parcel = ResponseOf<'/api/zoning/parcels', 'get'>['items'][number];
export type Ledger = ResponseOf<'/api/zoning/pooling', 'get'>;
export type PoolingBody = BodyOf<'/api/zoning/pooling', 'post'>;
export interface ParcelProps { id: number; code: string; name: string; regionCode: string; requiredM2: number; pooledM2: number; poolingAllowed: boolean; synthetic: boolean }

export const zoningApi = {
  rules: () => call('get', '/api/zoning/rules'),
  createRule: (body: RuleBody) => call('post', '/api/zoning/rules', { body }),
  calculate: (query: CalculateQuery) => call('get', '/api/zoning/calculate', { query: query as never }),
  parcels: () => call('get', '/api/zoning/parcels'),
  parcelMap: () => call('get', '/api/zoning/parcels/map') as Promise<unknown> as Promise<FeatureCollection<MultiPolygon, ParcelProps>>,
  /** The file as the request body (the contract describes it as binary, so `call` cannot type it); GeoJSON by its name. */
  importParcels: (file: File) => api<ResponseOf<'/api/zoning/parcels/import', 'post'>>('/api/zoning/parcels/import', {
    method: 'POST',
    body: new Blob([file], { type: /\.(geo)?json$/i.test(file.name) ? 'application/geo+json' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  }),
  ledger: () => call('get', '/api/zoning/pooling'),
  addPooling: (body: PoolingBody) => call('post', '/api/zoning/pooling', { body }),
  exportLedger: () => download('/api/zoning/pooling/export.xlsx', undefined, 'pooling-ledger.xlsx'),
};

export const zoningKeys = { all: ['zoning'] as const, rules: ['zoning', 'rules'] as const, parcels: ['zoning', 'parcels'] as const, map: ['zoning', 'parcel-map'] as const, ledger: ['zoning', 'ledger'] as const };

export const useRules = () => useQuery({ queryKey: zoningKeys.rules, queryFn: zoningApi.rules });
export const useParcels = () => useQuery({ queryKey: zoningKeys.parcels, queryFn: zoningApi.parcels });
export const useParcelMap = () => useQuery({ queryKey: zoningKeys.map, queryFn: zoningApi.parcelMap });
export const useLedger = () => useQuery({ queryKey: zoningKeys.ledger, queryFn: zoningApi.ledger });

/** A write that refreshes every zoning read (a parcel's pooled area shows in the parcels, the map and the ledger). */
export function useZoningWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: zoningKeys.all }) });
}

/** 分 → 元 text with two decimals and thousands separators, exact (integer arithmetic). */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toLocaleString('zh-CN');
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
