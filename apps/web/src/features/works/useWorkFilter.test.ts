import { describe, expect, it } from 'vitest';
import { parseWorksView, serializeWorksView } from './useWorkFilter.ts';
import { filterParams } from './worksApi.ts';

describe('works filter in the URL', () => {
  it('round-trips arrays, booleans, paging and sorting', () => {
    const url = 'q=%E5%B4%87%E5%B7%9D&workClass=personnel&workClass=medical&overdue=true&regionCode=320612&view=map&page=3&sort=name&order=desc';
    const v = parseWorksView(new URLSearchParams(url));
    expect(v).toEqual({
      filter: { q: '崇川', workClass: ['personnel', 'medical'], overdue: true, regionCode: '320612' },
      view: 'map',
      page: 3,
      pageSize: 20,
      sort: 'name',
      order: 'desc',
    });
    expect(parseWorksView(serializeWorksView(v))).toEqual(v);
  });

  it('drops a malformed region code and an unknown page size', () => {
    const v = parseWorksView(new URLSearchParams('regionCode=abc&pageSize=7'));
    expect(v.filter).toEqual({});
    expect(v.pageSize).toBe(20);
  });

  it('sends arrays as repeated parameters and leaves empty values out', () => {
    expect(filterParams({ workClass: ['personnel', 'medical'], q: '', overdue: false, regionCode: undefined }).toString()).toBe(
      'workClass=personnel&workClass=medical&overdue=false',
    );
  });
});
