/**
 * Anchoring the audit chain outside the database: signed checkpoints of its head.
 *
 * A checkpoint is one JSON line appended to `checkpointFile` (and, when configured, sent to a syslog receiver):
 *
 *     {"v":1,"seq":1234,"hash":"hmac-sm3:…","at":"2026-12-04T19:30:00.000Z","sig":"<SM2 r‖s, 128 hex>"}
 *
 * signed with SM2 over the canonical JSON of everything but `sig`. Someone with database access alone cannot sign,
 * and cannot edit a file on the application host or a remote log, so `verify` detects, beyond a changed row:
 *  - history rewritten and every later hash recomputed (the chain no longer holds a checkpointed head);
 *  - the newest rows removed, or the database restored to an older state (a checkpoint newer than the head);
 *  - keyed rows rewritten as plain SM3 ones (every row after the first checkpoint must be keyed).
 * What happened after the newest checkpoint and before the next one is covered by the HMAC key alone.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson } from '../../lib/canonical-json.ts';
import { sm2Sign, sm2Verify } from '../../lib/crypto.ts';

export interface Checkpoint {
  v: 1;
  seq: number;
  hash: string;
  at: string;
  sig: string;
}

/** A line of the checkpoint file as read back: a checkpoint, or why the line is not one. */
export type CheckpointLine = { line: number; checkpoint: Checkpoint } | { line: number; problem: string };

const signedText = (c: Omit<Checkpoint, 'sig'>) => canonicalJson({ v: c.v, seq: c.seq, hash: c.hash, at: c.at });

export function signCheckpoint(signingKey: string, head: { seq: number; hash: string }, at = new Date()): Checkpoint {
  const unsigned = { v: 1 as const, seq: head.seq, hash: head.hash, at: at.toISOString() };
  return { ...unsigned, sig: sm2Sign(signingKey, signedText(unsigned)) };
}

export function checkpointSignatureValid(publicKey: string, c: Checkpoint): boolean {
  return sm2Verify(publicKey, signedText(c), c.sig);
}

/** Every line of the checkpoint file, parsed; an absent file is no checkpoints. */
export function readCheckpoints(file: string): CheckpointLine[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: CheckpointLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      const c = JSON.parse(raw) as Partial<Checkpoint>;
      if (c.v === 1 && Number.isSafeInteger(c.seq) && c.seq! >= 0 && typeof c.hash === 'string' && typeof c.at === 'string' && typeof c.sig === 'string') {
        out.push({ line: i + 1, checkpoint: c as Checkpoint });
        return;
      }
    } catch {
      // reported below
    }
    out.push({ line: i + 1, problem: `checkpoint file line ${i + 1} is not a checkpoint` });
  });
  return out;
}

/** Appends one line and syncs it to disk before returning: a checkpoint reported written survives a crash. */
export function appendCheckpoint(file: string, c: Checkpoint): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a', 0o600);
  try {
    fs.writeSync(fd, `${JSON.stringify(c)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Sends a checkpoint to a syslog receiver as one RFC 5424 message (facility 13 "log audit", severity info): over
 * UDP one datagram, over TCP octet-counted framing (RFC 6587). Resolves when sent; rejects after 5 s or on error.
 */
export function sendToSyslog(url: string, c: Checkpoint): Promise<void> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port);
  const message = `<110>1 ${c.at} ${os.hostname()} civdef ${process.pid} audit-checkpoint - ${JSON.stringify(c)}`;
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`syslog ${url}: no answer within 5 s`)), 5000);
    let finished = false;
    const cleanups: (() => void)[] = [];
    const done = (err?: Error) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      for (const f of cleanups) f();
      if (err) reject(err);
      else resolve();
    };
    if (u.protocol === 'udp:') {
      const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
      cleanups.push(() => socket.close());
      socket.on('error', done);
      socket.send(Buffer.from(message), port, host, (err) => done(err ?? undefined));
    } else {
      const socket = net.connect({ host, port });
      cleanups.push(() => socket.destroy());
      socket.on('error', done);
      socket.on('connect', () => socket.end(`${Buffer.byteLength(message)} ${message}`, () => done()));
    }
  });
}
