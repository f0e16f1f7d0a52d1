/** The live feed's decisions, with a scripted read: which frames each stream is sent, and when it ends. */
import { describe, expect, it } from 'vitest';
import type { EventStream } from '../../lib/event-stream.ts';
import type { DeliveryRow } from './control.repository.ts';
import { createLiveFeed, type LiveFrame } from './control.live.ts';

const row = (sirenId: number, state: string, seq: number) => ({ sirenId, state, seq }) as unknown as DeliveryRow;

function memoryStream() {
  const sent: Array<{ event: string; frame: LiveFrame }> = [];
  let closed = false;
  const stream: EventStream = {
    send: (event, data) => (sent.push({ event, frame: data as LiveFrame }), true),
    onDrain: () => undefined,
    onClose: () => undefined,
    end: () => void (closed = true),
    get closed() { return closed; },
  };
  return { stream, sent, ended: () => closed };
}

describe('the live feed', () => {
  it('sends counts that changed with no new row, and ends on the frame that owes nothing', async () => {
    // The counts are read before the rows, so a frame can carry rows its counts do not show yet (control.service.ts
    // `changesOf`); the next read, finding no row past the cursor, must still bring the counts level.
    const reads: Array<{ counts: Record<string, number>; deliveries: DeliveryRow[]; cursor: number }> = [
      { counts: { sent: 2 }, deliveries: [row(1, 'sent', 1), row(2, 'sent', 2)], cursor: 2 },
      { counts: { sent: 2 }, deliveries: [row(1, 'accepted', 3)], cursor: 3 },
      { counts: { sent: 1, accepted: 1 }, deliveries: [], cursor: 3 },
      { counts: { sent: 1, accepted: 1 }, deliveries: [], cursor: 3 },
      { counts: { finished: 1, failed: 1 }, deliveries: [row(1, 'finished', 4), row(2, 'failed', 5)], cursor: 5 },
    ];
    const feed = createLiveFeed({ read: async () => reads.shift()!, minIntervalMs: 0, sweepMs: 60_000 });
    const s = memoryStream();
    await feed.serve('c', null, s.stream, (f) => f);
    const settle = () => new Promise((r) => setTimeout(r, 20));
    await settle();
    for (let i = 0; i < 3; i++) {
      feed.changed(new Set(['c']));
      await settle();
    }
    feed.close();
    expect(s.sent.map((e) => [e.event, e.frame.counts, e.frame.deliveries.map((d) => `${d.sirenId}:${d.state}`), e.frame.complete])).toEqual([
      ['snapshot', { sent: 2 }, ['1:sent', '2:sent'], false],
      ['delta', { sent: 2 }, ['1:accepted'], false],
      ['delta', { sent: 1, accepted: 1 }, [], false],
      // The fourth read found nothing new: nothing sent.
      ['delta', { finished: 1, failed: 1 }, ['1:finished', '2:failed'], true],
    ]);
    expect(s.ended()).toBe(true);
  });
});
