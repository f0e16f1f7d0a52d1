export { generateDemoDataset, DEFAULT_SEED, DEFAULT_WORKS, DEFAULT_SIRENS, SYNTHETIC_NOTICE, type GenerateOptions } from './dataset.ts';
export { nantongBoundaries, type BoundaryCollection } from './boundaries.ts';
export { nantongRegions, SEAT_TOWNS, type DemoRegion, type TownKind } from './regions.ts';
export { NANTONG_COUNTIES, RETIRED_CODES, CITY_CODE, CENSUS_2020_POPULATION, type CountyInfo } from './counties.ts';
export { decodeEChartsGeoJson, decodeRing, type CompressedFeatureCollection } from './echarts-geo.ts';
export type { DemoDataset, DemoWork, DemoUnit, DemoEntrance, DemoPeacetimeUse, DemoMaintenance, DemoSiren, PopulationCell, PopulationGrid } from './types.ts';
export { generateMaintenance, NEGLECTED_SHARE } from './upkeep.ts';
export { generateCommand, expandRoster, type DemoCommand, type DemoCommandHq, type DemoTeam, type DemoVehicle } from './command.ts';
export { generateResponseDemo, EVACUATION_DEMO_COUNTY, type ResponseDemo, type DemoPlan, type DemoDrill, type DemoTarget } from './response.ts';
