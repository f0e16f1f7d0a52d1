import { describe, expect, it } from 'vitest';
import { countsByDistrict } from './liveCounts.ts';

describe('countsByDistrict', () => {
  it('counts each siren under its district, a town\'s included, in code order', () => {
    const names = new Map([['320612', '通州区'], ['320613', '崇川区']]);
    const rows = countsByDistrict([
      { regionCode: '320613001', state: 'finished' },
      { regionCode: '320612', state: 'skipped' },
      { regionCode: '320612003', state: 'finished' },
      { regionCode: '320613', state: 'failed' },
      { regionCode: '320681002', state: 'finished' },
    ], names);
    expect(rows).toEqual([
      { code: '320612', name: '通州区', counts: { skipped: 1, finished: 1 }, total: 2 },
      { code: '320613', name: '崇川区', counts: { finished: 1, failed: 1 }, total: 2 },
      { code: '320681', name: '320681', counts: { finished: 1 }, total: 1 },
    ]);
  });
});
