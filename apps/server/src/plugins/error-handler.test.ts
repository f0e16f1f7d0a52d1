import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allJsonSafe, finiteForJson } from './error-handler.ts';

describe('the answer check', () => {
  it('allJsonSafe says exactly when finiteForJson finds nothing to replace', () => {
    const leaf = fc.oneof(fc.double(), fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.date({ noInvalidDate: false }));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node')), fc.dictionary(fc.string(), tie('node'))),
    })).node;
    fc.assert(fc.property(tree, (value) => {
      const safe = allJsonSafe(value);
      const found: string[] = [];
      finiteForJson(structuredClone(value), '$', found);
      expect(safe).toBe(found.length === 0);
    }));
  });
});
