// Entry of the embedded database's worker thread (pglite-worker.ts). The server runs its TypeScript through tsx,
// whose loader hooks belong to the thread that registered them: the worker registers its own.
import { register } from 'tsx/esm/api';

register();
await import('./pglite.worker.ts');
