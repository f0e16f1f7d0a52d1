/**
 * The allocation JSON contract used by the CLI and the server (schema in the package README). Parsing validates
 * everything and throws {@link EngineError} `ENGINE_ALLOCATION_BAD_INPUT` naming the field path and the rule.
 */

import { EngineError } from '../errors.ts';
import { metres } from '../units.ts';
import type { AllocationProblem, AllocationResult } from './types.ts';

const TOP_KEYS = new Set(['demand', 'shelters', 'maxDistance', 'unassignedCost', 'detourFactor', 'distances', 'evacuationMinutes', 'keepGroupsTogether', 'histogramBinMetres']);
const MAX_ITEMS = 20_000_000;

function fail(field: string, rule: string): never {
  throw new EngineError('ENGINE_ALLOCATION_BAD_INPUT', field, rule);
}

function finite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(field, 'must be a finite number');
  return v;
}

function count(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(field, 'must be a non-negative integer');
  return v;
}

function list(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) fail(field, 'must be an array');
  if (v.length > MAX_ITEMS) fail(field, `must have at most ${MAX_ITEMS} entries`);
  return v;
}

/**
 * Validates a parsed JSON value against the allocation input schema and converts it to an {@link AllocationProblem}.
 * Demand rows are `[x, y, people, group?, ownShelter?]` (group: string, integer or null; ownShelter: shelter index or
 * null); shelter rows are `[x, y, capacity, throughputPerMinute?, openMinute?, closeMinute?]`.
 *
 * @example
 * const p = parseAllocationJson({ demand: [[0, 0, 30]], shelters: [[50, 0, 40]], maxDistance: 500, unassignedCost: 10000 });
 * allocate(p).cost; // 1500
 */
export function parseAllocationJson(input: unknown): AllocationProblem {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail('$', 'must be a JSON object');
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!TOP_KEYS.has(k)) fail(k, `is not a known field (expected one of ${[...TOP_KEYS].join(', ')})`);
  const demandRows = list(o.demand, 'demand');
  const shelterRows = list(o.shelters, 'shelters');
  const nD = demandRows.length, nS = shelterRows.length;
  const maxDistance = finite(o.maxDistance, 'maxDistance');
  if (maxDistance <= 0 || maxDistance > 1e6) fail('maxDistance', 'must be in (0, 1 000 000] metres');
  const unassignedCost = count(o.unassignedCost, 'unassignedCost');
  const detourFactor = o.detourFactor === undefined ? 1 : finite(o.detourFactor, 'detourFactor');
  if (detourFactor < 1 || detourFactor > 10) fail('detourFactor', 'must be between 1 and 10');

  const demand = { x: new Float64Array(nD), y: new Float64Array(nD), people: new Float64Array(nD), group: new Int32Array(nD).fill(-1), ownShelter: new Int32Array(nD).fill(-1) };
  const groupIds = new Map<string, number>();
  let anyGroup = false, anyOwn = false, people = 0;
  demandRows.forEach((row, i) => {
    const f = `demand[${i}]`;
    if (!Array.isArray(row) || row.length < 3 || row.length > 5) fail(f, 'must be [x, y, people, group?, ownShelter?]');
    demand.x[i] = finite(row[0], `${f}[0]`);
    demand.y[i] = finite(row[1], `${f}[1]`);
    demand.people[i] = count(row[2], `${f}[2]`);
    people += demand.people[i]!;
    const g: unknown = row[3];
    if (g !== undefined && g !== null) {
      if (!(typeof g === 'string' || (typeof g === 'number' && Number.isSafeInteger(g)))) fail(`${f}[3]`, 'group must be a string, an integer or null');
      const key = `${typeof g}:${g}`;
      if (!groupIds.has(key)) groupIds.set(key, groupIds.size);
      demand.group[i] = groupIds.get(key)!;
      anyGroup = true;
    }
    const own: unknown = row[4];
    if (own !== undefined && own !== null) {
      if (typeof own !== 'number' || !Number.isSafeInteger(own) || own < 0 || own >= nS) fail(`${f}[4]`, `ownShelter must be a shelter index in [0, ${nS}) or null`);
      demand.ownShelter[i] = own;
      anyOwn = true;
    }
  });
  if (people * Math.max(unassignedCost, maxDistance * detourFactor) > Number.MAX_SAFE_INTEGER / 4) fail('demand', 'total people × max cost is too large for exact integer arithmetic');

  const shelters = { x: new Float64Array(nS), y: new Float64Array(nS), capacity: new Float64Array(nS), throughput: new Float64Array(nS).fill(NaN), openMinute: new Float64Array(nS).fill(NaN), closeMinute: new Float64Array(nS).fill(NaN) };
  let anyThroughput = false;
  shelterRows.forEach((row, j) => {
    const f = `shelters[${j}]`;
    if (!Array.isArray(row) || row.length < 3 || row.length > 6) fail(f, 'must be [x, y, capacity, throughputPerMinute?, openMinute?, closeMinute?]');
    shelters.x[j] = finite(row[0], `${f}[0]`);
    shelters.y[j] = finite(row[1], `${f}[1]`);
    shelters.capacity[j] = count(row[2], `${f}[2]`);
    if (row[3] !== undefined && row[3] !== null) {
      const t = finite(row[3], `${f}[3]`);
      if (t <= 0) fail(`${f}[3]`, 'throughput must be positive persons per minute');
      shelters.throughput[j] = t;
      anyThroughput = true;
    }
    for (const [k, arr] of [[4, shelters.openMinute], [5, shelters.closeMinute]] as const) {
      if (row[k] !== undefined && row[k] !== null) {
        const m = finite(row[k], `${f}[${k}]`);
        if (m < 0) fail(`${f}[${k}]`, 'minutes must be ≥ 0');
        arr[j] = m;
      }
    }
    if (shelters.openMinute[j]! >= shelters.closeMinute[j]!) fail(`${f}[5]`, 'closeMinute must be after openMinute');
  });

  const problem: AllocationProblem = {
    demand: { x: demand.x, y: demand.y, people: demand.people, ...(anyGroup ? { group: demand.group } : {}), ...(anyOwn ? { ownShelter: demand.ownShelter } : {}) },
    shelters: { x: shelters.x, y: shelters.y, capacity: shelters.capacity, ...(anyThroughput ? { throughput: shelters.throughput, openMinute: shelters.openMinute, closeMinute: shelters.closeMinute } : {}) },
    maxDistance: metres(maxDistance),
    detourFactor,
    unassignedCost,
  };
  if (o.evacuationMinutes !== undefined) {
    const e = finite(o.evacuationMinutes, 'evacuationMinutes');
    if (e <= 0) fail('evacuationMinutes', 'must be positive');
    problem.evacuationMinutes = e;
  }
  if (o.keepGroupsTogether !== undefined) {
    if (typeof o.keepGroupsTogether !== 'boolean') fail('keepGroupsTogether', 'must be true or false');
    problem.keepGroupsTogether = o.keepGroupsTogether;
  }
  if (o.histogramBinMetres !== undefined) {
    const b = finite(o.histogramBinMetres, 'histogramBinMetres');
    if (b <= 0) fail('histogramBinMetres', 'must be positive');
    problem.histogramBinMetres = b;
  }
  if (o.distances !== undefined) {
    const rows = list(o.distances, 'distances');
    const d = { demand: new Int32Array(rows.length), shelter: new Int32Array(rows.length), metres: new Float64Array(rows.length) };
    const seen = new Set<number>();
    rows.forEach((row, k) => {
      const f = `distances[${k}]`;
      if (!Array.isArray(row) || row.length !== 3) fail(f, 'must be [demandIndex, shelterIndex, metres]');
      const i = count(row[0], `${f}[0]`), j = count(row[1], `${f}[1]`);
      if (i >= nD) fail(`${f}[0]`, `demand index must be below ${nD}`);
      if (j >= nS) fail(`${f}[1]`, `shelter index must be below ${nS}`);
      const m = finite(row[2], `${f}[2]`);
      if (m < 0) fail(`${f}[2]`, 'distance must be ≥ 0');
      const key = i * nS + j;
      if (seen.has(key)) fail(f, `duplicate pair (${i}, ${j})`);
      seen.add(key);
      d.demand[k] = i;
      d.shelter[k] = j;
      d.metres[k] = m;
    });
    problem.distances = d;
  }
  return problem;
}

/**
 * Converts a result to the JSON document written by `civdef engine allocate` (schema in the README): plain arrays,
 * fixed key order, so the same input gives byte-identical output.
 *
 * @example
 * JSON.stringify(allocationResultToJson(allocate(problem)));
 */
export function allocationResultToJson(r: AllocationResult): Record<string, unknown> {
  return {
    cost: r.cost,
    optimalCost: r.optimalCost,
    people: r.people,
    assigned: r.assigned,
    unassigned: r.unassigned,
    flows: r.flows,
    unassignedPerDemand: Array.from(r.unassignedPerDemand),
    shelters: Array.from(r.assignedPerShelter, (a, j) => ({ assigned: a, effectiveCapacity: r.effectiveCapacity[j]!, utilisation: Math.round(r.utilisation[j]! * 1e6) / 1e6 })),
    distance: r.distance,
    groups: r.groups,
    proof: r.proof,
  };
}
