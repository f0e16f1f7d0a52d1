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
    // Handed over on the next turn of the event loop, not during write(): the reader's handler never runs inside the writer's.
    expect(got).toBe('');
    await new Promise((r) => setImmediate(r));
    expect(got).toBe('one two 警报');
    const back = read(a);
    b.write('ack');
    expect(await back).toBe('ack');
  });

  it('hands a burst over in socket-sized reads, in order and complete', async () => {
    const [a, b] = memoryLink();
    const reads: number[] = [];
    const got: Buffer[] = [];
    b.on('data', (d: Buffer) => {
      reads.push(d.length);
      got.push(d);
    });
    const done = new Promise((r) => b.once('end', r));
    // 10,000 messages of 350 bytes written at once, as a dispatcher publishing one command per siren does.
    const sent = Buffer.concat(Array.from({ length: 10_000 }, (_, i) => Buffer.alloc(350, i % 251)));
    for (let i = 0; i < 10_000; i++) a.write(sent.subarray(i * 350, (i + 1) * 350));
    a.end();
    await done;
    expect(Buffer.concat(got).equals(sent)).toBe(true);
    expect(Math.max(...reads)).toBeLessThanOrEqual(64 * 1024);
    expect(reads.length).toBeGreaterThanOrEqual(Math.ceil(sent.length / (64 * 1024)));
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
