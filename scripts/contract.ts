// npm run contract: regenerates the checked-in API contract (the OpenAPI document and the console's types
// generated from it). Run it after changing a route's schema; a unit test fails while the files are stale.
import fs from 'node:fs';
import { CONTRACT_FILES, contractPath, renderContract } from '../apps/server/src/contract/contract.ts';

const rendered = await renderContract();
for (const file of ['openapi', 'types'] as const) {
  const target = contractPath(file);
  const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : null;
  if (before === rendered[file]) {
    process.stdout.write(`unchanged ${CONTRACT_FILES[file]}\n`);
  } else {
    fs.writeFileSync(target, rendered[file]);
    process.stdout.write(`wrote     ${CONTRACT_FILES[file]}\n`);
  }
}
