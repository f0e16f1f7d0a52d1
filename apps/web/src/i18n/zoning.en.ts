import type { zoningZhCN } from './zoning.zh-CN.ts';

type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** English strings of the zoning pages: the same keys as zoning.zh-CN.ts. */
export const zoningEn: DeepStrings<typeof zoningZhCN> = {
  zoning: {
    menu: 'Rules & parcels',
    title: 'Building rules and 控规 parcels',
    synthetic: 'Includes synthetic demo data (not real statistics)',
    tabs: { rules: 'Building rules', calculator: 'Project calculator', parcels: 'Parcels', ledger: 'Pooling ledger' },
    rules: {
      region: 'Region', national: 'National (baseline)', from: 'In force from', to: 'Until', open: 'open', basis: 'Legal basis', source: 'Source', thresholds: 'Who must build',
      thresholdText: '≥{{storeys}} storeys or foundation ≥{{depth}} m: ground floor; other civil buildings ≥{{area}} m²: {{ratio}}', residential: 'residential: ground floor',
      grade: 'Grade', rate: 'Off-site fee (元/m²)', noRate: 'none', reductions: 'Reductions', inForce: 'in force', closed: 'ended', future: 'not yet',
      create: 'New version', createTitle: 'New building-rule version',
      createHint: 'From its first day the new version replaces the open version of the region, which is kept and ends the day before; any other overlap is refused.',
      created: 'Version {{code}} added', closedOld: '; version {{code}} now ends on {{to}}',
      highRiseStoreys: 'High-rise storeys', deepFoundationM: 'Deep foundation (m)', minAboveGroundM2: 'Area threshold, other buildings (m²)', ratio: 'Share to build (%)',
      feeYuanPerM2: 'Off-site fee (元/m²)', feeBasis: 'Fee basis', reductionCode: 'Code', reductionZh: 'Chinese name', reductionEn: 'English name', reductionShare: 'Share waived (%)',
      reductionBasis: 'Basis', addReduction: 'Add reduction', submit: 'Save version',
    },
    calc: {
      name: 'Project name', parcel: 'Parcel', region: 'Region', date: 'Application date', uses: 'Uses', storeys: 'Storeys', aboveGroundAreaM2: 'Above-ground area (m²)',
      groundFloorAreaM2: 'Ground-floor area (m²)', foundationDepthM: 'Foundation depth (m)', plannedM2: 'Planned 人防 area (m²)', reductions: 'Reductions', submit: 'Calculate',
      required: 'Required 人防 area', planned: 'Planned', shortfall: 'Shortfall', fee: 'Off-site fee', gross: 'Before reductions', reduced: 'Reduced', rate: 'Rate',
      rule: 'Rule applied: {{code}} ({{region}}, from {{from}}; basis {{basis}})', onDate: 'the rule in force on {{date}}', noRate: 'The rule sets no rate: no fee', step: 'Reckoning',
      parcelHint: 'The parcel\'s 控规 requires {{required}} m²{{pooling}}', poolingOk: '; pooling allowed', poolingNo: '; pooling not allowed',
    },
    parcels: {
      code: 'Code', name: 'Name', region: 'Region', landUse: 'Land use', area: 'Land area (m²)', required: 'Required (m²)', pooled: 'Pooled (m²)',
      pooling: 'Pooling', yes: 'yes', no: 'no', import: 'Import parcels (XLSX / GeoJSON)', imported: 'Imported: {{created}} new, {{updated}} updated', map: 'Parcels on the map',
      synthetic: 'synthetic',
    },
    ledger: {
      add: 'Record pooling', parcel: 'Parcel', work: 'Central work', workId: 'Work id', area: 'Area pooled (m²)', date: 'Date', saving: 'Saving (元/m²)',
      saved: 'Saved (元)', basis: 'Basis', reference: 'Reference', export: 'Export XLSX', totals: 'Totals by county', total: 'Total', parcels: 'Parcels', entries: 'Entries',
      headline: '{{parcels}} parcels, {{area}} m² pooled, {{yuan}} 元 saved (about {{yi}} × 100 million 元)', added: 'Recorded',
    },
  },
};
