import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import path from 'node:path';
import { sendNotFound } from './error-handler.ts';

const API_PREFIX = /^\/(api|ogc|tiles)(\/|$)/;

/** Serves the built console at / with history-API fallback; API paths keep their JSON 404s. */
export async function registerWeb(app: FastifyInstance, distDir: string): Promise<boolean> {
  const index = path.join(distDir, 'index.html');
  const present = fs.existsSync(index);
  if (present) {
    await app.register(fastifyStatic, { root: distDir, wildcard: false, index: false, cacheControl: false,
      setHeaders: (res, filePath) => {
        // Hashed asset names can be cached for ever; index.html must always be revalidated.
        res.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.get('/', { config: { access: 'public' } }, (_req, reply) => reply.sendFile('index.html'));
    // The public app (公众端): its own page, none of the console's code; its service worker lives under /m/.
    if (fs.existsSync(path.join(distDir, 'public-app.html'))) {
      app.get('/m/', { config: { access: 'public' } }, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('public-app.html'));
      app.get('/m', { config: { access: 'public' } }, (_req, reply) => reply.redirect('/m/'));
      // The app asks every visit whether the static export (`civdef export public-static`) is served beside it. When
      // a CDN or nginx serves it, that answer never reaches here; when none does, "no export" is the normal case,
      // answered as an empty manifest rather than a 404 the phone's browser would log as an error.
      if (!fs.existsSync(path.join(distDir, 'public-static', 'manifest.json'))) {
        app.get('/public-static/manifest.json', { config: { access: 'public' } }, (_req, reply) =>
          reply.header('cache-control', 'no-cache').send({ version: null, tiles: 0, works: 0 }));
      }
    }
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !API_PREFIX.test(request.url) && (request.headers.accept ?? '').includes('text/html');
    if (present && wantsPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendNotFound(request, reply);
  });
  return present;
}
