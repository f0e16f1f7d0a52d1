/**
 * A fleet of simulated siren terminals in one process (`civdef sim sirens`, the demo fleet, the benchmark): each is a
 * `SimulatedTerminal` — its own MQTT session, logged in with its own credentials — so the broker and the platform see
 * exactly what N real terminals would make them see. Faults are assigned deterministically from `seed`: a share of
 * the terminals is broken (`fault`: rejects what it verifies, says so in its beats), a share is off the air (`drop`:
 * receives and answers nothing), every terminal's clock may be off by up to ± `clockSkewS`, and terminals may reboot
 * now and then, forgetting which command ids they executed (only a command's expiry protects them then).
 *
 * One process holds 10,000 sessions in about 300 MB; connecting runs `concurrency` logins side by side.
 *
 * @example
 * const fleet = await SirenFleet.start({ url, terminals: [{ terminalId: 'JB-1', key }], timeScale: 0.01, heartbeatMs: 5000 });
 * fleet.stats(); // { terminals: 1, connected: 1, sounded: 0, … }
 * await fleet.stop();
 */
import { SimulatedTerminal, type TerminalOptions } from './siren-terminal.ts';

export interface FleetOptions {
  url: string;
  terminals: ReadonlyArray<{ terminalId: string; key: string }>;
  /** Program time × timeScale: 1 real time, 0.01 plays 空袭警报's 174 s in 1.7 s. */
  timeScale?: number;
  heartbeatMs?: number;
  /** Share (0–1) of terminals that are broken. */
  failShare?: number;
  /** Share (0–1) of terminals that drop every command. */
  dropShare?: number;
  /** Each terminal's clock is off by a fixed amount drawn from [−clockSkewS, +clockSkewS] seconds. */
  clockSkewS?: number;
  /** Mean seconds between two reboots of one terminal (a reboot forgets executed ids); off when not given. */
  rebootEveryS?: number;
  /** Logins side by side while connecting. */
  concurrency?: number;
  /** Keep wire captures per terminal (tests); off for long runs. */
  record?: boolean;
  seed?: number;
}

export interface FleetStats {
  terminals: number;
  connected: number;
  /** Terminals that could not log in (wrong key, unknown to the broker). */
  refusedLogin: number;
  faulty: number;
  dropping: number;
  sounded: number;
  selfTests: number;
  duplicates: number;
  refusedCommands: number;
  reboots: number;
}

/** A small seeded generator (mulberry32): the same seed picks the same faulty terminals. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Member {
  opts: TerminalOptions;
  terminal: SimulatedTerminal | null;
  rebooting: boolean;
}

export class SirenFleet {
  private readonly members: Member[];
  private refusedLogin = 0;
  private reboots = 0;
  /** Counts of terminals replaced by a reboot (their counters are gone with them). */
  private retired = { sounded: 0, selfTests: 0, duplicates: 0, refused: 0 };
  private rebootTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  private constructor(private readonly options: FleetOptions) {
    const rnd = random(options.seed ?? 1);
    const skew = (options.clockSkewS ?? 0) * 1000;
    this.members = options.terminals.map(({ terminalId, key }) => {
      const fault = rnd() < (options.failShare ?? 0);
      const silent = !fault && rnd() < (options.dropShare ?? 0);
      const offset = skew ? Math.round((rnd() * 2 - 1) * skew) : 0;
      const opts: TerminalOptions = {
        url: options.url, terminalId, key, timeScale: options.timeScale ?? 1, heartbeatMs: options.heartbeatMs, fault, silent,
        record: options.record ?? false, ...(offset ? { now: () => Date.now() + offset } : {}),
      };
      return { opts, terminal: null, rebooting: false };
    });
  }

  static async start(options: FleetOptions): Promise<SirenFleet> {
    const fleet = new SirenFleet(options);
    let next = 0;
    const worker = async () => {
      while (next < fleet.members.length && !fleet.stopped) {
        const m = fleet.members[next++]!;
        await fleet.connect(m);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 50) }, worker));
    if (options.rebootEveryS) fleet.scheduleReboots(options.rebootEveryS);
    return fleet;
  }

  private async connect(m: Member): Promise<void> {
    try {
      m.terminal = await SimulatedTerminal.start(m.opts);
    } catch {
      this.refusedLogin++;
    }
  }

  /** Once a second, each terminal reboots with probability 1/rebootEveryS: offline ~1 s, back with no memory of ids. */
  private scheduleReboots(everyS: number): void {
    const rnd = random((this.options.seed ?? 1) + 1);
    this.rebootTimer = setInterval(() => {
      for (const m of this.members) {
        if (m.terminal && !m.rebooting && rnd() < 1 / everyS) void this.reboot(m);
      }
    }, 1000);
    this.rebootTimer.unref?.();
  }

  private async reboot(m: Member): Promise<void> {
    m.rebooting = true;
    const old = m.terminal!;
    this.retired.sounded += old.sounded.length;
    this.retired.selfTests += old.selfTests.length;
    this.retired.duplicates += old.duplicates.length;
    this.retired.refused += old.refused.length;
    m.terminal = null;
    this.reboots++;
    await old.stop().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 1000));
    if (!this.stopped) await this.connect(m);
    m.rebooting = false;
  }

  /** The live terminal objects (tests look inside them); null while one reboots or when its login failed. */
  terminals(): Array<SimulatedTerminal | null> {
    return this.members.map((m) => m.terminal);
  }

  stats(): FleetStats {
    const live = this.members.map((m) => m.terminal).filter((t): t is SimulatedTerminal => t !== null);
    const sum = (f: (t: SimulatedTerminal) => number) => live.reduce((n, t) => n + f(t), 0);
    return {
      terminals: this.members.length,
      connected: live.length,
      refusedLogin: this.refusedLogin,
      faulty: this.members.filter((m) => m.opts.fault).length,
      dropping: this.members.filter((m) => m.opts.silent).length,
      sounded: this.retired.sounded + sum((t) => t.sounded.length),
      selfTests: this.retired.selfTests + sum((t) => t.selfTests.length),
      duplicates: this.retired.duplicates + sum((t) => t.duplicates.length),
      refusedCommands: this.retired.refused + sum((t) => t.refused.length),
      reboots: this.reboots,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.rebootTimer) clearInterval(this.rebootTimer);
    const live = this.members.map((m) => m.terminal).filter((t): t is SimulatedTerminal => t !== null);
    await Promise.all(live.map((t) => t.stop().catch(() => undefined)));
  }
}
