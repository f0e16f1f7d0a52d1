/**
 * GB/T 2260 jurisdiction codes and scoping. A user's scope is a code *prefix*: the city 320600 scopes as
 * "3206", a county 320612 as "320612", a town 320612001 as "320612001". A record is visible when its
 * region code starts with the user's scope prefix.
 */
export type RegionLevel = 'province' | 'city' | 'county' | 'town';

const CODE_PATTERN = /^\d{6}(\d{3})?$/;

export function isRegionCode(code: string): boolean {
  return CODE_PATTERN.test(code);
}

/** Level of a region code: 6 digits ending 0000 province, 00 city, else county; 9 digits town/street. */
export function regionLevel(code: string): RegionLevel {
  if (!isRegionCode(code)) throw new Error(`not a GB/T 2260 code: ${code}`);
  if (code.length === 9) return 'town';
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** The prefix a code scopes to: 320000 → "32", 320600 → "3206", 320612 → "320612", 320612001 → "320612001". */
export function scopePrefix(code: string): string {
  switch (regionLevel(code)) {
    case 'province':
      return code.slice(0, 2);
    case 'city':
      return code.slice(0, 4);
    default:
      return code;
  }
}

/** True when `recordRegion` lies inside the jurisdiction `scopeCode`. */
export function inScope(scopeCode: string, recordRegion: string): boolean {
  return recordRegion.startsWith(scopePrefix(scopeCode));
}

/** The parent code (town → county → city → province), or null for a province. */
export function parentRegion(code: string): string | null {
  switch (regionLevel(code)) {
    case 'town':
      return code.slice(0, 6);
    case 'county':
      return `${code.slice(0, 4)}00`;
    case 'city':
      return `${code.slice(0, 2)}0000`;
    default:
      return null;
  }
}
