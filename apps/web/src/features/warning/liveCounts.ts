/** A command's deliveries counted per district, for the live view at city scale. */

export interface DistrictCounts {
  /** The district's code: the first six digits of its sirens' region codes (a town's nine, or the district's own). */
  code: string;
  name: string;
  /** Deliveries per state. */
  counts: Record<string, number>;
  total: number;
}

/** Per district, in code order; `names` maps region codes to names (a code without one is shown as itself). */
export function countsByDistrict(deliveries: ReadonlyArray<{ regionCode: string; state: string }>, names: ReadonlyMap<string, string>): DistrictCounts[] {
  const byCode = new Map<string, Record<string, number>>();
  for (const d of deliveries) {
    const code = d.regionCode.slice(0, 6);
    const counts = byCode.get(code) ?? {};
    counts[d.state] = (counts[d.state] ?? 0) + 1;
    byCode.set(code, counts);
  }
  return [...byCode.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([code, counts]) => ({ code, name: names.get(code) ?? code, counts, total: Object.values(counts).reduce((n, c) => n + c, 0) }));
}
