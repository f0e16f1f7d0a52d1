export { createAuthService, type AuthService, type NewSession } from './auth.service.ts';
export { authRoutes } from './auth.routes.ts';

