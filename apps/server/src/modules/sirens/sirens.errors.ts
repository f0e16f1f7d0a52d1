import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/**
 * Error codes of the sirens module. Each rule breach gets its own code naming the field, with a zh-CN and an
 * English text; `defineErrors` registers them and the `declare module` below adds them to the closed
 * `ErrorCode` union, so a misspelt code does not compile.
 */
export const SirensErrors = defineErrors({
  SIRENS_REGION_UNKNOWN: t(
    (p) => `警报器 ${String(p.code)} 的区划代码 regionCode ${String(p.regionCode)} 不存在`,
    (p) => `Siren ${String(p.code)}: unknown region code regionCode ${String(p.regionCode)}`,
  ),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the sirens codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof SirensErrors> {}
}
