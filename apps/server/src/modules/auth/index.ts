/**
 * Sign-in and sessions (登录与会话): the module's only door. The access check on every route lives in
 * `plugins/auth.ts`, which `app.ts` installs with this module's service before any module registers.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../../config.ts';
import type { RegionsService } from '../regions/index.ts';
import { authRoutes } from './auth.routes.ts';
import type { AuthService } from './auth.service.ts';

export { createAuthService, type AuthDeps, type AuthService, type Challenge, type ChallengeSolution, type NewSession } from './auth.service.ts';
export { AuthErrors } from './auth.errors.ts';

export interface AuthModuleOptions {
  auth: AuthService;
  regions: Pick<RegionsService, 'nameOf'>;
  config: Pick<Config, 'cookieSecure' | 'login'>;
}

export const authModule: FastifyPluginAsync<AuthModuleOptions> = async (app, { auth, regions, config }) => {
  await app.register(authRoutes, { auth, regions, config });
};
