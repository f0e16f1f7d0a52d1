/**
 * One command's deliveries, live: pushed by the server (GET /api/siren-commands/{id}/events — a snapshot, then only
 * the deliveries that changed), merged here into the table's and the map's state; if the stream cannot be had (the
 * server's cap answered 503, a proxy that buffers, no EventSource) the page polls `?since=<cursor>` every second,
 * which answers the same changed rows. Either way nothing re-reads the whole command after the first answer.
 */
import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../api/types.ts';
import { warningApi } from './warningApi.ts';

type CommandDetail = ResponseOf<'/api/siren-commands/{id}', 'get'>;
export type LiveDelivery = CommandDetail['deliveries'][number];
/** The data of one stream event (the server's CommandLiveFrame: the contract's command read, and whether it is complete). */
type Frame = Pick<CommandDetail, 'counts' | 'deliveries' | 'cursor'> & { complete: boolean; command?: Pick<CommandDetail, 'id' | 'action' | 'program' | 'issuedAt'> };

/** Delivery states still owed an answer: a command with none is complete. */
const OWED = ['pending', 'sent', 'accepted'];
const isComplete = (counts: Record<string, number>) => OWED.every((s) => (counts[s] ?? 0) === 0);
/** Failed stream connections in a row before the page gives up on pushing and polls. */
const STREAM_ATTEMPTS = 3;
const POLL_MS = 1000;

export interface LiveCommand {
  command: Frame['command'] | null;
  counts: Record<string, number>;
  /** In the server's order (siren code); each delivery replaced in place when it changes. */
  deliveries: LiveDelivery[];
  cursor: number;
  complete: boolean;
  /** How updates come: pushed, or polled after the stream failed. */
  mode: 'connecting' | 'stream' | 'polling';
}

const EMPTY: LiveCommand = { command: null, counts: {}, deliveries: [], cursor: 0, complete: false, mode: 'connecting' };

export function useLiveCommand(id: string | null): LiveCommand {
  const [live, setLive] = useState<LiveCommand>(EMPTY);

  useEffect(() => {
    setLive(EMPTY);
    if (!id) return;
    let stopped = false;
    let es: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The merged state lives here, outside React: a delta touches a few rows of possibly 10,000.
    let list: LiveDelivery[] = [];
    let index = new Map<number, number>();
    let cursor = 0;
    let haveAll = false;
    let failures = 0;

    const apply = (frame: Frame, whole: boolean, mode: LiveCommand['mode']) => {
      if (whole) {
        list = frame.deliveries.slice();
        index = new Map(list.map((d, i) => [d.sirenId, i]));
        haveAll = true;
      } else if (frame.deliveries.length > 0) {
        list = list.slice();
        for (const d of frame.deliveries) {
          const i = index.get(d.sirenId);
          if (i === undefined) {
            index.set(d.sirenId, list.length);
            list.push(d);
          } else list[i] = d;
        }
      }
      cursor = Math.max(cursor, frame.cursor);
      const deliveries = list;
      setLive((s) => ({ command: frame.command ?? s.command, counts: frame.counts, deliveries, cursor, complete: frame.complete, mode }));
    };

    const poll = async () => {
      if (stopped) return;
      try {
        const c = await warningApi.commandSince(id, haveAll ? cursor : undefined);
        if (stopped) return;
        const complete = isComplete(c.counts);
        apply({ counts: c.counts, deliveries: c.deliveries, cursor: c.cursor, complete, command: c }, !haveAll, 'polling');
        if (!complete) timer = setTimeout(() => void poll(), POLL_MS);
      } catch {
        timer = setTimeout(() => void poll(), POLL_MS * 2);
      }
    };
    const fallBack = () => {
      es?.close();
      es = null;
      void poll();
    };

    if (typeof EventSource === 'undefined') fallBack();
    else {
      es = new EventSource(`/api/siren-commands/${encodeURIComponent(id)}/events`);
      const onFrame = (whole: boolean) => (e: MessageEvent<string>) => {
        failures = 0;
        const frame = JSON.parse(e.data) as Frame;
        apply(frame, whole, 'stream');
        // The server ends the stream after this: closed here, EventSource would connect again.
        if (frame.complete) es?.close();
      };
      es.addEventListener('snapshot', onFrame(true));
      es.addEventListener('delta', onFrame(false));
      // A dropped connection is retried by EventSource itself, with Last-Event-ID: only what changed meanwhile comes.
      // Refused (503 when the server's streams are full, 4xx) it stops; several drops in a row look like a proxy
      // that does not let a stream through. Either way: polling by cursor.
      es.onerror = () => {
        if (!es || es.readyState === EventSource.CLOSED || ++failures >= STREAM_ATTEMPTS) fallBack();
      };
    }
    return () => {
      stopped = true;
      es?.close();
      clearTimeout(timer);
    };
  }, [id]);

  return live;
}
