// Public API of @civdef/engine. Everything here is pure (no I/O); the CLI lives in ./cli.ts.
export { EngineError, type EngineErrorCode } from './errors.ts';
export { metres, degrees, decibels, type Metres, type Degrees, type Decibels } from './units.ts';
export { NetworkSimplex, type McfStatus } from './mcf/network-simplex.ts';
export { solveMinCostFlow, checkMcfCertificate, makeMcfProblem, type McfProblem, type McfSolution, type McfCertificateReport } from './mcf/problem.ts';
export { parseDimacs, writeDimacs, formatDimacsSolution } from './mcf/dimacs.ts';
export { GridIndex } from './spatial/grid.ts';
export { allocate } from './allocation/allocate.ts';
export { allocationSession, type AllocationSession } from './allocation/what-if.ts';
export { allocationToMcf } from './allocation/full-model.ts';
export { parseAllocationJson, allocationResultToJson } from './allocation/json.ts';
export type { AllocationProblem, AllocationResult, AllocationProof, DemandPoints, Shelters, NetworkDistances, DistanceDistribution } from './allocation/types.ts';
export type { RasterGrid } from './coverage/raster-grid.ts';
export { computeCoverage, rasteriseMaxLevel, type Sirens, type Threshold, type CoverageOptions, type CoverageResult } from './coverage/coverage.ts';
export { uncoveredPolygons, type PolygonFeatureCollection } from './coverage/polygons.ts';
export { atmosphericAbsorption, audibleRadius, soundLevel, resolveModel, DEFAULT_EXCESS_DB_PER_DOUBLING, type SoundModel, type Atmosphere, type ResolvedModel } from './coverage/sound.ts';
export { buildPlacementInstance, greedyPlacement, localSearchPlacement, exactPlacement, placementLp, type PlacementInstance, type PlacementGoal, type PlacementResult, type HighsLike } from './placement/placement.ts';
