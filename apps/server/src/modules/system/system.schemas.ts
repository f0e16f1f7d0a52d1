import { Type } from 'typebox';

export const HealthSchema = {
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
};

export const PublicConfigSchema = {
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
};
