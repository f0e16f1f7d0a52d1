import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import { currentVersion, type Database } from '../../db/index.ts';
import type { Messaging } from '../../plugins/messaging.ts';
import { scopePrefix } from '@civdef/domain';
import * as repo from './system.repository.ts';

export interface SystemRoutesOptions {
  db: Database;
  config: Config;
  messaging: Messaging;
  version: string;
}

export const systemRoutes: FastifyPluginAsyncTypebox<SystemRoutesOptions> = async (app, { db, config, messaging, version }) => {
  app.get('/api/health', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      summary: '健康检查 Health: database kind, migration version, broker status',
      response: {
        200: Type.Object({
          status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
          version: Type.String(),
          database: Type.Object({ kind: Type.String(), migration: Type.Integer(), ok: Type.Boolean() }),
          broker: Type.Object({ kind: Type.String(), connected: Type.Boolean() }),
        }),
      },
    },
  }, async () => {
    let migration = 0;
    let dbOk = true;
    try {
      migration = await currentVersion(db);
    } catch {
      dbOk = false;
    }
    const brokerOk = messaging.kind === 'none' || messaging.connected();
    return {
      status: dbOk && brokerOk ? ('ok' as const) : ('degraded' as const),
      version,
      database: { kind: db.kind, migration, ok: dbOk },
      broker: { kind: messaging.kind, connected: messaging.connected() },
    };
  });

  app.get('/api/config/public', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      summary: '前端配置 What the console needs before sign-in',
      response: {
        200: Type.Object({
          version: Type.String(),
          demo: Type.Boolean(),
          city: Type.Object({
            code: Type.String(),
            name: Type.String(),
            center: Type.Tuple([Type.Number(), Type.Number()]),
            bbox: Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]),
          }),
          basemap: Type.Union([
            Type.Null(),
            Type.Object({ type: Type.String(), url: Type.String(), attribution: Type.Optional(Type.String()) }),
          ]),
          passwordPolicy: Type.Object({ minLength: Type.Integer(), classes: Type.Integer() }),
        }),
      },
    },
  }, async () => {
    const extent = (await repo.cityExtent(db, scopePrefix(config.city.code))) ?? { bbox: [120.2, 31.6, 122.0, 32.8] as [number, number, number, number], center: [120.9, 32.0] as [number, number] };
    const demo = (await repo.getSetting<{ seed: number }>(db, 'demo_data')) !== null;
    return {
      version,
      demo,
      city: { code: config.city.code, name: config.city.name, ...extent },
      basemap: config.basemap
        ? { type: config.basemap.type, url: config.basemap.url, ...(config.basemap.attribution ? { attribution: config.basemap.attribution } : {}) }
        : null,
      passwordPolicy: { minLength: config.password.minLength, classes: config.password.classes },
    };
  });
};
