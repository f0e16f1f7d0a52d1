import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/**
 * Error codes of sign-in and password change. The access codes every route can answer with (AUTH_REQUIRED,
 * AUTH_FORBIDDEN, AUTH_CSRF_INVALID, AUTH_PASSWORD_CHANGE_REQUIRED) and the password policy shared with user
 * administration stay in the core catalogue (`lib/errors.ts`).
 */
export const AuthErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: t('用户名或密码错误', 'Wrong user name or password'),
  // Answered only to the right password: wrong ones get AUTH_INVALID_CREDENTIALS like any other name.
  AUTH_ACCOUNT_LOCKED: t('账户已被管理员锁定，请联系管理员', 'Account locked by an administrator'),
  // The same words for every name, known or not: the wait depends only on this address's failures for it.
  AUTH_THROTTLED: t(
    (p) => `该用户名从本地址登录失败次数过多，请 ${String(p.seconds)} 秒后再试`,
    (p) => `Too many failed sign-ins for this user name from this address; try again in ${String(p.seconds)} s`,
  ),
  AUTH_CHALLENGE_REQUIRED: t(
    '该用户名登录失败次数过多，登录须先完成验证（challenge）',
    'Too many failed sign-ins for this user name: sign-in needs a solved challenge (challenge)',
  ),
  AUTH_CHALLENGE_FAILED: t(
    '验证 challenge 无效、已过期或已使用，请重新获取',
    'The challenge (challenge) is wrong, expired or already used; get a new one',
  ),
  AUTH_PASSWORD_WRONG: t('当前密码 currentPassword 错误', 'Current password (currentPassword) is wrong'),
  AUTH_PASSWORD_REUSED: t('新密码 newPassword 不能与当前密码相同', 'The new password (newPassword) must differ from the current one'),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the auth codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof AuthErrors> {}
}
