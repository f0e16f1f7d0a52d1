import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * OpenAPI 3 at /api/openapi.json and its UI at /api/docs. Each operation carries its required
 * access as `x-permission` and in its description, so the permission list is part of the contract.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'civdef — 智慧人防综合平台 API',
        version,
        description: 'Every operation lists the permission it requires (x-permission). Writes need the x-csrf-token header.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'civdef_sid' } },
      },
    },
    transform: ({ schema, url, route }) => {
      const access = route.config?.access ?? 'public';
      const base = (schema ?? {}) as Record<string, unknown>;
      const description = [base.description, `Permission: \`${access}\``].filter(Boolean).join('\n\n');
      const transformed: Record<string, unknown> = { ...base, description, 'x-permission': access };
      if (access !== 'public') transformed.security = [{ session: [] }];
      return { schema: transformed as never, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
}
