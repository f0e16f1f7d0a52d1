/**
 * The siren control protocol (docs/protocols/siren-control.md), shared by the server and the terminal simulator so
 * both sides sign and check exactly the same bytes.
 *
 * Every command and every report is authenticated with HMAC-SM3 under the terminal's own 256-bit key: a message
 * published by anyone without that key (another terminal included) does not verify, and a captured command is
 * refused when replayed — terminals remember the ids they have executed and refuse anything past its expiry or
 * issued too far from their clock.
 *
 * @example
 * const cmd = signCommand(key, { id, terminal: 'T-1', action: 'sound', program: { code: 'air_raid', onS: 6, offS: 6, repeat: 15 },
 *                               issuedAt: new Date().toISOString(), expiresAt, nonce: randomNonce() });
 * verifyCommand(key, cmd, { now: Date.now(), maxSkewMs: 30_000 }); // { ok: true }
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hmacSm3Hex } from './crypto.ts';

export const PROTOCOL_VERSION = 1;
export const commandTopic = (terminal: string) => `civdef/v1/t/${terminal}/cmd`;
export const reportTopic = (terminal: string) => `civdef/v1/t/${terminal}/report`;
/** What the server subscribes to: every terminal's reports. */
export const REPORT_TOPIC_FILTER = 'civdef/v1/t/+/report';
/** A terminal's periodic sign of life, and its last state (published retained, so a (re)starting server reads it at once). */
export const heartbeatTopic = (terminal: string) => `civdef/v1/t/${terminal}/heartbeat`;
export const stateTopic = (terminal: string) => `civdef/v1/t/${terminal}/state`;
export const PRESENCE_TOPIC_FILTERS = ['civdef/v1/t/+/heartbeat', 'civdef/v1/t/+/state'];
/** What a terminal id may hold (`siren.terminal_id`): never an MQTT wildcard or level separator. */
export const TERMINAL_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** The broker user name of the platform's own link (terminals log in with their terminal id). */
export const SERVER_BROKER_USER = 'civdef-server';

/**
 * A terminal's broker password: derived from its command key, so provisioning hands a terminal one secret (the key)
 * and the platform needs no second secret per terminal. Knowing the password does not give the key (HMAC is one-way),
 * so a password read off a broker's configuration cannot sign a command.
 */
export function brokerPassword(keyHex: string, terminalId: string): string {
  return hmacSm3Hex(keyHex, ['mqtt', PROTOCOL_VERSION, terminalId].join('\n'));
}

export interface ProgramSpec {
  code: string;
  onS: number;
  offS: number;
  repeat: number;
}

export interface CommandBody {
  v: number;
  /** The command's id (UUID): the same for every siren of one command and every retry, so terminals dedupe on it. */
  id: string;
  terminal: string;
  action: 'sound' | 'stop' | 'self_test';
  program: ProgramSpec | null;
  issuedAt: string;
  expiresAt: string;
  /** Random per (command, terminal): two terminals never receive the same signed bytes. */
  nonce: string;
}
export interface SignedCommand extends CommandBody {
  mac: string;
}

export type ReportStatus = 'accepted' | 'finished' | 'rejected';
export interface ReportBody {
  v: number;
  id: string;
  terminal: string;
  status: ReportStatus;
  reason: string | null;
  at: string;
}
export interface SignedReport extends ReportBody {
  mac: string;
}

/** A heartbeat or state message: what the terminal is doing, and when it said so (its clock). */
export type TerminalState = 'idle' | 'sounding' | 'fault';
export interface BeatBody {
  v: number;
  terminal: string;
  state: TerminalState;
  at: string;
  /**
   * The last report the terminal sent (command id, status, reason), so that a report lost on the way — a broker's
   * queue for the platform full in a burst — can still be recovered from the next beat or the retained state.
   * Optional: a terminal that sends none is only never reconciled.
   */
  last?: { id: string; status: ReportStatus; reason: string | null } | null;
}
export interface SignedBeat extends BeatBody {
  mac: string;
}

/** The exact text the MAC covers: fields in a fixed order, joined by a separator none of them can hold. */
function commandText(c: CommandBody): string {
  const p = c.program ? `${c.program.code},${c.program.onS},${c.program.offS},${c.program.repeat}` : '-';
  return ['cmd', c.v, c.id, c.terminal, c.action, p, c.issuedAt, c.expiresAt, c.nonce].join('\n');
}
function reportText(r: ReportBody): string {
  return ['report', r.v, r.id, r.terminal, r.status, r.reason ?? '-', r.at].join('\n');
}

function beatText(b: BeatBody): string {
  // Without `last` the text is what it was before the field existed; with it, its three lines follow, so the MAC
  // covers them and nobody can add, change or strip a terminal's last report.
  const last = b.last ? [b.last.id, b.last.status, b.last.reason ?? '-'] : [];
  return ['beat', b.v, b.terminal, b.state, b.at, ...last].join('\n');
}

export const randomNonce = () => randomBytes(16).toString('hex');
/** A new terminal key: 256 bits as 64 hex digits. */
export const newTerminalKey = () => randomBytes(32).toString('hex');

export function signCommand(keyHex: string, c: CommandBody): SignedCommand {
  return { ...c, mac: commandMac(keyHex, c) };
}
/** The MAC alone, for a sender that writes the message with `commandMessage`. */
export function commandMac(keyHex: string, c: CommandBody): string {
  return hmacSm3Hex(keyHex, commandText(c));
}
/**
 * The message a terminal receives for a signed command: its fields in one fixed order, so a command rebuilt from what
 * the platform stores (the command's fields, the delivery's nonce and MAC) is the very bytes sent the first time.
 */
export function commandMessage(c: CommandBody, mac: string): string {
  const program = c.program ? { code: c.program.code, onS: c.program.onS, offS: c.program.offS, repeat: c.program.repeat } : null;
  return JSON.stringify({ v: c.v, id: c.id, terminal: c.terminal, action: c.action, program, issuedAt: c.issuedAt, expiresAt: c.expiresAt, nonce: c.nonce, mac });
}
export function signReport(keyHex: string, r: ReportBody): SignedReport {
  return { ...r, mac: hmacSm3Hex(keyHex, reportText(r)) };
}

export function signBeat(keyHex: string, b: BeatBody): SignedBeat {
  return { ...b, mac: hmacSm3Hex(keyHex, beatText(b)) };
}

function macEquals(a: string, b: string): boolean {
  if (typeof a !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

const STR = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200 && !v.includes('\n');

/** Parses a message into a command, or null when it is not one (wrong shape, wrong version). */
export function parseCommand(raw: string | Buffer): SignedCommand | null {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(raw.toString()) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null || m.v !== PROTOCOL_VERSION) return null;
  if (![m.id, m.terminal, m.issuedAt, m.expiresAt, m.nonce, m.mac].every(STR)) return null;
  if (!['sound', 'stop', 'self_test'].includes(m.action as string)) return null;
  const p = m.program as Record<string, unknown> | null;
  if (p !== null && (typeof p !== 'object' || !STR(p.code) || ![p.onS, p.offS, p.repeat].every((n) => Number.isInteger(n) && (n as number) >= 0))) return null;
  return m as unknown as SignedCommand;
}

export function parseReport(raw: string | Buffer): SignedReport | null {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(raw.toString()) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null || m.v !== PROTOCOL_VERSION) return null;
  if (![m.id, m.terminal, m.at, m.mac].every(STR)) return null;
  if (!['accepted', 'finished', 'rejected'].includes(m.status as string)) return null;
  if (m.reason !== null && !STR(m.reason)) return null;
  return m as unknown as SignedReport;
}

export type CommandCheck = { ok: true } | { ok: false; reason: 'bad_mac' | 'wrong_terminal' | 'expired' | 'not_yet_valid' | 'bad_time' };

/**
 * A terminal's checks on a command, in order: it is for this terminal, the MAC verifies under this terminal's key,
 * its times are real, it has not expired and was not issued in the future (beyond the allowed clock skew).
 * Replays of a command already executed are the caller's check (it remembers ids until they expire).
 */
export function verifyCommand(keyHex: string, c: SignedCommand, opts: { terminal: string; now: number; maxSkewMs: number }): CommandCheck {
  if (c.terminal !== opts.terminal) return { ok: false, reason: 'wrong_terminal' };
  if (!macEquals(c.mac, hmacSm3Hex(keyHex, commandText(c)))) return { ok: false, reason: 'bad_mac' };
  const issued = Date.parse(c.issuedAt);
  const expires = Date.parse(c.expiresAt);
  if (!Number.isFinite(issued) || !Number.isFinite(expires) || expires <= issued) return { ok: false, reason: 'bad_time' };
  if (opts.now >= expires) return { ok: false, reason: 'expired' };
  if (issued > opts.now + opts.maxSkewMs) return { ok: false, reason: 'not_yet_valid' };
  return { ok: true };
}

export function verifyReport(keyHex: string, r: SignedReport): boolean {
  return macEquals(r.mac, hmacSm3Hex(keyHex, reportText(r)));
}

export function parseBeat(raw: string | Buffer): SignedBeat | null {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(raw.toString()) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null || m.v !== PROTOCOL_VERSION) return null;
  if (![m.terminal, m.at, m.mac].every(STR) || !['idle', 'sounding', 'fault'].includes(m.state as string)) return null;
  if (m.last !== undefined && m.last !== null) {
    const l = m.last as Record<string, unknown>;
    if (typeof l !== 'object' || !STR(l.id) || !['accepted', 'finished', 'rejected'].includes(l.status as string) || (l.reason !== null && !STR(l.reason))) return null;
  }
  return m as unknown as SignedBeat;
}

/**
 * The platform's checks on a heartbeat or state message: the MAC verifies under the terminal's key, and it is fresh —
 * said within `maxAgeMs` of the platform's clock and later than the last one accepted from the terminal. A beat
 * captured off the wire and replayed later is therefore refused, so nobody can keep a dead siren looking alive.
 */
export function verifyBeat(keyHex: string, b: SignedBeat, opts: { now: number; maxAgeMs: number; lastAt: number }): boolean {
  if (!macEquals(b.mac, hmacSm3Hex(keyHex, beatText(b)))) return false;
  const at = Date.parse(b.at);
  return Number.isFinite(at) && Math.abs(opts.now - at) <= opts.maxAgeMs && at > opts.lastAt;
}
