/**
 * ESLint rule `civdef/module-doors`: a server module is entered only through its door.
 *
 * From any file outside `apps/server/src/modules/<m>/`, an import of anything under `modules/<m>/` other
 * than `modules/<m>/index.ts` is an error — tests and benches included. Files inside `<m>/` (and its
 * sub-folders) import each other freely. Relative specifiers are resolved against the importing file, so
 * `../users/users.repository.ts` from `modules/auth/` and `../src/modules/users/users.repository.ts` from
 * `bench/` are caught alike. Static imports, re-exports (`export … from`), and `import()` of a literal are
 * checked; bare package specifiers are not module paths and pass.
 */
import path from 'node:path';

const DOOR_FILES = new Set(['index.ts', 'index.js', 'index']);

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: "forbid imports of another server module's internals: only its index.ts is its door" },
    schema: [
      {
        type: 'object',
        properties: { modulesDir: { type: 'string', description: 'the modules folder, relative to the working directory' } },
        additionalProperties: false,
      },
    ],
    messages: {
      internal:
        "'{{specifier}}' reaches past the door of module '{{module}}': import from its index.ts and ask the module to export what you need from its service",
    },
  },
  create(context) {
    const options = context.options[0] ?? {};
    const modulesDir = path.resolve(context.cwd, options.modulesDir ?? 'apps/server/src/modules');
    const filename = path.resolve(context.cwd, context.filename);

    /** `{ module, rest }` for a path under the modules folder, else null. */
    function locate(absolute) {
      const rel = path.relative(modulesDir, absolute);
      if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
      const [module, ...rest] = rel.split(path.sep);
      return { module, rest: rest.join('/') };
    }

    const importer = locate(filename);

    function check(node, source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (!specifier.startsWith('.')) return;
      const target = locate(path.resolve(path.dirname(filename), specifier));
      if (!target || target.rest === '' || DOOR_FILES.has(target.rest)) return;
      if (importer && importer.module === target.module) return;
      context.report({ node: source, messageId: 'internal', data: { specifier, module: target.module } });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default rule;
