import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTRACT_FILES, contractPath, renderContract } from './contract.ts';

// The checked-in contract must be what the routes generate now: the console is typed from it, so a route
// changed without regenerating would leave the console compiling against an API that no longer exists.
describe('the checked-in API contract', () => {
  it('matches the OpenAPI document and console types the code generates (else: npm run contract)', async () => {
    const rendered = await renderContract();
    for (const file of ['openapi', 'types'] as const) {
      const path = contractPath(file);
      const checkedIn = fs.existsSync(path) ? fs.readFileSync(path, 'utf8') : '';
      if (checkedIn !== rendered[file]) {
        expect.fail(`${CONTRACT_FILES[file]} is stale: the routes' schemas changed since it was generated. Run \`npm run contract\` and commit the result.\n${firstDifference(checkedIn, rendered[file])}`);
      }
    }
  }, 60_000);
});

/** The first differing line, so the failure shows what changed without dumping a 20,000-line file. */
function firstDifference(checkedIn: string, generated: string): string {
  const a = checkedIn.split('\n');
  const b = generated.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `first difference at line ${at + 1}:\n  checked in: ${a[at] ?? '(end of file)'}\n  generated:  ${b[at] ?? '(end of file)'}`;
}
