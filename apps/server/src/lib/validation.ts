/**
 * What every request schema means beyond JSON Schema, applied once to the Ajv instance that validates every
 * route (`app.ts` passes `hardenAjv` as Fastify's `ajv.onCreate`), so a new route inherits it without a word:
 *
 * - **Numbers are finite.** Ajv's `coerceTypes` turns the strings "Infinity", "-Infinity" and "1e400" into
 *   ±Infinity, and with `strictNumbers` the coerced value then skips `minimum`/`maximum`: a longitude of
 *   Infinity reached the database, committed, and every later read of it failed to serialise. Every
 *   `number`/`integer` node gets the `x-finite` keyword, which runs after coercion and refuses NaN and ±Infinity.
 * - **Numerals are plain.** A string that coercion would turn into a number must be written as a plain decimal:
 *   `1e3`, `0x10`, ` 1`, `+1`, `1.0` for an integer (path ids, paging, tile coordinates) are refused, not read as
 *   1000, 16 or 1. Coercion replaces the string in place before the number's own keywords run, so the check sits on
 *   the parent (object or array) as `x-numerals`, which Ajv runs before the children are validated.
 * - **Null stays null.** A nullable primitive (`anyOf: [T, null]`) is validated as one schema of two types, so
 *   coercion does not turn null into "" or 0 on the way through the first branch.
 * - **Instants are real.** `date-time` is a real instant: no leap second (`23:59:60`, which neither PostgreSQL nor
 *   JavaScript can hold), no 30 February, no hour 24, an offset within ±23:59. `time` likewise.
 *
 * The schemas themselves are left untouched (they also drive serialisation and the OpenAPI document): the
 * keywords are added to a copy at compile time.
 */

/** The part of Ajv's interface used here (Fastify brings its own Ajv 8; this avoids depending on its types). */
export interface AjvLike {
  addKeyword(def: {
    keyword: string;
    errors?: boolean;
    schemaType?: string;
    compile?: (schema: unknown, parentSchema: Record<string, unknown>) => CompiledFn;
    validate?: ValidateFn;
  }): unknown;
  addFormat(name: string, format: { type: 'string'; validate: (s: string) => boolean }): unknown;
  compile(schema: unknown, meta?: boolean): unknown;
}

interface AjvErrorOut {
  keyword: string;
  instancePath?: string;
  params: Record<string, unknown>;
  message: string;
}
interface DataCxt {
  instancePath: string;
}
type CompiledFn = ((data: unknown, cxt?: DataCxt) => boolean) & { errors?: AjvErrorOut[] | null };
type ValidateFn = ((schema: unknown, data: unknown, parentSchema?: unknown, cxt?: DataCxt) => boolean) & { errors?: AjvErrorOut[] | null };

type NumeralKind = 'integer' | 'number';

const PLAIN_INTEGER = /^-?(0|[1-9][0-9]*)$/;
const PLAIN_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Whether a string is a numeral this kind of number may be written as (finite, decimal, no sign but '-', no spaces). */
export function isPlainNumeral(s: string, kind: NumeralKind): boolean {
  if (!(kind === 'integer' ? PLAIN_INTEGER : PLAIN_NUMBER).test(s)) return false;
  return Number.isFinite(Number(s));
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))?$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
  return d <= days;
}

const validClock = (h: number, mi: number, s: number) => h <= 23 && mi <= 59 && s <= 59;
const validOffset = (h: number | undefined, m: number | undefined) => h === undefined || (h <= 23 && (m ?? 0) <= 59);

/** RFC 3339 date-time that is a real instant: a valid calendar date, 00:00:00–23:59:59 (no leap second), a time zone. */
export function isRealDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!validDate(y, mo, d) || !validClock(h, mi, sec)) return false;
  if (!validOffset(m[10] === undefined ? undefined : Number(m[10]), m[11] === undefined ? undefined : Number(m[11]))) return false;
  return Number.isFinite(Date.parse(s.replace(' ', 'T')));
}

export function isRealTime(s: string): boolean {
  const m = TIME.exec(s);
  if (!m) return false;
  const [h, mi, sec] = m.slice(1, 4).map(Number) as [number, number, number];
  return validClock(h, mi, sec) && validOffset(m[7] === undefined ? undefined : Number(m[7]), m[8] === undefined ? undefined : Number(m[8]));
}

type Schema = Record<string, unknown>;
const isObject = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);

function typesOf(s: Schema): string[] {
  return Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
}

/**
 * The numeral a child schema reads from a string, or null when a string is acceptable as it is (a string branch
 * of a union, a `$ref` this walk does not follow) or the child is not a number.
 */
function numeralKind(s: unknown): NumeralKind | null {
  if (!isObject(s)) return null;
  const branches = [...((s.anyOf as unknown[]) ?? []), ...((s.oneOf as unknown[]) ?? [])].filter(isObject);
  const all = [s, ...branches];
  if (all.some((b) => typesOf(b).includes('string') || '$ref' in b)) return null;
  const types = all.flatMap(typesOf);
  if (types.includes('number')) return 'number';
  if (types.includes('integer')) return 'integer';
  return null;
}

interface NumeralPlan {
  props?: Record<string, NumeralKind>;
  additional?: NumeralKind;
  items?: NumeralKind | (NumeralKind | null)[];
}

function numeralPlan(s: Schema): NumeralPlan | null {
  const plan: NumeralPlan = {};
  if (isObject(s.properties)) {
    const props: Record<string, NumeralKind> = {};
    for (const [k, v] of Object.entries(s.properties)) {
      const kind = numeralKind(v);
      if (kind) props[k] = kind;
    }
    if (Object.keys(props).length) plan.props = props;
  }
  const additional = numeralKind(s.additionalProperties);
  if (additional) plan.additional = additional;
  if (Array.isArray(s.items)) {
    const kinds = s.items.map(numeralKind);
    if (kinds.some(Boolean)) plan.items = kinds;
  } else {
    const kind = numeralKind(s.items);
    if (kind) plan.items = kind;
  }
  return plan.props || plan.additional || plan.items ? plan : null;
}

// Values, not schemas: never walked.
const DATA_KEYS = new Set(['default', 'enum', 'const', 'examples', 'example']);

const PRIMITIVE = new Set(['string', 'number', 'integer', 'boolean']);
const isNullSchema = (s: unknown) => isObject(s) && s.type === 'null' && Object.keys(s).every((k) => k === 'type' || k === 'description');

/**
 * `anyOf: [{type: T, …}, {type: 'null'}]` (TypeBox's `Union([T, Null])`) as `{type: [T, 'null'], …}`. Under
 * `coerceTypes` Ajv tries the branches in turn and coerces inside the first: null became "" for a nullable string
 * and 0 for a nullable number (PATCH `"owner": null` stored an empty string instead of clearing it). With one
 * schema of two types, a null is already of an allowed type and is left alone.
 */
function mergeNullable(schema: Schema): Schema {
  const branches = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (!Array.isArray(branches) || branches.length !== 2) return schema;
  const nullAt = branches.findIndex(isNullSchema);
  const other = branches[1 - nullAt];
  if (nullAt < 0 || !isObject(other) || typeof other.type !== 'string' || !PRIMITIVE.has(other.type)) return schema;
  if ('anyOf' in other || 'oneOf' in other || 'allOf' in other || '$ref' in other) return schema;
  const { anyOf: _a, oneOf: _o, ...rest } = schema;
  return { ...other, ...rest, type: [other.type, 'null'] };
}

/** A copy of `schema` with `x-finite` on every number and `x-numerals` on every parent of one. */
export function hardenSchema(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(hardenSchema);
  if (!isObject(input)) return input;
  const schema = mergeNullable(input);
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = DATA_KEYS.has(k) ? v : hardenSchema(v);
  const types = typesOf(schema);
  if (types.includes('number') || types.includes('integer')) out['x-finite'] = true;
  const plan = numeralPlan(schema);
  if (plan) out['x-numerals'] = plan;
  return out;
}

const escapePointer = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

function checkNumeral(raw: unknown, kind: NumeralKind, path: string, errors: AjvErrorOut[]): void {
  // `coerceTypes: 'array'` also unwraps a one-element array (a query parameter given once in array form).
  const value = Array.isArray(raw) && raw.length === 1 ? (raw[0] as unknown) : raw;
  if (typeof value !== 'string' || isPlainNumeral(value, kind)) return;
  errors.push({ keyword: 'numeral', instancePath: path, params: { kind }, message: `must be a plain finite decimal ${kind}` });
}

/** Adds the keywords and the strict formats to `ajv`, and hardens every schema it compiles from now on. */
export function hardenAjv(ajv: AjvLike): void {
  const finite: ValidateFn = function finiteCheck(_schema, data) {
    if (typeof data !== 'number' || Number.isFinite(data)) return true;
    finite.errors = [{ keyword: 'finite', params: {}, message: 'must be a finite number' }];
    return false;
  };
  ajv.addKeyword({ keyword: 'x-finite', errors: true, schemaType: 'boolean', validate: finite });
  ajv.addKeyword({
    keyword: 'x-numerals',
    errors: true,
    schemaType: 'object',
    compile: (plan) => {
      const p = plan as NumeralPlan;
      const check: CompiledFn = function numerals(data, cxt) {
        const errors: AjvErrorOut[] = [];
        const base = cxt?.instancePath ?? '';
        if (Array.isArray(data) && p.items) {
          data.forEach((v, i) => {
            const kind = Array.isArray(p.items) ? p.items[i] : p.items;
            if (kind) checkNumeral(v, kind, `${base}/${i}`, errors);
          });
        } else if (isObject(data)) {
          for (const [k, v] of Object.entries(data)) {
            const kind = p.props && Object.hasOwn(p.props, k) ? p.props[k] : p.additional;
            if (kind) checkNumeral(v, kind, `${base}/${escapePointer(k)}`, errors);
          }
        }
        check.errors = errors.length ? errors : null;
        return errors.length === 0;
      };
      return check;
    },
  });
  ajv.addFormat('date-time', { type: 'string', validate: isRealDateTime });
  ajv.addFormat('time', { type: 'string', validate: isRealTime });
  const compile = ajv.compile.bind(ajv);
  ajv.compile = (schema: unknown, meta?: boolean) => compile(hardenSchema(schema), meta);
}
