/**
 * The `module-doors` lint rule (eslint-rules/module-doors.js): what it lets through and what it fails,
 * on snippets placed at real paths of the tree.
 */
import { RuleTester } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import rule from '../../../../eslint-rules/module-doors.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const SERVER = path.resolve(import.meta.dirname, '../..');
const MODULES = path.join(SERVER, 'src/modules');
const options = [{ modulesDir: MODULES }];
const at = (file: string) => path.join(SERVER, file);

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });

tester.run('module-doors', rule, {
  valid: [
    // Another module's door.
    { code: "import { createRegionsService } from '../regions/index.ts';", filename: at('src/modules/sirens/sirens.service.ts'), options },
    // Inside the module, any file; sub-folders too.
    { code: "import * as repo from './sirens.repository.ts';", filename: at('src/modules/sirens/sirens.service.ts'), options },
    { code: "import { x } from '../works.repository.ts';", filename: at('src/modules/works/gis/gis.routes.ts'), options },
    // Test support, app wiring and benches through the doors.
    { code: "import { createSirensService } from '../modules/sirens/index.ts';", filename: at('src/test/harness.ts'), options },
    { code: "import { sirensModule } from './modules/sirens/index.ts';", filename: at('src/app.ts'), options },
    { code: "import { loadDemoData } from '../src/modules/bootstrap/index.ts';", filename: at('bench/works.bench.ts'), options },
    // Not module paths: packages and shared code.
    { code: "import { Type } from 'typebox'; import { AppError } from '../../lib/errors.ts';", filename: at('src/modules/users/users.service.ts'), options },
  ],
  invalid: [
    {
      // Another module's repository, from a module.
      code: "import { usersRepository } from '../users/users.repository.ts';",
      filename: at('src/modules/auth/auth.service.ts'),
      options,
      errors: [{ messageId: 'internal', data: { specifier: '../users/users.repository.ts', module: 'users' } }],
    },
    {
      // A type-only import couples just the same.
      code: "import type { SirenMapRow } from '../../modules/sirens/sirens.repository.ts';",
      filename: at('src/test/fixtures/sirens.ts'),
      options,
      errors: [{ messageId: 'internal' }],
    },
    {
      // From a bench outside src/, a sub-folder of a module.
      code: "import { toXlsx } from '../src/modules/works/exchange/export.ts';",
      filename: at('bench/works.bench.ts'),
      options,
      errors: [{ messageId: 'internal', data: { specifier: '../src/modules/works/exchange/export.ts', module: 'works' } }],
    },
    {
      // A module's own test may not reach into a neighbour either.
      code: "import { checkWork } from '../works/works.rules.ts';",
      filename: at('src/modules/bootstrap/bootstrap.module.test.ts'),
      options,
      errors: [{ messageId: 'internal' }],
    },
    {
      // Re-exports and dynamic imports of a literal.
      code: "export { presentUser } from '../users/users.presenter.ts'; await import('../audit/audit.repository.ts');",
      filename: at('src/modules/auth/auth.presenter.ts'),
      options,
      errors: [{ messageId: 'internal' }, { messageId: 'internal' }],
    },
  ],
});
