// Entry of the allocation worker (allocation-runner.ts). The server runs its TypeScript through tsx, whose loader
// hooks belong to the thread that registered them: the worker registers its own (as works' parse worker does).
import { register } from 'tsx/esm/api';

register();
await import('./allocation-worker.ts');
