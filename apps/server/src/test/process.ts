/**
 * Helpers for process tests: `civdef serve` started as an operator starts it (a child process on free
 * ports), and a small HTTP client that keeps the session cookie and CSRF token between calls.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import { openPglite } from '../db/index.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/civdef.mjs');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Copies the migrated template database (built once by global-setup) into `dataDir/db`, sparing a test
 * the ~30 s of creating PostGIS in PGlite. The template holds no user and no region: still a first start.
 */
export async function seedDataDirFromTemplate(dataDir: string): Promise<void> {
  const template = inject('pgliteTemplate');
  if (template) await (await openPglite(path.join(dataDir, 'db'), { loadDataDir: new Blob([fs.readFileSync(template)]) })).close();
}

export interface ServeProcess {
  base: string;
  /** Everything the process printed so far (stdout and stderr). */
  output: () => string;
  /** SIGTERM, then SIGKILL after 15 s; resolves when the process has exited. */
  stop: () => Promise<void>;
  /** SIGKILL at once: no shutdown hooks run. */
  crash: () => Promise<void>;
}

/**
 * Starts `civdef serve` with the given environment on top of the test's own (demo data off, no console
 * build, quiet logs unless overridden) and `args` after `serve`, and resolves once it has printed its banner and answers /api/health.
 * A variable set to `undefined` is removed from the child's environment.
 */
export async function startServe(env: Record<string, string | undefined>, args: readonly string[] = []): Promise<ServeProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env, PORT: String(port), HOST: '127.0.0.1', CIVDEF_DEMO_DATA: 'false', LOG_LEVEL: 'warn', MQTT_URL: '', DATABASE_URL: '',
  };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[key];
    else childEnv[key] = value;
  }
  childEnv.CIVDEF_WEB_DIST ??= path.join(childEnv.CIVDEF_DATA_DIR ?? '.', 'no-web');
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => ((exitCode = code), resolve())));
  const stop = async (): Promise<void> => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const crash = async (): Promise<void> => {
    if (exitCode !== undefined) return;
    child.kill('SIGKILL');
    await exited;
  };
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`civdef serve exited (${exitCode}) before it was up:\n${output.slice(-4000)}`);
    if (output.includes('is running at')) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        /* not answering yet */
      }
    }
    if (Date.now() > deadline) {
      await crash();
      throw new Error(`civdef serve not up after 150 s:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { base, output: () => output, stop, crash };
}

/** An API client over real HTTP that keeps the session cookie and sends the CSRF token. */
export class HttpClient {
  cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}

  async send(method: string, url: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), cookie: this.cookie, 'x-csrf-token': this.csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return res;
  }

  async signIn(username: string, password: string): Promise<{ mustChangePassword: boolean }> {
    const res = await this.send('POST', '/api/auth/login', { username, password });
    if (!res.ok) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { csrfToken: string; user: { mustChangePassword: boolean } };
    this.csrf = body.csrfToken;
    return body.user;
  }
}
