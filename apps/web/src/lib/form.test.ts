import type { FormInstance } from 'antd';
import { describe, expect, it } from 'vitest';
import { validated } from './form.ts';

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
