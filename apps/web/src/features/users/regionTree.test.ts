import { describe, expect, it } from 'vitest';
import type { Region } from '../../api/types.ts';
import { buildRegionTree } from './regionTree.ts';

const r = (code: string, name: string, parentCode: string | null, level: Region['level']): Region => ({
  code,
  name,
  parentCode,
  level,
  centroid: [121, 32],
});

describe('region tree', () => {
  it('nests city → county → town in code order', () => {
    const tree = buildRegionTree([
      r('320612001', '某街道', '320612', 'town'),
      r('320612', '通州区', '320600', 'county'),
      r('320602', '崇川区', '320600', 'county'),
      r('320600', '南通市', '320000', 'city'),
    ]);
    expect(tree).toHaveLength(1);
    expect(tree[0]?.value).toBe('320600');
    expect(tree[0]?.children?.map((c) => c.value)).toEqual(['320602', '320612']);
    expect(tree[0]?.children?.[1]?.children?.[0]).toMatchObject({ value: '320612001', title: '某街道', level: 'town' });
  });
  it('starts at the top of a county scope', () => {
    const tree = buildRegionTree([r('320612', '通州区', '320600', 'county'), r('320612001', '某街道', '320612', 'town')]);
    expect(tree.map((n) => n.value)).toEqual(['320612']);
  });
});
