import { describe, expect, it } from 'vitest';
import { memoryLink } from './messaging.ts';

const read = (end: NodeJS.ReadableStream) => new Promise<string>((resolve) => end.once('data', (d: Buffer) => resolve(d.toString())));

describe('memoryLink', () => {
  it('carries bytes both ways, a burst of writes as one read, never inside the writer\'s call', async () => {
    const [a, b] = memoryLink();
    let got = '';
    b.on('data', (d: Buffer) => (got += d.toString()));
    a.write('one ');
    a.write('two ');
    a.write('警报');
    // Handed over on the next tick, not during write(): the reader's handler never runs inside the writer's.
    expect(got).toBe('');
    await new Promise((r) => process.nextTick(r));
    expect(got).toBe('one two 警报');
    const back = read(a);
    b.write('ack');
    expect(await back).toBe('ack');
  });

  it('ends the other side on end, and closes it when one side is destroyed', async () => {
    const [a, b] = memoryLink();
    const ended = new Promise((r) => b.once('end', r));
    b.resume();
    a.end('last');
    await ended;
    const [c, d] = memoryLink();
    const closed = new Promise((r) => d.once('close', r));
    c.destroy();
    await closed;
    expect(d.destroyed).toBe(true);
  });
});
