/**
 * A throw-away Mosquitto for tests and the benchmark, configured with the files `civdef broker mosquitto-config`
 * writes (password file + ACL): the external-broker side of the siren network's login and ACL checks. Absent a
 * mosquitto binary, `mosquittoBinary()` is null and callers skip with that reason (CI installs it: .ci/run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mosquittoFiles, type BrokerAccount } from '../lib/mosquitto-config.ts';

export function mosquittoBinary(): string | null {
  for (const p of [process.env.MOSQUITTO_BIN, '/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto']) if (p && fs.existsSync(p)) return p;
  return null;
}

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

const portOpen = (port: number) => new Promise<boolean>((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => {
    s.destroy();
    resolve(true);
  });
  s.on('error', () => resolve(false));
});

export interface RunningMosquitto {
  url: string;
  port: number;
  dir: string;
  /** Stops the broker (SIGKILL when `hard`: a crash, not a shutdown) — restart() brings it back on the same port. */
  stop(hard?: boolean): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Starts Mosquitto on a free loopback port with the civdef password file and ACL for these accounts. */
export async function startMosquitto(accounts: {
  server: BrokerAccount; terminals: Array<{ terminalId: string; password: string }>; vehicles?: Array<{ code: string; password: string }>;
}): Promise<RunningMosquitto> {
  const bin = mosquittoBinary();
  if (!bin) throw new Error('mosquitto is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civdef-mosquitto-'));
  // Started as root, mosquitto drops to its own user: it must be able to read the files.
  fs.chmodSync(dir, 0o755);
  const files = mosquittoFiles({ ...accounts, dir });
  fs.writeFileSync(path.join(dir, 'passwd'), files.passwd, { mode: 0o644 });
  fs.writeFileSync(path.join(dir, 'acl'), files.acl, { mode: 0o644 });
  const port = await freePort();
  // The generated conf's max_queued_messages also lets a terminal offline during a broker restart get its QoS 1
  // command when it is back.
  fs.writeFileSync(path.join(dir, 'mosquitto.conf'), `listener ${port} 127.0.0.1\n${files.conf}`, { mode: 0o644 });
  let child: ChildProcess | null = null;
  let log = '';
  const start = async () => {
    child = spawn(bin, ['-c', path.join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    for (let i = 0; i < 100 && !(await portOpen(port)); i++) await new Promise((r) => setTimeout(r, 50));
    if (!(await portOpen(port))) throw new Error(`mosquitto did not start:\n${log}`);
  };
  const stop = async (hard = false) => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(hard ? 'SIGKILL' : 'SIGTERM');
    await exited;
    child = null;
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`, port, dir, stop, restart: start,
    async close() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
