import { describe, expect, it } from 'vitest';
import { ROLE_DEFINITIONS, permissionsOf } from '@civdef/domain';
import { entryFor, homePath, visibleMenu } from './menu.ts';

describe('permission-based menu', () => {
  it('shows everything to a system administrator', () => {
    expect(visibleMenu(ROLE_DEFINITIONS.system_admin.permissions).map((m) => m.path)).toEqual([
      '/',
      '/overview',
      '/works',
      '/upkeep',
      '/inspect',
      '/sirens',
      '/siren-faults',
      '/alerts',
      '/siren-tests',
      '/coverage',
      '/siren-groups',
      '/alert-channels',
      '/regulation',
      '/planning',
      '/planning/zoning',
      '/quiz',
      '/command',
      '/teams',
      '/rollcall',
      '/dispatch',
      '/response/plans',
      '/response/drills',
      '/response/evacuation',
      '/response/targets',
      '/response/count',
      '/users',
      '/audit',
      '/maintenance-schedules',
    ]);
  });
  it('shows the map and the read-only works, siren, regulation, planning, quiz and command pages to a viewer', () => {
    expect(visibleMenu(permissionsOf(['viewer'])).map((m) => m.path)).toEqual(['/', '/overview', '/works', '/upkeep', '/sirens', '/siren-faults', '/alerts', '/siren-tests', '/coverage', '/siren-groups', '/alert-channels', '/regulation', '/planning', '/planning/zoning', '/quiz',
      '/command', '/teams', '/dispatch', '/response/plans', '/response/drills', '/response/evacuation', '/response/targets']);
  });
  it('shows the maintenance schedules only with system:config, the permission changing them needs', () => {
    expect(visibleMenu(permissionsOf(['city_admin'])).map((m) => m.path)).not.toContain('/maintenance-schedules');
    expect(visibleMenu(['works:read', 'system:config']).map((m) => m.path)).toContain('/maintenance-schedules');
  });
  it('gives a field inspector the inspection page and the head count', () => {
    expect(visibleMenu(permissionsOf(['inspector'])).map((m) => m.path)).toEqual(expect.arrayContaining(['/inspect', '/response/count']));
  });
  it('gives a field inspector and a duty officer the roll-call page, a viewer not', () => {
    expect(visibleMenu(permissionsOf(['inspector'])).map((m) => m.path)).toContain('/rollcall');
    expect(visibleMenu(permissionsOf(['duty_officer'])).map((m) => m.path)).toContain('/rollcall');
    expect(visibleMenu(permissionsOf(['viewer'])).map((m) => m.path)).not.toContain('/rollcall');
  });
  it('shows user admin and audit to a county admin', () => {
    expect(visibleMenu(permissionsOf(['county_admin'])).map((m) => m.path)).toEqual(expect.arrayContaining(['/', '/users', '/audit']));
  });
  it('shows nothing without permissions', () => {
    expect(visibleMenu([])).toEqual([]);
    expect(homePath([])).toBeNull();
  });
  it('lands on the first page allowed', () => {
    expect(homePath(['audit:read'])).toBe('/audit');
  });
  it('highlights the entry of nested paths', () => {
    expect(entryFor('/users/12')?.path).toBe('/users');
    expect(entryFor('/works/12/edit')?.path).toBe('/works');
    expect(entryFor('/')?.path).toBe('/');
    expect(entryFor('/nowhere')).toBeUndefined();
  });
});
