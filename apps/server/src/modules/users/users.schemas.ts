import { PERMISSIONS, ROLES, USERNAME_PATTERN_SOURCE, USERNAME_RULE } from '@civdef/domain';
import { Type } from 'typebox';
import { IdParams, Paging, RegionCode, errorResponses } from '../../lib/schemas.ts';

const RoleSchema = Type.Enum(ROLES);

/** The whitelist of `presentUser`, as a schema. */
export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  locked: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()], { deprecated: true, description: 'always null: failed sign-ins are throttled, they no longer lock an account for a while' }),
  mustChangePassword: Type.Boolean(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

const Username = Type.String({ pattern: USERNAME_PATTERN_SOURCE, description: USERNAME_RULE.en });
const DisplayName = Type.String({ minLength: 1, maxLength: 64 });
const Roles = Type.Array(RoleSchema, { minItems: 1, maxItems: ROLES.length, uniqueItems: true });

export const ListRolesSchema = {
  tags: ['users'],
  summary: '角色与权限 Roles and the permissions each grants',
  response: {
    200: Type.Object({
      items: Type.Array(Type.Object({ code: RoleSchema, nameZh: Type.String(), nameEn: Type.String(), permissions: Type.Array(Type.Enum(PERMISSIONS)) })),
    }),
    ...errorResponses(401, 403),
  },
};

export const ListUsersSchema = {
  tags: ['users'],
  summary: '用户列表 List users in my jurisdiction',
  querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 64 })), ...Paging }, { additionalProperties: false }),
  response: { 200: Type.Object({ items: Type.Array(UserSchema), total: Type.Integer() }), ...errorResponses(400, 401, 403) },
};

export const GetUserSchema = { tags: ['users'], summary: '用户详情 Get a user', params: IdParams, response: { 200: UserSchema, ...errorResponses(401, 403, 404) } };

export const CreateUserSchema = {
  tags: ['users'],
  summary: '新建用户 Create a user (must change password at first sign-in)',
  body: Type.Object({
    username: Username,
    displayName: DisplayName,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    roles: Roles,
    regionCode: RegionCode,
  }, { additionalProperties: false }),
  response: { 201: UserSchema, ...errorResponses(400, 401, 403, 409) },
};

export const UpdateUserSchema = {
  tags: ['users'],
  summary: '修改用户 Update roles, jurisdiction or name',
  params: IdParams,
  body: Type.Object({ displayName: Type.Optional(DisplayName), roles: Type.Optional(Roles), regionCode: Type.Optional(RegionCode) }, { additionalProperties: false, minProperties: 1 }),
  response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) },
};

export const lockUserSchema = (locked: boolean) => ({
  tags: ['users'],
  summary: locked ? '锁定账户 Lock an account (ends its sessions)' : '解锁账户 Unlock an account',
  params: IdParams,
  response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) },
});

export const ResetPasswordSchema = {
  tags: ['users'],
  summary: '重置密码 Set a temporary password (user must change it)',
  params: IdParams,
  body: Type.Object({ password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
  response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
};
