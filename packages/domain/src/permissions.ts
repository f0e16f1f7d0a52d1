/**
 * Roles and permissions. Every server route declares one permission from this list; the list is
 * published in the OpenAPI document (`x-permission` on each operation) so an auditor can read who may do what.
 */
export const PERMISSIONS = [
  'users:read',
  'users:write',
  'audit:read',
  'audit:verify',
  'regions:read',
  'map:read',
  'works:read',
  'works:write',
  'works:import',
  'works:lifecycle',
  'works:inspect',
  'sirens:read',
  'sirens:write',
  'sirens:control',
  // Reporting what one heard on a test day (试鸣): field inspectors do it from a phone and must not get remote control.
  'sirens:observe',
  'alerts:issue',
  // CAP exchange with other agencies: the sources we receive from, the agencies and SMS lists we send to.
  'alerts:channels',
  'planning:read',
  'planning:write',
  'enforcement:read',
  'enforcement:write',
  'approvals:read',
  'approvals:write',
  // Command and response, second half: plans, drills, evacuation, key targets; approving a plan revision; counting
  // evacuees at a place from a phone.
  'response:read',
  'response:write',
  'response:approve',
  'response:count',
  'quiz:read',
  'quiz:manage',
  'system:config',
  // Command and response: the command structure, teams and equipment (read / write), roll-calls, dispatch.
  'command:read',
  'command:write',
  'teams:rollcall',
  'dispatch:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = [
  'system_admin',
  'city_admin',
  'county_admin',
  'works_manager',
  'siren_manager',
  'duty_officer',
  'planner',
  'enforcement_officer',
  'inspector',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

const READ_ALL: Permission[] = ['regions:read', 'map:read', 'works:read', 'sirens:read', 'planning:read', 'enforcement:read', 'approvals:read', 'command:read', 'response:read', 'quiz:read'];

export interface RoleDefinition {
  code: Role;
  nameZh: string;
  nameEn: string;
  permissions: readonly Permission[];
}

export const ROLE_DEFINITIONS: Record<Role, RoleDefinition> = {
  system_admin: { code: 'system_admin', nameZh: '系统管理员', nameEn: 'System administrator', permissions: PERMISSIONS },
  city_admin: {
    code: 'city_admin',
    nameZh: '市级管理员',
    nameEn: 'City administrator',
    permissions: PERMISSIONS.filter((p) => p !== 'system:config' && p !== 'audit:verify'),
  },
  county_admin: {
    code: 'county_admin',
    nameZh: '县区管理员',
    nameEn: 'County administrator',
    permissions: PERMISSIONS.filter((p) => p !== 'system:config' && p !== 'audit:verify'),
  },
  works_manager: {
    code: 'works_manager',
    nameZh: '工程管理员',
    nameEn: 'Works manager',
    permissions: [...READ_ALL, 'works:write', 'works:import', 'works:lifecycle', 'works:inspect'],
  },
  siren_manager: {
    code: 'siren_manager',
    nameZh: '警报设施管理员',
    nameEn: 'Siren manager',
    permissions: [...READ_ALL, 'sirens:write', 'sirens:control', 'sirens:observe', 'alerts:channels'],
  },
  duty_officer: {
    code: 'duty_officer',
    nameZh: '值班员',
    nameEn: 'Duty officer',
    permissions: [...READ_ALL, 'sirens:control', 'sirens:observe', 'alerts:issue', 'dispatch:write', 'teams:rollcall', 'response:write', 'response:count'],
  },
  planner: { code: 'planner', nameZh: '规划人员', nameEn: 'Planner', permissions: [...READ_ALL, 'planning:write'] },
  enforcement_officer: {
    code: 'enforcement_officer',
    nameZh: '执法人员',
    nameEn: 'Enforcement officer',
    permissions: [...READ_ALL, 'enforcement:write', 'works:inspect'],
  },
  inspector: { code: 'inspector', nameZh: '巡检员', nameEn: 'Field inspector', permissions: ['regions:read', 'map:read', 'works:read', 'works:inspect', 'command:read', 'teams:rollcall', 'response:read', 'response:count', 'sirens:observe'] },
  viewer: { code: 'viewer', nameZh: '只读用户', nameEn: 'Viewer', permissions: READ_ALL },
};

/** The union of the permissions of `roles`, sorted. */
export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_DEFINITIONS[role]?.permissions ?? []) set.add(p);
  return [...set].sort();
}

/** Roles that only a system administrator may grant (prevents a county admin from minting admins). */
export const PRIVILEGED_ROLES: readonly Role[] = ['system_admin', 'city_admin'];
