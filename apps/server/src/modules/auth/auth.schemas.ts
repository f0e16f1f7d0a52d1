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

const Username = Type.String({ minLength: 1, maxLength: 64 });

export const LoginSchema = {
  tags: ['auth'],
  summary: '登录 Sign in',
  description:
    'Unknown names and wrong passwords get the same 401 AUTH_INVALID_CREDENTIALS. An address that kept failing for a name ' +
    'gets 429 AUTH_THROTTLED with Retry-After; a name that kept failing from anywhere gets 401 AUTH_CHALLENGE_REQUIRED until ' +
    'the sign-in carries a solved challenge from POST /api/auth/challenge. 423 AUTH_ACCOUNT_LOCKED answers only the right ' +
    'password of an account an administrator locked.',
  body: Type.Object({
    username: Username,
    password: Type.String({ minLength: 1, maxLength: 256 }),
    challenge: Type.Optional(Type.Object({
      id: Type.String({ minLength: 1, maxLength: 64, description: 'the id of a challenge from POST /api/auth/challenge' }),
      nonce: Type.String({ pattern: '^[0-9]{1,15}$', description: 'decimal number with SHA-256(id + ":" + nonce) starting with `bits` zero bits' }),
    }, { additionalProperties: false })),
  }, { additionalProperties: false }),
  response: { 200: SessionBody, ...errorResponses(400, 401, 423, 429) },
};

export const ChallengeSchema = {
  tags: ['auth'],
  summary: '登录验证题 Sign-in challenge (proof of work)',
  description:
    'A proof-of-work puzzle for one sign-in to `username`: find a decimal nonce such that SHA-256 of the UTF-8 text ' +
    '`id:nonce` starts with `bits` zero bits, then send { id, nonce } as `challenge` with the sign-in before `expiresAt`. ' +
    'Each challenge is good for one attempt. Issued for any name, known or not.',
  body: Type.Object({ username: Username }, { additionalProperties: false }),
  response: {
    200: Type.Object({
      id: Type.String(),
      algorithm: Type.Literal('SHA-256'),
      bits: Type.Integer({ minimum: 1, maximum: 32 }),
      expiresAt: Type.String({ format: 'date-time' }),
    }),
    ...errorResponses(400, 429),
  },
};

export const SessionRouteSchema = {
  tags: ['auth'],
  summary: '当前会话 The current session, if any',
  description:
    'Like GET /api/auth/me, but "not signed in" is an answer (200 with session null), not an error: the console asks it ' +
    'on every start, and a sign-in page must not begin with a failed request.',
  response: { 200: Type.Object({ session: Type.Union([SessionBody, Type.Null()]) }) },
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
