/**
 * `civdef engine …` commands. The only module of the engine that touches the file system; everything it computes
 * comes from the pure functions. Exit codes: 0 ok, 1 infeasible problem or bad input (with a message), 2 usage.
 */

import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EngineError } from './errors.ts';
import { formatDimacsSolution, parseDimacs } from './mcf/dimacs.ts';
import { solveMinCostFlow } from './mcf/problem.ts';
import { allocate } from './allocation/allocate.ts';
import { allocationResultToJson, parseAllocationJson } from './allocation/json.ts';

/** Output sinks, injectable so the server's CLI and tests can capture them. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const USAGE = `usage:
  civdef engine mcf FILE.min [--flows]              solve a DIMACS min-cost flow problem; prints "s COST" (and "f SRC DST FLOW")
  civdef engine allocate --in problem.json --out result.json   exact resident-to-shelter allocation
`;

/**
 * Runs an engine command; `argv` excludes the word `engine`. Returns the exit code instead of exiting.
 *
 * @example
 * const code = await runEngineCli(['mcf', 'net.min', '--flows']); // prints "s 1234" then flow lines
 */
export async function runEngineCli(argv: string[], io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'mcf') {
      const files = rest.filter((a) => !a.startsWith('--'));
      const flags = rest.filter((a) => a.startsWith('--'));
      if (files.length !== 1 || flags.some((f) => f !== '--flows')) return usage(io);
      const problem = parseDimacs(await readFile(files[0]!, 'utf8'));
      const sol = solveMinCostFlow(problem);
      if (sol.status !== 'optimal') {
        io.stdout(`s ${sol.status}\n`);
        io.stderr(`problem is ${sol.status}${sol.status === 'infeasible' ? ': supplies cannot be routed within the capacities (or do not sum to zero)' : ''}\n`);
        return 1;
      }
      io.stdout(formatDimacsSolution(problem, sol.cost, flags.includes('--flows') ? sol.flow : null));
      return 0;
    }
    if (cmd === 'allocate') {
      let input: string | undefined, output: string | undefined;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '--in') input = rest[++i];
        else if (rest[i] === '--out') output = rest[++i];
        else return usage(io);
      }
      if (!input || !output) return usage(io);
      let json: unknown;
      try {
        json = JSON.parse(await readFile(input, 'utf8'));
      } catch (e) {
        if (e instanceof SyntaxError) throw new EngineError('ENGINE_ALLOCATION_BAD_INPUT', input, `is not valid JSON: ${e.message}`);
        throw e;
      }
      const result = allocate(parseAllocationJson(json));
      await writeFile(output, JSON.stringify(allocationResultToJson(result)) + '\n');
      io.stdout(`cost ${result.cost}, assigned ${result.assigned}, unassigned ${result.unassigned}, flows ${result.flows.length} → ${output}\n`);
      return 0;
    }
    return usage(io);
  } catch (e) {
    if (e instanceof EngineError) {
      io.stderr(`${e.code}: ${e.message}\n`);
      return 1;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR') {
      io.stderr(`${err.code}: ${err.message}\n`);
      return 1;
    }
    throw e;
  }
}

function usage(io: CliIo): number {
  io.stderr(USAGE);
  return 2;
}

// Standalone: npx tsx packages/engine/src/cli.ts mcf file.min
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runEngineCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
