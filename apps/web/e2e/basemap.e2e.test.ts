/**
 * A configured basemap (BASEMAP_URL, XYZ) is drawn under the platform's own layers. The "tile server" is a
 * local HTTP server answering every tile with one generated PNG, so no network is needed.
 */
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebIfStale, changePassword, freePort, launchChromium, readMap, screenshotDir, signIn, startServer, type RunningServer } from './harness.ts';

const INITIAL = 'Initial-Boot-Pw-2024!';
const CHANGED = 'Changed-Duty-Pw-2024#';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A 256×256 RGB PNG: a warm paper colour with a darker 1-px border, so tile edges show as a grid. */
function tilePng(): Buffer {
  const size = 256;
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const edge = x === 0 || y === 0;
      const o = y * (size * 3 + 1) + 1 + x * 3;
      raw[o] = edge ? 200 : 246;
      raw[o + 1] = edge ? 180 : 236;
      raw[o + 2] = edge ? 150 : 214;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let tiles: http.Server;
let tileRequests = 0;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  buildWebIfStale();
  const png = tilePng();
  const tilePort = await freePort();
  tiles = http.createServer((req, res) => {
    if (/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
      tileRequests++;
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
      res.end(png);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => tiles.listen(tilePort, '127.0.0.1', resolve));
  [server, browser] = await Promise.all([
    startServer(INITIAL, {
      env: { BASEMAP_URL: `http://127.0.0.1:${tilePort}/{z}/{x}/{y}.png`, BASEMAP_TYPE: 'xyz', BASEMAP_ATTRIBUTION: '© 本地测试底图' },
    }),
    launchChromium(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => tiles?.close(resolve));
});

describe('configured basemap', () => {
  it('draws the raster basemap under the platform layers', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await signIn(page, server.baseUrl, 'admin', INITIAL);
    await changePassword(page, INITIAL, CHANGED);
    await page.goto(`${server.baseUrl}/?debug`);
    const map = await readMap(page);
    expect(map.renderedWorks).toBeGreaterThan(0);
    const layers = await page.evaluate(() => window.__civdefMap!.getStyle().layers.map((l) => l.id));
    expect(layers.slice(0, 3)).toEqual(['background', 'basemap', 'boundaries-fill']);
    expect(tileRequests).toBeGreaterThan(0);
    expect(await page.locator('.maplibregl-ctrl-attrib').innerText()).toContain('本地测试底图');
    await page.screenshot({ path: path.join(screenshotDir(), '20-basemap.png') });
    await context.close();
  });
});
