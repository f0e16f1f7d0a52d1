/**
 * The live view of a command, pushed: each open stream gets a snapshot (counts and every delivery), then deltas —
 * the counts and only the deliveries written since its last event — as reports, retries, failures and unreachable
 * flags are committed; the stream ends when nothing is still owed an answer.
 *
 * Cost: one watcher per command with streams open, not per stream. A committed write pokes the watcher; it reads the
 * rows changed since the lowest cursor of its streams (an index range, migration 0029) at most every `minIntervalMs`,
 * however many reports came meanwhile, and sends each stream the rows past its own cursor. A stream whose socket is
 * full is skipped until it drains and then gets everything since its cursor in one event: nothing is queued per
 * client beyond the one event in its socket. Each event's id is the cursor, so a browser that reconnects
 * (Last-Event-ID) gets only what changed since.
 */
import type { EventStream } from '../../lib/event-stream.ts';
import type { DeliveryRow } from './control.repository.ts';
import type { ControlService } from './control.service.ts';

/** Delivery states that still wait for an answer: a command with none of them is complete. */
const OWED = ['pending', 'sent', 'accepted'] as const;

export interface LiveFrame {
  counts: Record<string, number>;
  deliveries: DeliveryRow[];
  cursor: number;
  /** Nothing is owed any more: the stream ends after this event. */
  complete: boolean;
}

export interface LiveFeedDeps {
  /** Reads a command's rows (all, or written after a cursor) and counts: the control service's `changesOf`. */
  read: ControlService['changesOf'];
  /** Events per command per second at most: a burst of reports is coalesced into one read (default 250 ms). */
  minIntervalMs?: number;
  /**
   * Every watched command is looked at this often even when nothing in this process wrote (default 2 s): a write of
   * another server process (behind a load balancer), or of a tool, pokes no watcher here. One cursor read per
   * watched command, which finds nothing most of the time.
   */
  sweepMs?: number;
  log?: { warn(obj: object, msg: string): void };
}

export interface LiveFeed {
  /** Wakes the watchers of these commands (the control service's `onDeliveriesChanged`). */
  changed(commandIds: ReadonlySet<string>): void;
  /**
   * Serves one stream of `commandId` (already checked against the viewer's jurisdiction): a snapshot, or (`since` a
   * cursor) the delta after it, then deltas until the command is complete. `present` turns a frame into the event's data.
   */
  serve(commandId: string, since: number | null, stream: EventStream, present: (frame: LiveFrame) => unknown): Promise<void>;
  /** Open streams per command (for tests and metrics). */
  watching(commandId: string): number;
  /** Stops the sweep (the app closing; its streams are ended by lib/event-stream.ts). */
  close(): void;
}

interface Client {
  stream: EventStream;
  cursor: number;
  /** The counts it was last sent (`countsKey`): counts that changed with no new row are sent too. */
  counts: string;
  /** Its socket's buffer is full: skipped until it drains. */
  blocked: boolean;
  present: (frame: LiveFrame) => unknown;
}

interface Watcher {
  clients: Set<Client>;
  timer: NodeJS.Timeout | null;
  running: boolean;
  /** A poke came while reading: read once more after. */
  again: boolean;
  lastRunAt: number;
}

const isComplete = (counts: Record<string, number>) => OWED.every((s) => (counts[s] ?? 0) === 0);
/** The counts as one comparable string, whatever order the database grouped them in. */
const countsKey = (counts: Record<string, number>) => JSON.stringify(Object.entries(counts).sort(([x], [y]) => (x < y ? -1 : 1)));

export function createLiveFeed({ read, minIntervalMs = 250, sweepMs = 2000, log }: LiveFeedDeps): LiveFeed {
  const watchers = new Map<string, Watcher>();
  const sweep = setInterval(() => {
    for (const [id, w] of watchers) poke(id, w);
  }, sweepMs);
  sweep.unref?.();

  /** Sends a frame; false if the stream is blocked now (it is resumed by its drain). */
  function deliver(id: string, w: Watcher, c: Client, frame: LiveFrame, event: 'snapshot' | 'delta'): void {
    const ok = c.stream.send(event, c.present(frame), frame.cursor);
    c.cursor = frame.cursor;
    c.counts = countsKey(frame.counts);
    if (frame.complete) {
      c.stream.end();
      return;
    }
    if (!ok) {
      c.blocked = true;
      c.stream.onDrain(() => {
        c.blocked = false;
        poke(id, w);
      });
    }
  }

  function poke(id: string, w: Watcher): void {
    if (w.running) {
      w.again = true;
      return;
    }
    if (w.timer) return;
    const wait = Math.max(0, w.lastRunAt + minIntervalMs - Date.now());
    w.timer = setTimeout(() => {
      w.timer = null;
      void run(id, w);
    }, wait);
    w.timer.unref?.();
  }

  async function run(id: string, w: Watcher): Promise<void> {
    const ready = [...w.clients].filter((c) => !c.blocked && !c.stream.closed);
    if (ready.length === 0) return;
    w.running = true;
    w.lastRunAt = Date.now();
    try {
      const from = Math.min(...ready.map((c) => c.cursor));
      const { deliveries: rows, counts, cursor: top } = await read(id, from);
      const complete = isComplete(counts);
      const countsNow = countsKey(counts);
      for (const c of ready) {
        // Nothing new for it: no row past its cursor and the counts it has. (The counts are read before the rows, so
        // they can lag a frame's rows; the read after the next write brings them level even when it finds no row.)
        if (c.stream.closed || (c.cursor >= top && !complete && c.counts === countsNow)) continue;
        const deliveries = c.cursor === from ? rows : rows.filter((r) => r.seq > c.cursor);
        deliver(id, w, c, { counts, deliveries, cursor: Math.max(top, c.cursor), complete }, 'delta');
      }
    } catch (err) {
      log?.warn({ commandId: id, err: (err as Error).message }, 'siren command live view: read failed, trying again');
      w.again = true;
    } finally {
      w.running = false;
    }
    if (w.again) {
      w.again = false;
      poke(id, w);
    }
  }

  function watcherOf(id: string): Watcher {
    let w = watchers.get(id);
    if (!w) {
      w = { clients: new Set(), timer: null, running: false, again: false, lastRunAt: 0 };
      watchers.set(id, w);
    }
    return w;
  }

  return {
    changed(commandIds) {
      for (const id of commandIds) {
        const w = watchers.get(id);
        if (w) poke(id, w);
      }
    },

    async serve(commandId, since, stream, present) {
      const id = commandId.toLowerCase();
      const w = watcherOf(id);
      const client: Client = { stream, cursor: since ?? 0, counts: '', blocked: false, present };
      // Registered before the first read, so a write committed meanwhile pokes this watcher and is sent after.
      w.clients.add(client);
      stream.onClose(() => {
        w.clients.delete(client);
        if (w.clients.size === 0 && watchers.get(id) === w) {
          if (w.timer) clearTimeout(w.timer);
          watchers.delete(id);
        }
      });
      client.blocked = true;
      try {
        const { deliveries, counts, cursor } = await read(id, since);
        client.blocked = false;
        deliver(id, w, client, { counts, deliveries, cursor, complete: isComplete(counts) }, since === null ? 'snapshot' : 'delta');
      } catch (err) {
        log?.warn({ commandId: id, err: (err as Error).message }, 'siren command live view: first read failed');
        stream.end();
        return;
      }
      // Anything committed between the first read and now is picked up by one more look.
      if (!stream.closed) poke(id, w);
    },

    watching: (commandId) => watchers.get(commandId.toLowerCase())?.clients.size ?? 0,

    close: () => clearInterval(sweep),
  };
}
