#!/usr/bin/env node
// Runs the TypeScript CLI directly: the server ships as source and tsx compiles it on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
