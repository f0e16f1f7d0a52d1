import type { FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import { bodyFieldPath, serverErrorsOnFields, validated } from './form.ts';

const formThat = (validateFields: () => Promise<unknown>) => ({ validateFields }) as unknown as FormInstance<{ a: string }>;

describe('validated', () => {
  it('hands over the values of a valid form', async () => {
    expect(await validated(formThat(async () => ({ a: 'x' })))).toEqual({ a: 'x' });
  });

  it('answers null when a field breaks its rule (antd rejects with errorFields)', async () => {
    const rejection = { values: {}, errorFields: [{ name: ['a'], errors: ['请填写 a'] }], outOfDate: false };
    expect(await validated(formThat(() => Promise.reject(rejection)))).toBeNull();
  });

  it('lets any other failure through', async () => {
    await expect(validated(formThat(() => Promise.reject(new Error('boom'))))).rejects.toThrow('boom');
  });
});

describe('serverErrorsOnFields', () => {
  const formWith = (fields: string[]) => {
    const set: Array<{ name: unknown; errors: string[] }> = [];
    return {
      set,
      form: {
        setFields: (f: Array<{ name: unknown; errors: string[] }>) => void set.push(...f),
        getFieldValue: (name: unknown) => (fields.includes(JSON.stringify(name)) ? 1 : undefined),
      } as never,
    };
  };

  it('puts each detail under the field it names, array indexes included', () => {
    const { set, form } = formWith([JSON.stringify(['content', 'tasks', 1, 'refId'])]);
    const rest = serverErrorsOnFields(form, { code: 'PLANS_REF_UNKNOWN', message: 'm', details: [{ field: 'body.content.tasks.1.refId', message: '队伍 #9 不存在' }] });
    expect(set).toEqual([{ name: ['content', 'tasks', 1, 'refId'], errors: ['队伍 #9 不存在'] }]);
    expect(rest).toBeNull();
  });

  it('places a refusal by its code when no detail names a field, and leaves the rest for a banner', () => {
    const { set, form } = formWith([JSON.stringify(['code'])]);
    expect(serverErrorsOnFields(form, { code: 'X_CODE_TAKEN', message: '编号已登记' }, { X_CODE_TAKEN: ['code'] })).toBeNull();
    expect(set).toEqual([{ name: ['code'], errors: ['编号已登记'] }]);
    const other = formWith([]);
    expect(serverErrorsOnFields(other.form, { code: 'Y', message: '别的错误', details: [{ field: 'body.nowhere', message: 'n' }] })).toBe('别的错误');
    expect(other.set).toEqual([]);
  });

  it('reads the bracketed form of a path too', () => {
    expect(bodyFieldPath('body.participants[0].refId')).toEqual(['participants', 0, 'refId']);
    expect(bodyFieldPath('querystring.x')).toBeNull();
  });
});
