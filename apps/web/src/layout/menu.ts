import type { Permission } from '@civdef/domain';

export interface MenuEntry {
  /** Route path; also the antd Menu key. */
  path: string;
  /** i18n key of the label. */
  labelKey: string;
  /** The permission the page's main API call needs; the entry is hidden without it. */
  permission: Permission;
  icon: 'map' | 'users' | 'audit' | 'overview' | 'works' | 'inspect' | 'upkeep' | 'schedules' | 'sirens' | 'faults' | 'alerts' | 'regulation' | 'planning' | 'quiz'
    | 'command' | 'teams' | 'rollcall' | 'dispatch'
    | 'plans' | 'drills' | 'evacuation' | 'targets' | 'count';
  /** A labelled group of the menu (its label is `menu.<group>`, or `command.menu.group` for command). */
  group?: 'system' | 'command';
}

/** Every console page, in menu order. Adding a page = one line here + one route in App.tsx. */
export const MENU: readonly MenuEntry[] = [
  { path: '/', labelKey: 'menu.map', permission: 'map:read', icon: 'map' },
  { path: '/overview', labelKey: 'menu.overview', permission: 'works:read', icon: 'overview' },
  { path: '/works', labelKey: 'menu.works', permission: 'works:read', icon: 'works' },
  { path: '/upkeep', labelKey: 'menu.upkeep', permission: 'works:read', icon: 'upkeep' },
  { path: '/inspect', labelKey: 'menu.inspect', permission: 'works:inspect', icon: 'inspect' },
  { path: '/sirens', labelKey: 'menu.sirens', permission: 'sirens:read', icon: 'sirens' },
  { path: '/siren-faults', labelKey: 'menu.faults', permission: 'sirens:read', icon: 'faults' },
  { path: '/alerts', labelKey: 'menu.alerts', permission: 'sirens:read', icon: 'alerts' },
  { path: '/siren-tests', labelKey: 'warning.tests.title', permission: 'sirens:read', icon: 'sirens' },
  { path: '/coverage', labelKey: 'coverage.menu.map', permission: 'sirens:read', icon: 'map' },
  { path: '/siren-groups', labelKey: 'coverage.menu.groups', permission: 'sirens:read', icon: 'sirens' },
  { path: '/alert-channels', labelKey: 'channels.menu', permission: 'sirens:read', icon: 'alerts' },
  { path: '/regulation', labelKey: 'menu.regulation', permission: 'enforcement:read', icon: 'regulation' },
  { path: '/planning', labelKey: 'menu.planning', permission: 'planning:read', icon: 'planning' },
  { path: '/planning/zoning', labelKey: 'zoning.menu', permission: 'planning:read', icon: 'planning' },
  { path: '/quiz', labelKey: 'menu.quiz', permission: 'quiz:read', icon: 'quiz' },
  // 指挥与应急 / Command & response: command structure, teams, roll-call, dispatch.
  { path: '/command', labelKey: 'command.menu.hq', permission: 'command:read', icon: 'command', group: 'command' },
  { path: '/teams', labelKey: 'command.menu.teams', permission: 'command:read', icon: 'teams', group: 'command' },
  { path: '/rollcall', labelKey: 'command.menu.rollcall', permission: 'teams:rollcall', icon: 'rollcall', group: 'command' },
  { path: '/dispatch', labelKey: 'command.menu.dispatch', permission: 'command:read', icon: 'dispatch', group: 'command' },
  // 指挥与应急 / Command & response: plans, drills, evacuation, key targets, head counting.
  { path: '/response/plans', labelKey: 'menu.plans', permission: 'response:read', icon: 'plans', group: 'command' },
  { path: '/response/drills', labelKey: 'menu.drills', permission: 'response:read', icon: 'drills', group: 'command' },
  { path: '/response/evacuation', labelKey: 'menu.evacuation', permission: 'response:read', icon: 'evacuation', group: 'command' },
  { path: '/response/targets', labelKey: 'menu.targets', permission: 'response:read', icon: 'targets', group: 'command' },
  { path: '/response/count', labelKey: 'menu.count', permission: 'response:count', icon: 'count', group: 'command' },
  { path: '/users', labelKey: 'menu.users', permission: 'users:read', icon: 'users', group: 'system' },
  { path: '/audit', labelKey: 'menu.audit', permission: 'audit:read', icon: 'audit', group: 'system' },
  // Reading schedules needs only works:read, but the page is for changing them (PATCH needs system:config).
  { path: '/maintenance-schedules', labelKey: 'menu.schedules', permission: 'system:config', icon: 'schedules', group: 'system' },
];

export function visibleMenu(permissions: readonly Permission[]): MenuEntry[] {
  const have = new Set(permissions);
  return MENU.filter((m) => have.has(m.permission));
}

/** The menu entry a location belongs to (longest matching prefix), for highlighting. */
export function entryFor(pathname: string): MenuEntry | undefined {
  return [...MENU]
    .sort((a, b) => b.path.length - a.path.length)
    .find((m) => (m.path === '/' ? pathname === '/' : pathname === m.path || pathname.startsWith(`${m.path}/`)));
}

/** Where to land after sign-in: the first page the user may open. */
export function homePath(permissions: readonly Permission[]): string | null {
  return visibleMenu(permissions)[0]?.path ?? null;
}
