/**
 * DIMACS min-cost flow format (`p min N M`, `n ID SUPPLY`, `a SRC DST LOW CAP COST`, `c` comments), as specified for
 * the First DIMACS Implementation Challenge and read by LEMON's `readDimacsMin`. Node ids in the file are 1-based; the
 * in-memory problem is 0-based.
 */

import { EngineError } from '../errors.ts';
import type { McfProblem } from './problem.ts';

const INT = /^-?\d+$/;

function bad(line: number, rule: string): EngineError {
  return new EngineError('ENGINE_DIMACS_BAD_LINE', `line ${line}`, rule);
}

function int(tok: string | undefined, line: number, what: string): number {
  if (tok === undefined || !INT.test(tok)) throw bad(line, `${what} must be an integer, got ${tok === undefined ? 'nothing' : JSON.stringify(tok.slice(0, 20))}`);
  const v = Number(tok);
  if (!Number.isSafeInteger(v)) throw bad(line, `${what} ${tok} exceeds the safe integer range`);
  return v;
}

/**
 * Parses DIMACS min-cost flow text. Validates every line: exactly one `p min` line before any `n`/`a` line, node ids
 * within 1..N, at most one `n` line per node, 0 ≤ low ≤ cap, integer values, and exactly M arcs. Throws
 * {@link EngineError} (`ENGINE_DIMACS_BAD_LINE` naming the line, or `ENGINE_DIMACS_BAD_PROBLEM`) otherwise.
 *
 * @example
 * const p = parseDimacs('c tiny\np min 2 1\nn 1 4\nn 2 -4\na 1 2 0 9 3\n');
 * p.nodeCount; // 2
 */
export function parseDimacs(text: string): McfProblem {
  let problem: McfProblem | null = null;
  let arcs = 0;
  let seen: Uint8Array | null = null;
  const lines = text.split('\n');
  for (let li = 0; li < lines.length; li++) {
    const lineNo = li + 1;
    const line = lines[li]!.trim();
    if (line.length === 0 || line[0] === 'c') continue;
    const t = line.split(/\s+/);
    const kind = t[0];
    if (kind === 'p') {
      if (problem) throw bad(lineNo, 'a second problem line is not allowed');
      if (t[1] !== 'min') throw new EngineError('ENGINE_DIMACS_BAD_PROBLEM', `line ${lineNo}`, `problem type must be "min", got ${JSON.stringify(t[1] ?? '')}`);
      if (t.length !== 4) throw bad(lineNo, 'problem line must be "p min NODES ARCS"');
      const n = int(t[2], lineNo, 'node count');
      const m = int(t[3], lineNo, 'arc count');
      if (n < 0 || m < 0 || n > 100_000_000 || m > 500_000_000) throw bad(lineNo, 'node and arc counts must be non-negative and at most 1e8 / 5e8');
      problem = {
        nodeCount: n,
        supply: new Float64Array(n),
        source: new Int32Array(m),
        target: new Int32Array(m),
        lower: new Float64Array(m),
        upper: new Float64Array(m),
        cost: new Float64Array(m),
      };
      seen = new Uint8Array(n);
    } else if (kind === 'n') {
      if (!problem || !seen) throw bad(lineNo, 'node line before the problem line');
      if (t.length !== 3) throw bad(lineNo, 'node line must be "n ID SUPPLY"');
      const id = int(t[1], lineNo, 'node id');
      if (id < 1 || id > problem.nodeCount) throw bad(lineNo, `node id ${id} outside 1..${problem.nodeCount}`);
      if (seen[id - 1]) throw bad(lineNo, `node ${id} already has a supply line`);
      seen[id - 1] = 1;
      problem.supply[id - 1] = int(t[2], lineNo, 'supply');
    } else if (kind === 'a') {
      if (!problem) throw bad(lineNo, 'arc line before the problem line');
      if (t.length !== 6) throw bad(lineNo, 'arc line must be "a SRC DST LOW CAP COST"');
      if (arcs >= problem.source.length) throw bad(lineNo, `more arc lines than the ${problem.source.length} declared`);
      const u = int(t[1], lineNo, 'arc source');
      const v = int(t[2], lineNo, 'arc target');
      if (u < 1 || u > problem.nodeCount) throw bad(lineNo, `arc source ${u} outside 1..${problem.nodeCount}`);
      if (v < 1 || v > problem.nodeCount) throw bad(lineNo, `arc target ${v} outside 1..${problem.nodeCount}`);
      const lo = int(t[3], lineNo, 'lower bound');
      const hi = int(t[4], lineNo, 'capacity');
      if (lo < 0 || hi < lo) throw bad(lineNo, `bounds must satisfy 0 ≤ low ≤ cap, got ${lo}..${hi}`);
      problem.source[arcs] = u - 1;
      problem.target[arcs] = v - 1;
      problem.lower[arcs] = lo;
      problem.upper[arcs] = hi;
      problem.cost[arcs] = int(t[5], lineNo, 'cost');
      arcs++;
    } else {
      throw bad(lineNo, `unknown line type ${JSON.stringify((kind ?? '').slice(0, 10))} (expected c, p, n or a)`);
    }
  }
  if (!problem) throw new EngineError('ENGINE_DIMACS_BAD_PROBLEM', 'file', 'no "p min" problem line');
  if (arcs !== problem.source.length) {
    throw new EngineError('ENGINE_DIMACS_BAD_PROBLEM', 'file', `declared ${problem.source.length} arcs but found ${arcs}`);
  }
  return problem;
}

/**
 * Writes a problem as DIMACS min-cost flow text (1-based ids, `n` lines only for non-zero supplies), the exact
 * inverse of {@link parseDimacs}.
 *
 * @example
 * writeDimacs(parseDimacs('p min 2 1\nn 1 4\nn 2 -4\na 1 2 0 9 3\n')); // 'p min 2 1\nn 1 4\nn 2 -4\na 1 2 0 9 3\n'
 */
export function writeDimacs(problem: McfProblem, comment?: string): string {
  const parts: string[] = [];
  if (comment) for (const l of comment.split('\n')) parts.push(`c ${l}`);
  parts.push(`p min ${problem.nodeCount} ${problem.source.length}`);
  for (let i = 0; i < problem.nodeCount; i++) if (problem.supply[i] !== 0) parts.push(`n ${i + 1} ${problem.supply[i]}`);
  for (let e = 0; e < problem.source.length; e++) {
    parts.push(`a ${problem.source[e]! + 1} ${problem.target[e]! + 1} ${problem.lower[e]} ${problem.upper[e]} ${problem.cost[e]}`);
  }
  return parts.join('\n') + '\n';
}

/**
 * Formats a solution in the DIMACS solution format: `s COST`, then with `flows` one `f SRC DST FLOW` line per arc with
 * non-zero flow (1-based ids).
 *
 * @example
 * formatDimacsSolution(p, s.cost, s.flow); // 's 12\nf 1 2 4\n'
 */
export function formatDimacsSolution(problem: McfProblem, cost: number, flow: ArrayLike<number> | null): string {
  const parts = [`s ${cost}`];
  if (flow) {
    for (let e = 0; e < problem.source.length; e++) {
      const f = flow[e]!;
      if (f !== 0) parts.push(`f ${problem.source[e]! + 1} ${problem.target[e]! + 1} ${f}`);
    }
  }
  return parts.join('\n') + '\n';
}
