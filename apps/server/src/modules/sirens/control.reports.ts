/**
 * What a batch of verified activation reports does to the delivery rows and the sirens' states, worked out in memory
 * so that the batch is written with a few set-based statements (control.repository.ts `writeReportBatch`) instead of
 * one transaction per report.
 *
 * The reports are applied one after another in the order they arrived, with the same rules the platform used when it
 * wrote each report on its own (docs/protocols/siren-control.md, "The platform's side"), so a batch ends where the
 * same reports written one by one would have ended — with one difference that is the point of keeping the rules here:
 * a `finished` of a sound command that arrives before its `accepted` (a terminal that played a short program while its
 * first report was lost, or one answering a re-send with its last report) still puts `sounding` in the siren's
 * history before `online`. Written one by one, the late `accepted` found the row finished and was dropped, and the
 * history never showed that the siren had sounded.
 */

export type ReportStatus = 'accepted' | 'finished' | 'rejected';

/** A verified report waiting to be written. */
export interface QueuedReport {
  commandId: string;
  sirenId: number;
  status: ReportStatus;
  reason: string | null;
}

/** A delivery row as locked at the start of the batch. */
export interface DeliveryNow {
  commandId: string;
  sirenId: number;
  state: string;
  /** The command's action (`sound`, `stop`, `self_test`). */
  action: string;
  /** Whether `accepted_at` is set already. */
  accepted: boolean;
}

/** The delivery row after the batch: its final state and reason, and which times to stamp. */
export interface DeliveryChange {
  commandId: string;
  sirenId: number;
  state: ReportStatus;
  reason: string | null;
  /** Stamp `accepted_at` (kept if already set). */
  accepted: boolean;
  /** Stamp `finished_at`. */
  finished: boolean;
}

/** One line of a siren's state history, in the order it happened. */
export interface StatusEvent {
  sirenId: number;
  from: string | null;
  to: string;
  reason: string;
}

export interface ReportPlan {
  deliveries: DeliveryChange[];
  /** Final state of each siren whose state changed (an event was written for it). */
  sirens: Array<{ id: number; status: string }>;
  events: StatusEvent[];
  /** Reports that changed nothing: duplicates, a report for a row already past that state, or for no known row. */
  ignored: number;
}

/** The delivery states a report may move a row from (a late report after `failed` still counts). */
const FROM: Record<ReportStatus, ReadonlySet<string>> = {
  accepted: new Set(['pending', 'sent', 'failed']),
  finished: new Set(['pending', 'sent', 'failed', 'accepted']),
  rejected: new Set(['pending', 'sent', 'failed']),
};

export const deliveryKey = (commandId: string, sirenId: number) => `${commandId.toLowerCase()}/${sirenId}`;

/**
 * Applies `reports` in order to `deliveries` (keyed by `deliveryKey`) and the sirens' current `statuses`; neither
 * argument is changed.
 */
export function planReports(reports: readonly QueuedReport[], deliveries: ReadonlyMap<string, DeliveryNow>, statuses: ReadonlyMap<number, string>): ReportPlan {
  const rows = new Map<string, DeliveryNow>();
  const changes = new Map<string, DeliveryChange>();
  const status = new Map(statuses);
  const events: StatusEvent[] = [];
  let ignored = 0;
  const set = (sirenId: number, to: string, reason: string) => {
    events.push({ sirenId, from: status.get(sirenId) ?? null, to, reason });
    status.set(sirenId, to);
  };
  /** The rule of `accepted` for a sound command: the siren sounds, unless it is in fault or maintenance. */
  const sounding = (sirenId: number, commandId: string) => {
    const now = status.get(sirenId);
    if (now !== undefined && now !== 'sounding' && now !== 'fault' && now !== 'maintenance') set(sirenId, 'sounding', `遥控指令 ${commandId} 鸣放 sounding`);
  };

  for (const r of reports) {
    const key = deliveryKey(r.commandId, r.sirenId);
    const known = deliveries.get(key);
    const d = rows.get(key) ?? (known ? { ...known } : undefined);
    if (!d || !FROM[r.status].has(d.state)) {
      ignored++;
      continue;
    }
    rows.set(key, d);
    const wasAccepted = d.accepted;
    d.state = r.status;
    const change = changes.get(key) ?? { commandId: d.commandId, sirenId: d.sirenId, state: r.status, reason: r.reason, accepted: false, finished: false };
    change.state = r.status;
    change.reason = r.reason;
    if (r.status === 'accepted' || r.status === 'finished') change.accepted = d.accepted = true;
    if (r.status === 'finished') change.finished = true;
    changes.set(key, change);

    if (!status.has(r.sirenId)) continue;
    if (d.action === 'sound' && r.status === 'accepted') {
      sounding(r.sirenId, r.commandId);
      continue;
    }
    // A sound command finished without its `accepted` having been seen: it did sound (see the file's comment).
    if (d.action === 'sound' && r.status === 'finished' && !wasAccepted) sounding(r.sirenId, r.commandId);
    const after = status.get(r.sirenId)!;
    if ((r.status === 'finished' || d.action === 'stop') && (after === 'sounding' || after === 'offline')) {
      set(r.sirenId, 'online', `遥控指令 ${r.commandId} ${r.status === 'finished' ? '完成 finished' : '停止 stopped'}`);
    } else if (r.status !== 'rejected' && after === 'offline') {
      set(r.sirenId, 'online', '终端应答 terminal answered');
    }
  }
  const touched = new Set(events.map((e) => e.sirenId));
  return {
    deliveries: [...changes.values()],
    sirens: [...touched].map((id) => ({ id, status: status.get(id)! })),
    events,
    ignored,
  };
}
