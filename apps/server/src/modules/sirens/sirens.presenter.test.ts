import { describe, expect, it } from 'vitest';
import { presentSirenMap, presentSirenMapProperties } from './sirens.presenter.ts';
import type { SirenMapRow } from './sirens.repository.ts';

const row = (over: Partial<SirenMapRow> = {}): SirenMapRow => ({
  id: 7, code: 'JB-A-01', name: '崇川 1 号', kind: 'motor', status: 'online', regionCode: '320613001',
  geometry: '{"type":"Point","coordinates":[120.871,32.001]}', ...over,
});

describe('siren presenter', () => {
  it('shows the whitelisted fields only, whatever else the row carries', () => {
    const withExtra = { ...row(), hostUnit: '某单位值班室', controlChannel: 'mqtt' } as SirenMapRow;
    expect(presentSirenMapProperties(withExtra)).toEqual({ id: 7, code: 'JB-A-01', name: '崇川 1 号', kind: 'motor', status: 'online', regionCode: '320613001' });
  });

  it('makes a GeoJSON FeatureCollection of points, the siren id as feature id, geometry parsed', () => {
    const fc = presentSirenMap([row(), row({ id: 8, code: 'JB-A-02', geometry: '{"type":"Point","coordinates":[120.9,32.1]}' })]);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.id)).toEqual([7, 8]);
    expect(fc.features[1]).toMatchObject({ type: 'Feature', geometry: { type: 'Point', coordinates: [120.9, 32.1] }, properties: { code: 'JB-A-02' } });
    expect(fc.features[0]!.properties).not.toHaveProperty('geometry');
  });

  it('answers an empty collection for no sirens', () => {
    expect(presentSirenMap([])).toEqual({ type: 'FeatureCollection', features: [] });
  });
});
