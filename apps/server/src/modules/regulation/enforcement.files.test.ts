/** The photo type check reads only the first bytes: the three image headers it accepts, and nothing else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { photoMediaType } from './enforcement.files.ts';

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const webp = (size: number[]) => [...Buffer.from('RIFF'), ...size, ...Buffer.from('WEBP')];

describe('photoMediaType', () => {
  it('knows JPEG, PNG and WebP by their headers, whatever follows', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (tail, size) => {
      expect(photoMediaType(Buffer.from([...JPEG, ...tail]))).toBe('image/jpeg');
      expect(photoMediaType(Buffer.from([...PNG, ...tail]))).toBe('image/png');
      expect(photoMediaType(Buffer.from([...webp(size), ...tail]))).toBe('image/webp');
    }));
  });

  it('refuses anything else, including a header cut short and other formats', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const b = Buffer.from(bytes);
      const isImage = (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff)
        || (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from(PNG)))
        || (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP');
      if (!isImage) expect(photoMediaType(b)).toBeNull();
    }));
    for (const other of ['GIF89a', '%PDF-1.7', 'RIFF\0\0\0\0WAVE', 'BM', '']) expect(photoMediaType(Buffer.from(other, 'latin1'))).toBeNull();
    expect(photoMediaType(Buffer.from(PNG.slice(0, 7)))).toBeNull();
    expect(photoMediaType(Buffer.from(JPEG.slice(0, 2)))).toBeNull();
  });
});
