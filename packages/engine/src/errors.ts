/**
 * Every error the engine throws on bad input is an {@link EngineError}: a stable machine `code` the server maps to a
 * translated message, plus an English `message` that names the field or line and the rule that was broken.
 */

/** Stable error codes; the server's i18n tables key on these, so never rename one. */
export type EngineErrorCode =
  | 'ENGINE_DIMACS_BAD_LINE'
  | 'ENGINE_DIMACS_BAD_PROBLEM'
  | 'ENGINE_MCF_BAD_INPUT'
  | 'ENGINE_ALLOCATION_BAD_INPUT'
  | 'ENGINE_COVERAGE_BAD_INPUT'
  | 'ENGINE_PLACEMENT_BAD_INPUT';

/**
 * A typed, user-facing engine error. `field` is a JSON-pointer-like path (`demand[3][2]`) or `line 17` so the caller
 * can point at the offending input.
 *
 * @example
 * try { parseDimacs('p max 1 0') } catch (e) { if (e instanceof EngineError) console.log(e.code) } // ENGINE_DIMACS_BAD_PROBLEM
 */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}
