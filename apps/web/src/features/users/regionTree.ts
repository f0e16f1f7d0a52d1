import type { Region } from '../../api/types.ts';

export interface RegionNode {
  value: string;
  title: string;
  level: Region['level'];
  children?: RegionNode[];
}

const LEVEL_ORDER: Record<Region['level'], number> = { province: 0, city: 1, county: 2, town: 3 };

/**
 * city → county → town tree for a TreeSelect from the flat /api/regions list. Regions whose parent is
 * not in the list (the top of the user's own jurisdiction) become roots, so a county admin's tree starts at
 * their county.
 */
export function buildRegionTree(regions: readonly Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  const sorted = [...regions].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.code.localeCompare(b.code));
  for (const r of sorted) nodes.set(r.code, { value: r.code, title: r.name, level: r.level });
  const roots: RegionNode[] = [];
  for (const r of sorted) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}
