import type { mapxZhCN } from './mapx.zh-CN.ts';

/** English strings of 一张图's additions: the mobile command vehicle layer. */
export const mapxEn: typeof mapxZhCN = {
  mapx: {
    vehicles: {
      layer: 'Command vehicles',
      legend: 'Mobile command vehicles (live position)',
      staleLegend: 'Grey: no position for more than 5 min',
      homeLegend: 'Grey ring: never reported, shown at base',
      count: '{{total}} command vehicles, {{live}} with a live position',
      code: 'Code',
      generation: 'Generation',
      crew: 'Crew',
      state: 'State',
      fix: 'Position fix',
      speed: 'Speed',
      stale: 'stale',
      neverReported: 'Never reported (shown at base)',
      ageSeconds: '{{n}} s ago',
      ageMinutes: '{{n}} min ago',
      ageHours: '{{n}} h ago',
      ageDays: '{{n}} d ago',
      loadFailed: 'Could not load the command vehicles: {{message}}',
    },
  },
};
