import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/**
 * Error codes of sign-in and password change. The access codes every route can answer with (AUTH_REQUIRED,
 * AUTH_FORBIDDEN, AUTH_CSRF_INVALID, AUTH_PASSWORD_CHANGE_REQUIRED) and the password policy shared with user
 * administration stay in the core catalogue (`lib/errors.ts`).
 */
export const AuthErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: t('用户名或密码错误', 'Wrong user name or password'),
  AUTH_ACCOUNT_LOCKED: t(
    (p) => (p.until ? `账户已锁定，请于 ${String(p.until)} 后重试或联系管理员` : '账户已被管理员锁定，请联系管理员'),
    (p) => (p.until ? `Account locked until ${String(p.until)}, or ask an administrator` : 'Account locked by an administrator'),
  ),
  AUTH_PASSWORD_WRONG: t('当前密码 currentPassword 错误', 'Current password (currentPassword) is wrong'),
  AUTH_PASSWORD_REUSED: t('新密码 newPassword 不能与当前密码相同', 'The new password (newPassword) must differ from the current one'),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the auth codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof AuthErrors> {}
}
