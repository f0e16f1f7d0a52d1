import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { bodyFieldPath } from '../../lib/form.ts';
import { oneOfList } from './listRefusal.ts';

const refusal = (...fields: string[]) => new ApiError('VALIDATION_FAILED', 'refused', 400, fields.map((field) => ({ field, rule: 'pattern', message: `${field} bad` })));

describe('oneOfList', () => {
  it('places a refusal of the list\'s only item on the form\'s own field', () => {
    const out = oneOfList(refusal('body.0.phone', 'body[0].qualificationExpires'));
    expect(out.details.map((d) => bodyFieldPath(d.field))).toEqual([['phone'], ['qualificationExpires']]);
    expect(out).toMatchObject({ code: 'VALIDATION_FAILED', message: 'refused', status: 400 });
  });

  it('leaves other items, the list itself and fields that merely start with 0 alone', () => {
    const out = oneOfList(refusal('body.1.name', 'body', 'body.0', 'body.01.name', 'querystring.x'));
    expect(out.details.map((d) => d.field)).toEqual(['body.1.name', 'body', 'body', 'body.01.name', 'querystring.x']);
  });
});
