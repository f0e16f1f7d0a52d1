// Loads the highs WASM module whichever way the CommonJS/ESM interop presents its default export.
import * as highsModule from 'highs';
import type { HighsLike } from '../../src/placement/placement.ts';

type Loader = () => Promise<unknown>;

export async function loadHighsSolver(): Promise<HighsLike> {
  const m = highsModule as unknown as { default: Loader | { default: Loader } };
  const load = typeof m.default === 'function' ? m.default : m.default.default;
  return (await load()) as HighsLike;
}
