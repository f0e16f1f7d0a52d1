/**
 * Body of the allocation worker: solves one allocation problem with the engine off the main thread, then checks the
 * answer's optimality certificate on the fully materialised model (independently of the solver), and posts the
 * result. Progress is reported by phase: the engine's solve is one call without intermediate progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { allocate, allocationToMcf, checkMcfCertificate, type AllocationProblem } from '@civdef/engine';
import { flowsOnFullModel } from './allocation-model.ts';
import type { WorkerMessage, WorkerProblem } from './allocation-runner.ts';

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

try {
  const input = workerData as WorkerProblem;
  const problem: AllocationProblem = {
    demand: { x: input.dx, y: input.dy, people: input.dp },
    shelters: { x: input.sx, y: input.sy, capacity: input.sc },
    maxDistance: input.maxDistance as AllocationProblem['maxDistance'],
    detourFactor: input.detourFactor,
    unassignedCost: input.unassignedCost,
    histogramBinMetres: input.histogramBinMetres,
  };
  post({ kind: 'phase', phase: 'solving' });
  const t0 = performance.now();
  const r = allocate(problem);
  const solveMs = performance.now() - t0;
  post({ kind: 'phase', phase: 'checking' });
  const t1 = performance.now();
  const { mcf, fixedCost } = allocationToMcf(problem);
  const nD = input.dx.length, nS = input.sx.length;
  const report = checkMcfCertificate(mcf, flowsOnFullModel(mcf, nD, nS, r.flows, r.unassignedPerDemand), r.potentials);
  const checkMs = performance.now() - t1;
  const metres = r.flows.map(([i, j]) => Math.hypot(input.sx[j]! - input.dx[i]!, input.sy[j]! - input.dy[i]!) * input.detourFactor);
  post({
    kind: 'done',
    result: {
      cost: r.cost, optimalCost: r.optimalCost, people: r.people, assigned: r.assigned, unassigned: r.unassigned,
      flows: r.flows, metres, unassignedPerDemand: Array.from(r.unassignedPerDemand), assignedPerShelter: Array.from(r.assignedPerShelter),
      distance: r.distance, proof: r.proof, solveMs, checkMs,
      certificate: {
        optimal: report.optimal && report.primalCost + fixedCost === r.optimalCost,
        primalFeasible: report.primalFeasible, dualFeasible: report.dualFeasible,
        primalCost: report.primalCost + fixedCost, dualObjective: report.dualObjective + fixedCost,
        arcs: mcf.source.length, errors: report.errors,
      },
    },
  });
} catch (err) {
  post({ kind: 'error', message: err instanceof Error ? err.message : String(err), engineCode: (err as { code?: string }).code ?? null });
}
