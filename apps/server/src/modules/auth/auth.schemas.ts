import { PERMISSIONS, ROLES } from '@civdef/domain';
import { Type } from 'typebox';
import { errorResponses } from '../../lib/schemas.ts';

/** The signed-in user as the console sees it: the whitelist of `presentMe`. */
export const MeSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.Enum(ROLES)),
  permissions: Type.Array(Type.Enum(PERMISSIONS)),
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
});
const SessionBody = Type.Object({ user: MeSchema, csrfToken: Type.String() });

export const LoginSchema = {
  tags: ['auth'],
  summary: '登录 Sign in',
  body: Type.Object({
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  }, { additionalProperties: false }),
  response: { 200: SessionBody, ...errorResponses(400, 401, 423, 429) },
};

export const MeRouteSchema = { tags: ['auth'], summary: '当前用户 Current user', response: { 200: SessionBody, ...errorResponses(401) } };

export const LogoutSchema = { tags: ['auth'], summary: '退出 Sign out', response: { 204: Type.Null(), ...errorResponses(401, 403) } };

export const ChangePasswordSchema = {
  tags: ['auth'],
  summary: '修改密码 Change own password (ends other sessions)',
  body: Type.Object({
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  }, { additionalProperties: false }),
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403) },
};
