import { describe, expect, it } from 'vitest';
import { hardenSchema, isPlainNumeral, isRealDateTime, isRealTime } from './validation.ts';

describe('isRealDateTime', () => {
  it('accepts real instants with a time zone', () => {
    for (const s of ['2026-12-31T23:59:59Z', '2024-02-29T00:00:00.123+08:00', '2026-06-01 08:00:00Z', '2026-06-01T08:00:00-05:30']) expect(isRealDateTime(s), s).toBe(true);
  });
  it('refuses leap seconds, impossible dates, hour 24, offsets beyond ±23:59 and a missing zone', () => {
    for (const s of ['2026-12-31T23:59:60Z', '2016-12-31T23:59:60Z', '2026-02-29T00:00:00Z', '2026-02-30T08:00:00Z', '2026-04-31T08:00:00Z',
      '2026-06-01T24:00:00Z', '2026-06-01T08:60:00Z', '2026-06-01T08:00:00+24:00', '2026-06-01T08:00:00', '2026-13-01T08:00:00Z', '2026-06-01']) {
      expect(isRealDateTime(s), s).toBe(false);
    }
  });
  it('holds time of day to the same rules', () => {
    expect(isRealTime('23:59:59')).toBe(true);
    expect(isRealTime('23:59:60Z')).toBe(false);
    expect(isRealTime('24:00:00')).toBe(false);
  });
});

describe('isPlainNumeral', () => {
  it('reads plain decimal integers only for an integer', () => {
    for (const s of ['0', '1', '-7', '2147483647']) expect(isPlainNumeral(s, 'integer'), s).toBe(true);
    for (const s of ['1e3', '0x10', ' 1', '1 ', '+1', '1.0', '01', '', 'Infinity', '-0x1', '1_000']) expect(isPlainNumeral(s, 'integer'), s).toBe(false);
  });
  it('reads finite decimals with an exponent for a number', () => {
    for (const s of ['3.25', '-0.5', '3.2e1', '1E-3']) expect(isPlainNumeral(s, 'number'), s).toBe(true);
    for (const s of ['Infinity', '-Infinity', 'NaN', '1e400', '.5', '0x10', '+1', ' 1']) expect(isPlainNumeral(s, 'number'), s).toBe(false);
  });
});

describe('hardenSchema', () => {
  it('marks every number finite and every parent of a number, without touching the original or data keywords', () => {
    const original = {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        at: { type: 'string' },
        loc: { type: 'array', items: [{ type: 'number' }, { type: 'number' }] },
        maybe: { anyOf: [{ type: 'number' }, { type: 'null' }] },
        either: { anyOf: [{ type: 'number' }, { type: 'string' }] },
      },
      default: { id: { type: 'integer' } },
    };
    const copy = JSON.stringify(original);
    type Node = { [k: string]: unknown; properties: Record<string, Node> };
    const hard = hardenSchema(original) as Node;
    expect(JSON.stringify(original)).toBe(copy);
    // A union that also takes a string keeps its strings as they are.
    expect(hard['x-numerals']).toEqual({ props: { id: 'integer', maybe: 'number' } });
    expect(hard.properties.id!['x-finite']).toBe(true);
    expect(hard.properties.loc!['x-numerals']).toEqual({ items: ['number', 'number'] });
    expect(hard.properties.maybe).toEqual({ type: ['number', 'null'], 'x-finite': true });
    expect(hard.default).toEqual({ id: { type: 'integer' } });
  });
});

describe('nullable primitives', () => {
  it('turns anyOf [T, null] into one schema of two types, keeping its keywords', () => {
    expect(hardenSchema({ anyOf: [{ type: 'string', maxLength: 5 }, { type: 'null' }], description: 'd' }))
      .toEqual({ type: ['string', 'null'], maxLength: 5, description: 'd' });
    expect(hardenSchema({ anyOf: [{ type: 'null' }, { type: 'number', minimum: 0 }] })).toEqual({ type: ['number', 'null'], minimum: 0, 'x-finite': true });
  });
  it('leaves other unions alone', () => {
    const union = { anyOf: [{ type: 'object', properties: {} }, { type: 'null' }] };
    expect(hardenSchema(union)).toEqual(union);
    const three = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] };
    expect(hardenSchema(three)).toMatchObject({ anyOf: three.anyOf.map((b) => expect.objectContaining(b)) });
  });
});
