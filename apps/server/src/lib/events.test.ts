import { describe, expect, it } from 'vitest';
import type { Queryable } from '../db/index.ts';
import { createEventBus } from './events.ts';

declare module './events.ts' {
  interface DomainEvents {
    'test.happened': { n: number };
  }
}

const ctx = { tx: {} as Queryable, audit: { actorId: null, actor: null, ip: null } };

describe('event bus', () => {
  it('runs handlers in subscription order with the payload and the caller transaction', async () => {
    const bus = createEventBus();
    const seen: string[] = [];
    bus.on('test.happened', async (p, c) => void seen.push(`a${p.n}${c === ctx}`));
    bus.on('test.happened', async (p) => void seen.push(`b${p.n}`));
    await bus.emit('test.happened', { n: 1 }, ctx);
    expect(seen).toEqual(['a1true', 'b1']);
  });

  it('lets a handler abort the writer by throwing', async () => {
    const bus = createEventBus();
    bus.on('test.happened', async () => {
      throw new Error('no');
    });
    await expect(bus.emit('test.happened', { n: 2 }, ctx)).rejects.toThrow('no');
  });

  it('emits to nobody without error', async () => {
    await expect(createEventBus().emit('test.happened', { n: 3 }, ctx)).resolves.toBeUndefined();
  });
});
