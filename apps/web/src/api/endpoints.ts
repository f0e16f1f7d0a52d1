/** The platform endpoints the console uses, each typed by the API contract (see `call`). */
import { call } from './client.ts';
import type { AuditQuery, BoundaryCollection, SirensCollection, UserCreate, UserPatch, WorksCollection } from './types.ts';

type UserId = number;

export const endpoints = {
  publicConfig: () => call('get', '/api/config/public'),
  health: () => call('get', '/api/health'),

  login: (username: string, password: string, challenge?: { id: string; nonce: string }) =>
    call('post', '/api/auth/login', { body: { username, password, ...(challenge ? { challenge } : {}) } }),
  loginChallenge: (username: string) => call('post', '/api/auth/challenge', { body: { username } }),
  me: () => call('get', '/api/auth/me'),
  /** The session or null: "not signed in" is a 200 here, so the sign-in page starts without a failed request. */
  session: () => call('get', '/api/auth/session'),
  logout: () => call('post', '/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) => call('post', '/api/auth/password', { body: { currentPassword, newPassword } }),

  roles: () => call('get', '/api/roles'),
  regions: () => call('get', '/api/regions'),
  // GeoJSON: the document says "a geometry"; these answers carry polygons and points.
  boundaries: () => call('get', '/api/regions/boundaries') as Promise<unknown> as Promise<BoundaryCollection>,

  users: (query: { q?: string; page: number; pageSize: number }) => call('get', '/api/users', { query }),
  createUser: (body: UserCreate) => call('post', '/api/users', { body }),
  updateUser: (id: UserId, body: UserPatch) => call('patch', '/api/users/{id}', { params: { id }, body }),
  lockUser: (id: UserId) => call('post', '/api/users/{id}/lock', { params: { id } }),
  unlockUser: (id: UserId) => call('post', '/api/users/{id}/unlock', { params: { id } }),
  resetPassword: (id: UserId, password: string) => call('post', '/api/users/{id}/reset-password', { params: { id }, body: { password } }),

  audit: (query: AuditQuery) => call('get', '/api/audit', { query }),
  verifyAudit: () => call('post', '/api/audit/verify'),

  works: () => call('get', '/api/map/works') as Promise<unknown> as Promise<WorksCollection>,
  sirens: () => call('get', '/api/map/sirens') as Promise<unknown> as Promise<SirensCollection>,
};

export type { AuditQuery } from './types.ts';
