// Public API of @civdef/engine. Everything here is pure (no I/O); the CLI lives in ./cli.ts.
export { EngineError, type EngineErrorCode } from './errors.ts';
export { metres, degrees, decibels, type Metres, type Degrees, type Decibels } from './units.ts';
export { NetworkSimplex, type McfStatus } from './mcf/network-simplex.ts';
export { solveMinCostFlow, checkMcfCertificate, makeMcfProblem, type McfProblem, type McfSolution, type McfCertificateReport } from './mcf/problem.ts';
export { parseDimacs, writeDimacs, formatDimacsSolution } from './mcf/dimacs.ts';
