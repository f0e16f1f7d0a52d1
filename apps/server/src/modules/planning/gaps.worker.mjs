// Entry of the gap-search worker (gaps.runner.ts). The server runs its TypeScript through tsx, whose loader hooks
// belong to the thread that registered them: the worker registers its own (as the allocation worker does).
import { register } from 'tsx/esm/api';

register();
await import('./gaps.worker.ts');
