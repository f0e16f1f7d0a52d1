import { defineErrors, t, type CodesOf } from '../../lib/errors.ts';

/** Error codes of user administration (用户管理). */
export const UsersErrors = defineErrors({
  USERS_NOT_FOUND: t('用户不存在', 'User not found'),
  USERS_USERNAME_TAKEN: t((p) => `用户名 username ${String(p.username)} 已存在`, (p) => `User name (username) ${String(p.username)} is taken`),
  USERS_REGION_OUT_OF_SCOPE: t(
    (p) => `区划 regionCode ${String(p.regionCode)} 超出您的管辖范围`,
    (p) => `Region (regionCode) ${String(p.regionCode)} is outside your jurisdiction`,
  ),
  USERS_REGION_UNKNOWN: t((p) => `区划代码 regionCode ${String(p.regionCode)} 不存在`, (p) => `Unknown region code (regionCode) ${String(p.regionCode)}`),
  USERS_ROLE_UNKNOWN: t(
    (p) => `${String(p.field)}：角色 ${String(p.role)} 不存在`,
    (p) => `${String(p.field)}: there is no role ${String(p.role)}`,
  ),
  USERS_ROLE_NOT_GRANTABLE: t(
    (p) => `您无权授予角色 ${String(p.role)}`,
    (p) => `You may not grant the role ${String(p.role)}`,
  ),
  USERS_SELF_LOCK: t('不能锁定自己的账户', 'You cannot lock your own account'),
});

declare module '../../lib/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds the users codes to the closed union
  interface ErrorCatalogue extends CodesOf<typeof UsersErrors> {}
}
