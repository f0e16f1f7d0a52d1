import { describe, expect, it } from 'vitest';
import type { InspectionSubmission } from '../works/types.ts';
import { MAX_SERVER_ERRORS, newClientId, syncQueue, type QueuedInspection } from './queue.ts';

function memoryStore(items: QueuedInspection[]) {
  const m = new Map(items.map((q) => [q.submission.clientId, q]));
  return {
    map: m,
    all: async () => [...m.values()],
    put: async (q: QueuedInspection) => void m.set(q.submission.clientId, q),
    remove: async (id: string) => void m.delete(id),
  };
}

const entry = (clientId: string): QueuedInspection => ({
  submission: { clientId, workId: 1, inspectedAt: '2026-11-23T08:00:00Z', checklist: [], findings: [], photos: [] } as InspectionSubmission,
  workName: 'w',
  workCode: 'c',
  queuedAt: '2026-11-23T08:00:00Z',
  attempts: 0,
});

describe('inspection outbox', () => {
  it('drops created and duplicate entries, keeps rejected ones marked', async () => {
    const store = memoryStore([entry('a'), entry('b'), entry('c')]);
    const r = await syncQueue(
      async (items) => ({
        items: items.map((s) => ({
          clientId: s.clientId,
          status: s.clientId === 'a' ? 'created' : s.clientId === 'b' ? 'duplicate' : 'rejected',
          inspectionId: null,
          code: s.clientId === 'c' ? 'WORKS_NOT_FOUND' : null,
          message: s.clientId === 'c' ? 'gone' : null,
        })),
      }),
      store,
    );
    expect(r).toEqual({ sent: 3, done: 2, rejected: 1, networkError: false });
    expect([...store.map.keys()]).toEqual(['c']);
    expect(store.map.get('c')!.rejected).toEqual({ code: 'WORKS_NOT_FOUND', message: 'gone' });
  });

  it('keeps everything when the network is down, and sends the same ids again later', async () => {
    const store = memoryStore([entry('a')]);
    const sent: string[] = [];
    const down = await syncQueue(async () => {
      throw Object.assign(new Error('offline'), { status: 0 });
    }, store);
    expect(down.networkError).toBe(true);
    expect(store.map.get('a')!.attempts).toBe(1);
    await syncQueue(async (items) => {
      sent.push(...items.map((i) => i.clientId));
      return { items: items.map((i) => ({ clientId: i.clientId, status: 'duplicate' as const, inspectionId: 1, code: null, message: null })) };
    }, store);
    expect(sent).toEqual(['a']);
    expect(store.map.size).toBe(0);
  });

  it('sends a refused batch again entry by entry, so one bad entry is marked and the others are stored', async () => {
    const store = memoryStore([entry('good-1'), entry('leap'), entry('good-2')]);
    const r = await syncQueue(async (items) => {
      if (items.some((i) => i.clientId === 'leap')) {
        // The whole request refused at the edge (or failing on the server) because of one entry.
        throw Object.assign(new Error('inspectedAt: not a valid date-time'), { status: items.length > 1 ? 500 : 400, code: 'VALIDATION_FAILED' });
      }
      return { items: items.map((i) => ({ clientId: i.clientId, status: 'created' as const, inspectionId: 1, code: null, message: null })) };
    }, store);
    expect(r).toMatchObject({ done: 2, rejected: 1, networkError: false });
    expect([...store.map.keys()]).toEqual(['leap']);
    expect(store.map.get('leap')!.rejected).toEqual({ code: 'VALIDATION_FAILED', message: 'inspectedAt: not a valid date-time' });
  });

  it('marks an entry that alone keeps answering 500 after a few tries, instead of retrying it forever', async () => {
    const store = memoryStore([entry('poison')]);
    let calls = 0;
    const fail = async () => {
      calls++;
      throw Object.assign(new Error('Internal server error'), { status: 500, code: 'INTERNAL' });
    };
    for (let i = 1; i < MAX_SERVER_ERRORS; i++) {
      await syncQueue(fail, store);
      expect(store.map.get('poison')!.rejected).toBeUndefined();
    }
    await syncQueue(fail, store);
    expect(store.map.get('poison')!.rejected).toEqual({ code: 'INTERNAL', message: 'Internal server error' });
    await syncQueue(fail, store);
    expect(calls).toBe(MAX_SERVER_ERRORS);
  });

  it('makes v4 UUIDs', () => {
    expect(newClientId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
