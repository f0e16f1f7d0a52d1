import { describe, expect, it } from 'vitest';
import { inScope, parentRegion, regionLevel, scopePrefix } from './regions.ts';
import { canTransition, shelterPlaces } from './works.ts';
import { permissionsOf } from './permissions.ts';

describe('region scoping', () => {
  it('classifies levels', () => {
    expect(regionLevel('320000')).toBe('province');
    expect(regionLevel('320600')).toBe('city');
    expect(regionLevel('320612')).toBe('county');
    expect(regionLevel('320612001')).toBe('town');
    expect(() => regionLevel('32061')).toThrow();
  });
  it('scopes by prefix', () => {
    expect(scopePrefix('320600')).toBe('3206');
    expect(inScope('320600', '320612001')).toBe(true);
    expect(inScope('320612', '320612001')).toBe(true);
    expect(inScope('320612', '320602')).toBe(false);
    expect(inScope('320612001', '320612002')).toBe(false);
  });
  it('walks up', () => {
    expect(parentRegion('320612001')).toBe('320612');
    expect(parentRegion('320612')).toBe('320600');
    expect(parentRegion('320600')).toBe('320000');
    expect(parentRegion('320000')).toBeNull();
  });
});

describe('works rules', () => {
  it('refuses skipping life-cycle steps', () => {
    expect(canTransition('approved', 'under_construction')).toBe(true);
    expect(canTransition('approved', 'in_use')).toBe(false);
    expect(canTransition('demolished', 'in_use')).toBe(false);
  });
  it('derives shelter places', () => {
    expect(shelterPlaces(1000)).toBe(1000);
    expect(shelterPlaces(999.5, 1.0)).toBe(999);
    expect(() => shelterPlaces(10, 0)).toThrow();
  });
  it('viewer cannot write', () => {
    expect(permissionsOf(['viewer'])).not.toContain('works:write');
    expect(permissionsOf(['works_manager', 'viewer'])).toContain('works:write');
  });
});
