import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION, commandMessage, parseBeat, parseCommand, parseReport, signBeat, signCommand, signReport, verifyBeat, verifyCommand, verifyReport, type CommandBody,
} from './siren-protocol.ts';

const KEY = 'ab'.repeat(32);
const NOW = Date.parse('2026-09-18T02:00:00Z');
const body = (over: Partial<CommandBody> = {}): CommandBody => ({
  v: PROTOCOL_VERSION, id: '6f1c2b1e-0000-4000-8000-000000000001', terminal: 'JB-320612-0001', action: 'sound',
  program: { code: 'air_raid', onS: 6, offS: 6, repeat: 15 }, issuedAt: new Date(NOW).toISOString(), expiresAt: new Date(NOW + 60_000).toISOString(),
  nonce: '00112233445566778899aabbccddeeff', ...over,
});
const opts = { terminal: 'JB-320612-0001', now: NOW + 1000, maxSkewMs: 30_000 };

describe('siren protocol', () => {
  it('verifies a command signed with the terminal key, and round-trips it through JSON', () => {
    const signed = signCommand(KEY, body());
    expect(verifyCommand(KEY, parseCommand(JSON.stringify(signed))!, opts)).toEqual({ ok: true });
  });

  it('rebuilds the very bytes of a signed command from its fields and MAC, whatever order they come in', () => {
    const signed = signCommand(KEY, body());
    expect(commandMessage(body(), signed.mac)).toBe(JSON.stringify(signed));
    // A program read back from jsonb comes with its keys in another order; the message does not change.
    const program = { repeat: 15, offS: 6, onS: 6, code: 'air_raid' };
    const shuffled = { nonce: body().nonce, expiresAt: body().expiresAt, issuedAt: body().issuedAt, program, action: 'sound', terminal: body().terminal, id: body().id, v: PROTOCOL_VERSION } as CommandBody;
    expect(commandMessage(shuffled, signed.mac)).toBe(JSON.stringify(signed));
    expect(commandMessage(body({ action: 'stop', program: null }), signCommand(KEY, body({ action: 'stop', program: null })).mac))
      .toBe(JSON.stringify(signCommand(KEY, body({ action: 'stop', program: null }))));
    expect(verifyCommand(KEY, parseCommand(commandMessage(body(), signed.mac))!, opts)).toEqual({ ok: true });
  });

  it('refuses a command when any signed field changed after signing', () => {
    const signed = signCommand(KEY, body());
    const changes: Array<Partial<CommandBody>> = [
      { id: '6f1c2b1e-0000-4000-8000-000000000002' }, { action: 'stop' }, { program: { code: 'all_clear', onS: 180, offS: 0, repeat: 1 } },
      { program: { code: 'air_raid', onS: 6, offS: 6, repeat: 16 } }, { issuedAt: new Date(NOW + 1).toISOString() },
      { expiresAt: new Date(NOW + 3_600_000).toISOString() }, { nonce: 'ff112233445566778899aabbccddeeff' }, { v: PROTOCOL_VERSION },
    ];
    for (const change of changes.slice(0, -1)) expect(verifyCommand(KEY, { ...signed, ...change }, opts)).toEqual({ ok: false, reason: 'bad_mac' });
  });

  it('refuses another key, another terminal, an expired command and one issued in the terminal\'s future', () => {
    expect(verifyCommand('cd'.repeat(32), signCommand(KEY, body()), opts)).toEqual({ ok: false, reason: 'bad_mac' });
    expect(verifyCommand(KEY, signCommand(KEY, body()), { ...opts, terminal: 'other' })).toEqual({ ok: false, reason: 'wrong_terminal' });
    expect(verifyCommand(KEY, signCommand(KEY, body()), { ...opts, now: NOW + 60_000 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifyCommand(KEY, signCommand(KEY, body()), { ...opts, now: NOW - 31_000 })).toEqual({ ok: false, reason: 'not_yet_valid' });
    expect(verifyCommand(KEY, signCommand(KEY, body({ expiresAt: new Date(NOW).toISOString() })), opts)).toEqual({ ok: false, reason: 'bad_time' });
  });

  it('verifies a signed report and refuses a changed one', () => {
    const r = signReport(KEY, { v: PROTOCOL_VERSION, id: body().id, terminal: 'T', status: 'accepted', reason: null, at: new Date(NOW).toISOString() });
    expect(verifyReport(KEY, parseReport(JSON.stringify(r))!)).toBe(true);
    expect(verifyReport(KEY, { ...r, status: 'finished' })).toBe(false);
    expect(verifyReport('cd'.repeat(32), r)).toBe(false);
  });

  it('accepts a heartbeat only signed by the terminal, fresh, and newer than the last one (a replay keeps nothing alive)', () => {
    const beat = signBeat(KEY, { v: PROTOCOL_VERSION, terminal: 'T', state: 'idle', at: new Date(NOW).toISOString() });
    const o = { now: NOW + 500, maxAgeMs: 10_000, lastAt: 0 };
    expect(verifyBeat(KEY, parseBeat(JSON.stringify(beat))!, o)).toBe(true);
    expect(verifyBeat(KEY, { ...beat, state: 'sounding' }, o)).toBe(false);
    expect(verifyBeat('cd'.repeat(32), beat, o)).toBe(false);
    expect(verifyBeat(KEY, beat, { ...o, lastAt: NOW })).toBe(false);
    expect(verifyBeat(KEY, beat, { ...o, now: NOW + 10_001 })).toBe(false);
    expect(parseBeat(JSON.stringify({ ...beat, state: 'dancing' }))).toBeNull();
    fc.assert(fc.property(fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))), (raw) => {
      const b = parseBeat(raw);
      if (b) expect(verifyBeat(KEY, b, o)).toBe(false);
    }), { numRuns: 300 });
  });

  it('signs a beat\'s last report with it: nobody can add, change or strip it', () => {
    const last = { id: '9b2f0000-0000-4000-8000-000000000001', status: 'finished' as const, reason: 'stopped' };
    const beat = signBeat(KEY, { v: PROTOCOL_VERSION, terminal: 'T', state: 'idle', at: new Date(NOW).toISOString(), last });
    const o = { now: NOW + 500, maxAgeMs: 10_000, lastAt: 0 };
    expect(verifyBeat(KEY, parseBeat(JSON.stringify(beat))!, o)).toBe(true);
    expect(parseBeat(JSON.stringify(beat))!.last).toEqual(last);
    const { last: _stripped, ...without } = beat;
    expect(verifyBeat(KEY, without, o)).toBe(false);
    expect(verifyBeat(KEY, { ...beat, last: { ...last, status: 'accepted' } }, o)).toBe(false);
    expect(verifyBeat(KEY, { ...beat, last: { ...last, id: '9b2f0000-0000-4000-8000-000000000002' } }, o)).toBe(false);
    expect(verifyBeat(KEY, { ...beat, last: { ...last, reason: null } }, o)).toBe(false);
    // A beat signed without one does not verify with one added.
    const plain = signBeat(KEY, { v: PROTOCOL_VERSION, terminal: 'T', state: 'idle', at: new Date(NOW).toISOString() });
    expect(verifyBeat(KEY, plain, o)).toBe(true);
    expect(verifyBeat(KEY, { ...plain, last }, o)).toBe(false);
    expect(parseBeat(JSON.stringify({ ...beat, last: { ...last, status: 'done' } }))).toBeNull();
    expect(parseBeat(JSON.stringify({ ...beat, last: 'finished' }))).toBeNull();
  });

  it('parses any input without throwing, and accepts only well-formed messages', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (raw) => {
      const c = parseCommand(raw);
      const r = parseReport(raw);
      if (c) expect(typeof c.mac).toBe('string');
      if (r) expect(['accepted', 'finished', 'rejected']).toContain(r.status);
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.record({ id: fc.string(), terminal: fc.string(), mac: fc.string(), program: fc.anything() }, { requiredKeys: [] }), (m) => {
      const c = parseCommand(JSON.stringify({ ...signCommand(KEY, body()), ...m }));
      if (c) expect(verifyCommand(KEY, c, opts).ok === false || JSON.stringify(m) === '{}').toBe(true);
    }), { numRuns: 300 });
  });
});
