/** Signed vehicle positions: what verifies, and that forged, replayed, stale or misdirected reports never do. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TERMINAL_ID_PATTERN, brokerPassword } from './siren-protocol.ts';
import { checkPosition, parseSignedPosition, signPosition, vehicleBrokerPassword, vehicleBrokerUser, vehicleCodeOfUser, vehicleKey, type PositionBody } from './vehicle-protocol.ts';

const master = 'a'.repeat(64);
const key = vehicleKey(master, 'JDZHC-01');
const now = Date.parse('2026-09-18T02:00:00Z');
const body: PositionBody = { v: 1, vehicle: 'JDZHC-01', lng: 120.9, lat: 32.0, at: '2026-09-18T01:59:58Z', speedKmh: 40 };
const wire = (b: PositionBody, k = key) => parseSignedPosition(JSON.stringify(signPosition(k, b)))!;

describe('vehicle keys', () => {
  it('differ per vehicle and per master, and give a broker password like a terminal\'s', () => {
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(vehicleKey(master, 'JDZHC-02')).not.toBe(key);
    expect(vehicleKey('b'.repeat(64), 'JDZHC-01')).not.toBe(key);
    expect(vehicleBrokerPassword(key, 'JDZHC-01')).toBe(brokerPassword(key, 'vehicle@JDZHC-01'));
    // The password is not the terminal password of a siren with the same id: the user names differ.
    expect(vehicleBrokerPassword(key, 'JDZHC-01')).not.toBe(brokerPassword(key, 'JDZHC-01'));
  });
  it('log in under a name no terminal id can take, and one Mosquitto\'s password file can hold', () => {
    expect(vehicleBrokerUser('JDZHC-01')).toBe('vehicle@JDZHC-01');
    expect(TERMINAL_ID_PATTERN.test(vehicleBrokerUser('JDZHC-01'))).toBe(false);
    expect(vehicleBrokerUser('JDZHC-01')).not.toContain(':');
    expect(vehicleCodeOfUser('vehicle@JDZHC-01')).toBe('JDZHC-01');
    // The old spelling, a bare code, an empty code and one that could not be a topic level are nobody's.
    for (const u of ['vehicle:JDZHC-01', 'JDZHC-01', 'vehicle@', 'vehicle@a/+', 'vehicle@x@y']) expect(vehicleCodeOfUser(u), u).toBeNull();
    fc.assert(fc.property(fc.string(), (s) => {
      // Whatever a user name holds, a terminal id and a vehicle's name never coincide.
      if (TERMINAL_ID_PATTERN.test(s)) expect(vehicleCodeOfUser(s)).toBeNull();
    }));
  });
  it('refuse a short master and a code that could not be a topic level', () => {
    expect(() => vehicleKey('ab', 'JDZHC-01')).toThrow(/64/);
    expect(() => vehicleKey(master, 'a/+')).toThrow(/vehicle code/);
  });
});

describe('checkPosition', () => {
  it('accepts a fresh report signed with the vehicle\'s key', () => {
    expect(checkPosition(key, wire(body), 'JDZHC-01', { now, lastAt: 0 })).toEqual({ ok: true, at: Date.parse(body.at) });
    expect(checkPosition(key, wire({ ...body, speedKmh: null }), 'JDZHC-01', { now, lastAt: 0 }).ok).toBe(true);
  });
  it('refuses another key, a changed field, another vehicle\'s topic, a replay and a report out of the window', () => {
    expect(checkPosition(key, wire(body, vehicleKey(master, 'JDZHC-02')), 'JDZHC-01', { now, lastAt: 0 })).toEqual({ ok: false, reason: 'forged' });
    expect(checkPosition(key, { ...wire(body), lng: 121 }, 'JDZHC-01', { now, lastAt: 0 })).toEqual({ ok: false, reason: 'forged' });
    expect(checkPosition(key, wire(body), 'JDZHC-02', { now, lastAt: 0 })).toEqual({ ok: false, reason: 'wrong_vehicle' });
    expect(checkPosition(key, wire(body), 'JDZHC-01', { now, lastAt: Date.parse(body.at) })).toEqual({ ok: false, reason: 'replayed' });
    expect(checkPosition(key, wire({ ...body, at: '2026-09-18T01:50:00Z' }), 'JDZHC-01', { now, lastAt: 0 })).toEqual({ ok: false, reason: 'too_old' });
    expect(checkPosition(key, wire({ ...body, at: '2026-09-18T02:05:00Z' }), 'JDZHC-01', { now, lastAt: 0 })).toEqual({ ok: false, reason: 'future' });
  });
  it('never verifies a report whose any one field was changed after signing', () => {
    fc.assert(fc.property(
      fc.constantFrom('lng', 'lat', 'at', 'speedKmh', 'vehicle'),
      fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ minLength: 1, maxLength: 20 })),
      (field, value) => {
        const signed = signPosition(key, body);
        const changed = { ...signed, [field]: value };
        fc.pre(JSON.stringify(changed[field as keyof typeof changed]) !== JSON.stringify(signed[field as keyof typeof signed]));
        const parsed = parseSignedPosition(JSON.stringify(changed));
        if (parsed) expect(checkPosition(key, parsed, parsed.vehicle, { now, lastAt: 0 }).ok).toBe(false);
      }));
  });
  it('parses nothing that is not a signed report, and never throws', () => {
    expect(parseSignedPosition(JSON.stringify({ lng: 120.9, lat: 32, at: body.at, speedKmh: 30 }))).toBeNull();
    expect(parseSignedPosition('{')).toBeNull();
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (raw) => {
      const p = parseSignedPosition(raw);
      if (p) expect(Number.isFinite(p.lng) && Number.isFinite(p.lat)).toBe(true);
    }));
  });
});
