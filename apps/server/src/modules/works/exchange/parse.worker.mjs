// Entry of the import parse worker (parse-runner.ts). The server runs its TypeScript sources through tsx
// (docs/decisions/0001-server-runs-typescript-via-tsx.md), whose loader hooks belong to the thread that
// registered them: a worker registers its own, as bin/civdef.mjs does for the main thread. The same file
// loads under `npm start`, the CLI and Vitest.
import { register } from 'tsx/esm/api';

register();
await import('./parse.worker.ts');
