/** Key files of the embedded installation (field encryption, audit chain): one way to make and read them. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Reads the secret in `file`, or makes it on first start with `make` (mode 0600, written exclusively so two
 * processes starting together agree on one secret). Returns the file's content without surrounding white space.
 */
export function loadOrCreateSecretFile(file: string, make: () => string = () => randomBytes(32).toString('hex')): string {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
