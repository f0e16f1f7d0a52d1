// Assembles src/mcf/simplex.wat into src/mcf/simplex-wasm.ts (the bytes, base64): `npm run wasm -w @civdef/engine`.
// The engine loads the bytes with no build step at run time; simplex-kernel.test.ts checks they are this file's output.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

export async function assembleSimplexWat(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const path = fileURLToPath(new URL('../src/mcf/simplex.wat', import.meta.url));
  const module = wabt.parseWat('simplex.wat', readFileSync(path, 'utf8'));
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

export const simplexWasmSource = (bytes: Uint8Array): string =>
  `// Generated from simplex.wat by \`npm run wasm -w @civdef/engine\` (scripts/assemble-wasm.ts); do not edit.\n` +
  `export const SIMPLEX_WASM = '${Buffer.from(bytes).toString('base64')}';\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = fileURLToPath(new URL('../src/mcf/simplex-wasm.ts', import.meta.url));
  writeFileSync(out, simplexWasmSource(await assembleSimplexWat()));
  console.log(`wrote ${out}`);
}
