/** The telemetry's judgement of one report: only a fresh, signed, plausible report passes; nothing it gets can throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPosition, vehicleKey, type PositionBody } from '../../lib/vehicle-protocol.ts';
import type { Database } from '../../db/index.ts';
import { createVehicleTelemetry, judgePosition, UNKNOWN_VEHICLE_TTL_MS } from './vehicles.telemetry.ts';

const key = vehicleKey('c3'.repeat(32), 'JD-01');
const now = Date.parse('2026-09-18T02:00:00Z');
const body: PositionBody = { v: 1, vehicle: 'JD-01', lng: 120.9, lat: 32.0, at: '2026-09-18T01:59:00Z', speedKmh: 30 };
const signed = (b: Partial<PositionBody> = {}, k = key) => JSON.stringify(signPosition(k, { ...body, ...b }));
const judge = (payload: string, lastAt = 0) => judgePosition(payload, 'JD-01', { key, now, lastAt });
const reason = (payload: string, lastAt = 0) => {
  const j = judge(payload, lastAt);
  return j.ok ? 'ok' : j.reason;
};

describe('judgePosition', () => {
  it('passes a fresh report signed with the vehicle\'s key', () => {
    expect(judge(signed())).toEqual({ ok: true, report: { lng: 120.9, lat: 32.0, at: new Date(body.at), speedKmh: 30 } });
    expect(judge(signed({ speedKmh: null }))).toMatchObject({ ok: true, report: { speedKmh: null } });
  });
  it('names why it drops the others', () => {
    expect(reason(JSON.stringify({ lng: 120.9, lat: 32.0, at: body.at, speedKmh: 30 }))).toBe('unsigned');
    expect(reason('{')).toBe('malformed');
    expect(reason('[1]')).toBe('malformed');
    expect(reason(JSON.stringify({ ...JSON.parse(signed()), lng: 'x' }))).toBe('malformed');
    expect(reason(signed({}, vehicleKey('c3'.repeat(32), 'JD-02')))).toBe('forged');
    expect(reason(JSON.stringify({ ...JSON.parse(signed()), lat: 32.5 }))).toBe('forged');
    expect(reason(signed({ vehicle: 'JD-02' }))).toBe('wrong_vehicle');
    expect(reason(signed({ at: '2026-09-18T01:50:00Z' }))).toBe('too_old');
    expect(reason(signed({ at: '2026-09-18T02:05:00Z' }))).toBe('future');
    expect(reason(signed(), Date.parse(body.at))).toBe('replayed');
    expect(reason(signed(), Date.parse(body.at) + 1)).toBe('replayed');
    expect(reason(signed({ lng: 0, lat: 0 }))).toBe('implausible');
    expect(reason(signed({ speedKmh: -1 }))).toBe('implausible');
  });
  it('never throws, and passes only what was signed with the key, whatever arrives', () => {
    fc.assert(fc.property(
      fc.oneof(
        fc.string(), fc.json(),
        fc.record({ v: fc.constantFrom(0, 1, 2), vehicle: fc.constantFrom('JD-01', 'JD-02'), lng: fc.anything(), lat: fc.anything(), at: fc.anything(), speedKmh: fc.anything(), mac: fc.anything() })
          .map((r) => JSON.stringify(r) ?? ''),
      ),
      (payload) => {
        // No MAC made with the key is in these payloads (the chance of guessing one is 2^-256).
        expect(judge(payload).ok).toBe(false);
      }));
  });
});

describe('the telemetry\'s dropped reports', () => {
  it('are counted each, and logged at most once a minute per reason with how many were dropped since', async () => {
    // A registry of one vehicle that never reported, and a store that takes every write.
    const db = { query: async (sql: string) => (sql.startsWith('SELECT') ? { rows: [{ id: 1, regionCode: '320612', positionAt: null }] } : { rows: [], rowCount: 1 }) } as unknown as Database;
    const lines: Array<{ reason: string; droppedSinceLastLine: number }> = [];
    const log = { warn: (o: { reason: string; droppedSinceLastLine: number }) => void lines.push(o) } as never;
    let clock = now;
    const telemetry = createVehicleTelemetry({ db, messaging: { client: null }, keyOf: () => key, log, now: () => clock });
    const unsigned = JSON.stringify({ lng: 120.9, lat: 32.0, at: body.at });
    for (let i = 0; i < 5; i++) expect(await telemetry.apply('JD-01', unsigned)).toBe('unsigned');
    expect(await telemetry.apply('JD-01', 'x')).toBe('malformed');
    expect(await telemetry.apply('JD-01', signed())).toBe('stored');
    expect(await telemetry.apply('JD-01', signed())).toBe('replayed');
    expect(await telemetry.apply('a/b', signed())).toBe('unknown_vehicle');
    expect(lines.map((l) => l.reason)).toEqual(['unsigned', 'malformed', 'replayed', 'unknown_vehicle']);
    clock += 59_000;
    await telemetry.apply('JD-01', unsigned);
    expect(lines).toHaveLength(4);
    clock += 1_000;
    await telemetry.apply('JD-01', unsigned);
    expect(lines[4]).toMatchObject({ reason: 'unsigned', droppedSinceLastLine: 5 });
    expect(telemetry.counts()).toEqual({
      stored: 1, unsigned: 7, malformed: 1, forged: 0, wrong_vehicle: 0, too_old: 0, future: 0, replayed: 1, implausible: 0, unknown_vehicle: 1,
    });
  });
});

describe('the telemetry\'s registry look-ups', () => {
  it('remember an unknown code for a while, hear a vehicle registered after that, and forget one removed from the registry', async () => {
    const registered = new Set<string>();
    let reads = 0;
    const db = { query: async (sql: string, params: unknown[]) => {
      if (sql.startsWith('SELECT')) {
        reads += 1;
        return { rows: registered.has(params[0] as string) ? [{ id: 1, regionCode: '320612', positionAt: null }] : [] };
      }
      return { rows: [], rowCount: registered.has(params[0] as string) ? 1 : 0 };
    } } as unknown as Database;
    let clock = now;
    const telemetry = createVehicleTelemetry({ db, messaging: { client: null }, keyOf: () => key, now: () => clock });
    for (let i = 0; i < 50; i++) expect(await telemetry.apply('JD-01', signed({ at: new Date(clock - 1000).toISOString() }))).toBe('unknown_vehicle');
    expect(reads).toBe(1);
    // Registered now: heard once the remembered answer runs out, not before.
    registered.add('JD-01');
    expect(await telemetry.apply('JD-01', signed({ at: new Date(clock - 1000).toISOString() }))).toBe('unknown_vehicle');
    clock += UNKNOWN_VEHICLE_TTL_MS + 1;
    expect(await telemetry.apply('JD-01', signed({ at: new Date(clock - 1000).toISOString() }))).toBe('stored');
    expect(reads).toBe(2);
    // Removed from the registry: its cached key goes with the first write that finds no row, and it is unknown again.
    registered.delete('JD-01');
    expect(await telemetry.apply('JD-01', signed({ at: new Date(clock - 500).toISOString() }))).toBe('unknown_vehicle');
    expect(await telemetry.apply('JD-01', signed({ at: new Date(clock - 400).toISOString() }))).toBe('unknown_vehicle');
    expect(reads).toBe(2);
  });
});
