/** Typed wrappers for each server endpoint the console uses (see apps/server's OpenAPI at /api/docs). */
import type { Role } from '@civdef/domain';
import { http } from './client.ts';
import type {
  AuditEntry,
  AuditVerifyResult,
  BoundaryCollection,
  Health,
  Page,
  PublicConfig,
  Region,
  RoleInfo,
  Session,
  SirensCollection,
  User,
  WorksCollection,
} from './types.ts';

export const endpoints = {
  publicConfig: () => http.get<PublicConfig>('/api/config/public'),
  health: () => http.get<Health>('/api/health'),

  login: (username: string, password: string) => http.post<Session>('/api/auth/login', { username, password }),
  me: () => http.get<Session>('/api/auth/me'),
  logout: () => http.post<void>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { currentPassword, newPassword }),

  roles: () => http.get<{ items: RoleInfo[] }>('/api/roles'),
  regions: () => http.get<{ items: Region[] }>('/api/regions'),
  boundaries: () => http.get<BoundaryCollection>('/api/regions/boundaries'),

  users: (query: { q?: string; page: number; pageSize: number }) => http.get<Page<User>>('/api/users', query),
  createUser: (body: { username: string; displayName: string; password: string; roles: Role[]; regionCode: string }) =>
    http.post<User>('/api/users', body),
  updateUser: (id: User['id'], body: { displayName?: string; roles?: Role[]; regionCode?: string }) =>
    http.patch<User>(`/api/users/${encodeURIComponent(String(id))}`, body),
  lockUser: (id: User['id']) => http.post<User>(`/api/users/${encodeURIComponent(String(id))}/lock`),
  unlockUser: (id: User['id']) => http.post<User>(`/api/users/${encodeURIComponent(String(id))}/unlock`),
  resetPassword: (id: User['id'], password: string) =>
    http.post<void>(`/api/users/${encodeURIComponent(String(id))}/reset-password`, { password }),

  audit: (query: AuditQuery) => http.get<Page<AuditEntry>>('/api/audit', { ...query }),
  verifyAudit: () => http.post<AuditVerifyResult>('/api/audit/verify'),

  works: () => http.get<WorksCollection>('/api/map/works'),
  sirens: () => http.get<SirensCollection>('/api/map/sirens'),
};

export interface AuditQuery {
  action?: string;
  actor?: string;
  outcome?: 'success' | 'failure';
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}
