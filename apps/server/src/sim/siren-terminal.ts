/**
 * A simulated siren terminal: the terminal side of docs/protocols/siren-control.md, for tests and the demo. It does
 * what a real terminal must: verifies each command's HMAC-SM3 under its own key, refuses commands for another
 * terminal, expired ones and ones issued in its future, never executes one command id twice (a retry or a replay
 * only gets the last report again), plays the program with real or accelerated timing, and reports — signed —
 * accepted, finished or rejected with the reason.
 *
 * @example
 * const t = await SimulatedTerminal.start({ url: 'mqtt://127.0.0.1:1883', terminalId: 'JB-320612-0001', key, timeScale: 0.01 });
 * // … issue a command from the console …
 * t.sounded;   // [{ id, program: 'air_raid', at }]
 * await t.stop();
 */
import mqtt, { type MqttClient } from 'mqtt';
import {
  PROTOCOL_VERSION, brokerPassword, commandTopic, heartbeatTopic, parseCommand, reportTopic, signBeat, signReport, stateTopic, verifyCommand, type ReportStatus, type SignedCommand,
} from '../lib/siren-protocol.ts';

export interface TerminalOptions {
  url: string;
  terminalId: string;
  /** The terminal's HMAC-SM3 key, 64 hex digits (from POST /api/sirens/{id}/terminal-key). */
  key: string;
  /** Seconds of a program × timeScale = milliseconds… × 1000: 1 plays in real time, 0.001 plays 3 min in 0.18 s. */
  timeScale?: number;
  /** Clock skew tolerated on a command's issue time. */
  maxSkewMs?: number;
  /** The terminal's clock (a test moves it to play a terminal whose clock is wrong, or a replay days later). */
  now?: () => number;
  /** Ids already executed, e.g. kept over a reboot (a real terminal keeps them in non-volatile memory until expiry). */
  executed?: Map<string, number>;
  /** Drop every command without answering (a terminal that is off the air or broken). */
  silent?: boolean;
  /** Send a signed heartbeat this often (ms), and the state retained on every change; off when not given. */
  heartbeatMs?: number;
  /** A broken siren: says `fault` in its beats and rejects (signed) every sound or self-test it verifies. */
  fault?: boolean;
  /** Keep every received command and sent beat (tests read them); a long-running fleet turns this off. */
  record?: boolean;
  /** Broker login; by default the terminal id and the password derived from its key (docs/protocols/siren-control.md). */
  username?: string;
  password?: string;
}

export interface Refusal {
  id: string | null;
  reason: string;
}

export class SimulatedTerminal {
  readonly sounded: Array<{ id: string; program: string; at: number }> = [];
  readonly selfTests: string[] = [];
  readonly stops: string[] = [];
  readonly refused: Refusal[] = [];
  readonly duplicates: string[] = [];
  /** Every command message received, raw (what someone listening on the wire would capture). */
  readonly received: string[] = [];
  readonly executed: Map<string, number>;
  private readonly lastReport = new Map<string, { status: ReportStatus; reason: string | null }>();
  private playing: { id: string; timer: NodeJS.Timeout } | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** Heartbeats sent (what someone listening on the wire would capture). */
  readonly beats: string[] = [];
  silent: boolean;
  /** While true no heartbeat goes out (a terminal that lost power or its link). */
  mute = false;
  /**
   * While true the terminal's `finished` reports never reach the broker (lost on the way, as in a burst that
   * overflows the broker's queue for the platform); the terminal believes it sent them, and its beats say so.
   */
  dropFinished = false;
  /** The last report this terminal sent: carried in its beats and retained state (docs/protocols/siren-control.md). */
  private lastSent: { id: string; status: ReportStatus; reason: string | null } | null = null;

  private constructor(private readonly client: MqttClient, private readonly opts: TerminalOptions) {
    this.executed = opts.executed ?? new Map();
    this.silent = opts.silent ?? false;
  }

  static async start(opts: TerminalOptions): Promise<SimulatedTerminal> {
    const client = await mqtt.connectAsync(opts.url, {
      clientId: `sim-${opts.terminalId}-${Math.random().toString(36).slice(2, 8)}`, reconnectPeriod: 500,
      username: opts.username ?? opts.terminalId, password: opts.password ?? brokerPassword(opts.key, opts.terminalId),
    });
    const t = new SimulatedTerminal(client, opts);
    client.on('message', (_topic, payload) => t.onCommand(payload.toString()));
    await client.subscribeAsync(commandTopic(opts.terminalId), { qos: 1 });
    if (opts.heartbeatMs) {
      t.publishState();
      t.heartbeat = setInterval(() => t.beat(heartbeatTopic(opts.terminalId), false), opts.heartbeatMs);
      t.heartbeat.unref?.();
    }
    return t;
  }

  private beat(topic: string, retain: boolean): void {
    if (this.mute) return;
    // The clock moves on between two beats sent in the same millisecond: the platform takes only newer ones.
    const at = new Date(Math.max(this.now(), this.lastBeat + 1));
    this.lastBeat = at.getTime();
    const state = this.opts.fault ? 'fault' : this.playing ? 'sounding' : 'idle';
    const signed = JSON.stringify(signBeat(this.opts.key, { v: PROTOCOL_VERSION, terminal: this.opts.terminalId, state, at: at.toISOString(), last: this.lastSent }));
    if (this.opts.record !== false) this.beats.push(signed);
    this.client.publish(topic, signed, { qos: 0, retain });
  }
  private lastBeat = 0;

  /** The terminal's state, retained by the broker (a server that starts later reads it at once). */
  private publishState(): void {
    if (this.opts.heartbeatMs) this.beat(stateTopic(this.opts.terminalId), true);
  }

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private report(id: string, status: ReportStatus, reason: string | null = null): void {
    this.lastReport.set(id, { status, reason });
    this.lastSent = { id, status, reason };
    if (status === 'finished' && this.dropFinished) return;
    const signed = signReport(this.opts.key, { v: PROTOCOL_VERSION, id, terminal: this.opts.terminalId, status, reason, at: new Date(this.now()).toISOString() });
    this.client.publish(reportTopic(this.opts.terminalId), JSON.stringify(signed), { qos: 1 });
  }

  private refuse(id: string | null, reason: string, answer: boolean): void {
    this.refused.push({ id, reason });
    // Only a command that verified gets a (signed) rejection: answering forgeries would let anyone make the terminal talk.
    if (answer && id) this.report(id, 'rejected', reason);
  }

  private onCommand(raw: string): void {
    if (this.opts.record !== false) this.received.push(raw);
    if (this.silent) return;
    const cmd = parseCommand(raw);
    if (!cmd) return this.refuse(null, 'malformed', false);
    const now = this.now();
    const check = verifyCommand(this.opts.key, cmd, { terminal: this.opts.terminalId, now, maxSkewMs: this.opts.maxSkewMs ?? 30_000 });
    if (!check.ok) return this.refuse(cmd.id, check.reason, false);
    for (const [id, until] of this.executed) if (until < now) this.executed.delete(id);
    if (this.executed.has(cmd.id)) {
      // A retry (our report was lost) or a replay within the validity: answer again, never execute again.
      this.duplicates.push(cmd.id);
      const last = this.lastReport.get(cmd.id);
      if (last) this.report(cmd.id, last.status, last.reason);
      return;
    }
    this.executed.set(cmd.id, Date.parse(cmd.expiresAt));
    this.execute(cmd);
  }

  private execute(cmd: SignedCommand): void {
    const scale = this.opts.timeScale ?? 1;
    if (this.opts.fault && cmd.action !== 'stop') return this.refuse(cmd.id, 'fault', true);
    if (cmd.action === 'stop') {
      if (this.playing) {
        clearTimeout(this.playing.timer);
        this.report(this.playing.id, 'finished', 'stopped');
        this.playing = null;
      }
      this.stops.push(cmd.id);
      this.report(cmd.id, 'accepted');
      this.report(cmd.id, 'finished');
      return;
    }
    if (cmd.action === 'self_test') {
      this.selfTests.push(cmd.id);
      this.report(cmd.id, 'accepted');
      setTimeout(() => this.report(cmd.id, 'finished'), Math.max(1, 5_000 * scale)).unref?.();
      return;
    }
    const p = cmd.program!;
    if (this.playing) {
      // A new signal replaces the one playing (e.g. 解除警报 after 空袭警报).
      clearTimeout(this.playing.timer);
      this.report(this.playing.id, 'finished', 'superseded');
    }
    this.sounded.push({ id: cmd.id, program: p.code, at: this.now() });
    this.report(cmd.id, 'accepted');
    const ms = Math.max(1, (p.repeat * p.onS + (p.repeat - 1) * p.offS) * 1000 * scale);
    const timer = setTimeout(() => {
      this.playing = null;
      this.report(cmd.id, 'finished');
      this.publishState();
    }, ms);
    timer.unref?.();
    this.playing = { id: cmd.id, timer };
    this.publishState();
  }

  /**
   * Publishes raw bytes on this terminal's command topic: what an attacker with broker access could do. Behind the
   * broker's ACL only the platform's account may publish there, so a test hands over that account (`login`): the
   * strongest intruder short of the terminal's key.
   */
  static async inject(url: string, terminalId: string, payload: string, login?: { username: string; password: string } | null): Promise<void> {
    const c = await mqtt.connectAsync(url, { clientId: `intruder-${Math.random().toString(36).slice(2, 8)}`, reconnectPeriod: 0, ...(login ?? {}) });
    await c.publishAsync(commandTopic(terminalId), payload, { qos: 1 });
    await c.endAsync();
  }

  async stop(): Promise<void> {
    if (this.playing) clearTimeout(this.playing.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.client.endAsync(true);
  }
}
