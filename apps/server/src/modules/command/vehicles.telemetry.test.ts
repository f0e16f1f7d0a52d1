/** The telemetry parser: what a vehicle's unit may send, and that nothing it sends can throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePositionReport } from './vehicles.telemetry.ts';

const now = new Date('2026-09-18T02:00:00Z');

describe('parsePositionReport', () => {
  it('reads a plausible report', () => {
    expect(parsePositionReport(JSON.stringify({ lng: 120.9, lat: 32.0, at: '2026-09-18T01:59:00Z', speedKmh: 30 }), now))
      .toEqual({ lng: 120.9, lat: 32.0, at: new Date('2026-09-18T01:59:00Z'), speedKmh: 30 });
  });
  it('refuses positions outside China, times in the future and bad speeds', () => {
    expect(parsePositionReport(JSON.stringify({ lng: 0, lat: 0, at: '2026-09-18T01:59:00Z' }), now)).toBeNull();
    expect(parsePositionReport(JSON.stringify({ lng: 120.9, lat: 32, at: '2026-09-18T03:00:00Z' }), now)).toBeNull();
    expect(parsePositionReport(JSON.stringify({ lng: 120.9, lat: 32, at: '2026-09-18T01:00:00Z', speedKmh: -1 }), now)).toBeNull();
    expect(parsePositionReport('{', now)).toBeNull();
  });
  it('never throws and only answers finite coordinates, whatever arrives', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.record({ lng: fc.anything(), lat: fc.anything(), at: fc.anything(), speedKmh: fc.anything() }).map((r) => JSON.stringify(r) ?? '')), (payload) => {
      const r = parsePositionReport(payload, now);
      if (r) expect(Number.isFinite(r.lng) && Number.isFinite(r.lat) && !Number.isNaN(r.at.getTime())).toBe(true);
    }));
  });
});
