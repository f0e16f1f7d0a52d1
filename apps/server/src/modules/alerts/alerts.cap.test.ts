/**
 * Every CAP document the platform makes is valid against the OASIS CAP 1.2 schema (a copy beside this file), checked
 * with xmllint (Debian libxml2-utils, installed by .ci/run): the issue of an air-raid alert, an exercise, an
 * all-clear that references its alert, a drawn area, and one full of characters that must be escaped.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCap } from '../../lib/cap.ts';
import { buildCap, capTime, type CapInput } from './alerts.cap.ts';

const XSD = path.join(import.meta.dirname, 'cap12.xsd');
const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function validate(xml: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cap-')), 'a.xml');
  fs.writeFileSync(file, xml);
  try {
    return execFileSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`CAP document does not validate:\n${(err as { stderr?: string }).stderr ?? String(err)}\n${xml}`);
  }
}

const base: CapInput = {
  identifier: 'civdef-320600-20260918-1', sender: 'civdef-320600@nantong.rfb', senderName: '南通市国防动员办公室', sent: new Date('2026-09-18T02:00:00.123Z'),
  kind: 'air_raid', msgType: 'Alert', references: [], program: 'air_raid', headline: '南通市区空袭警报', messageZh: '空袭警报，请立即就近进入人防工程掩蔽。',
  messageEn: 'Air-raid warning: take shelter in the nearest civil air defence shelter now.', instructionZh: '保持镇静，听从指挥。', areaDesc: '崇川区、通州区',
  regionCodes: ['320613', '320612'],
};

describe('CAP 1.2 documents', () => {
  it('writes times with the +08:00 offset and no fraction, as the schema pattern requires', () => {
    expect(capTime(new Date('2026-09-18T02:00:00.999Z'))).toBe('2026-09-18T10:00:00+08:00');
    expect(capTime(new Date('2026-12-31T20:30:05Z'))).toBe('2027-01-01T04:30:05+08:00');
  });

  it.runIf(hasXmllint || process.env.CI)('validates against the OASIS schema: alert, exercise, all-clear, cancel, hostile text', () => {
    validate(buildCap(base));
    const exercise = buildCap({ ...base, kind: 'exercise', messageEn: null, instructionZh: null });
    validate(exercise);
    expect(exercise).toContain('<status>Exercise</status>');
    expect(exercise).toContain('【演习】');
    const clear = buildCap({ ...base, identifier: `${base.identifier}-clear`, msgType: 'Update', program: 'all_clear',
      references: [`${base.sender},${base.identifier},${capTime(base.sent)}`] });
    validate(clear);
    expect(clear).toContain('<responseType>AllClear</responseType>');
    expect(clear).toContain(`<references>${base.sender},${base.identifier},2026-09-18T10:00:00+08:00</references>`);
    const cancel = buildCap({ ...base, identifier: `${base.identifier}-cancel`, msgType: 'Cancel', headline: `【撤销】${base.headline}`, messageZh: '误发，请忽略',
      references: [`${base.sender},${base.identifier},${capTime(base.sent)}`, `${base.sender},${base.identifier}-u1,${capTime(base.sent)}`] });
    validate(cancel);
    expect(cancel).toContain('<msgType>Cancel</msgType>');
    expect(cancel).toContain('<responseType>None</responseType>');
    expect(cancel).toContain('<headline>Cancelled: Air-raid warning</headline>');
    expect(cancel).toContain(`${base.identifier},2026-09-18T10:00:00+08:00 ${base.sender},${base.identifier}-u1,`);
    const drawn = buildCap({ ...base, polygon: [[120.85, 32.01], [120.95, 32.01], [120.95, 32.08], [120.85, 32.08], [120.85, 32.01]] });
    validate(drawn);
    expect(drawn).toContain('<polygon>32.01,120.85 32.01,120.95 32.08,120.95 32.08,120.85 32.01,120.85</polygon>');
    const hostile = buildCap({ ...base, headline: '<script>&"\'</script>\u0001', messageZh: ']]><x/>', areaDesc: 'a & b' });
    validate(hostile);
    expect(hostile).toContain('&lt;script&gt;&amp;&quot;&apos;&lt;/script&gt;</headline>');
  });

  it('fails the check on an invalid document (guards the validator itself)', () => {
    if (!hasXmllint) return void expect(process.env.CI, 'xmllint (libxml2-utils) must be installed in CI').toBeFalsy();
    expect(() => validate(buildCap(base).replace('<status>Actual</status>', '<status>Real</status>'))).toThrow(/does not validate/);
  });
});

describe('CAP 1.2 documents read back', () => {
  // Any text the officers may type (including what XML must escape or cannot hold), any region codes and times.
  const text = (max: number) => fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }).filter((s) => s.trim() !== '' && !/[\u0000-\u001F\uFFFE\uFFFF]/.test(s));
  const input = fc.record({
    identifier: fc.stringMatching(/^[A-Za-z0-9._-]{1,40}$/), kind: fc.constantFrom('air_raid', 'disaster', 'exercise', 'test'), msgType: fc.constantFrom('Alert', 'Update', 'Cancel'),
    program: fc.constantFrom('preliminary', 'air_raid', 'all_clear'), headline: text(60), messageZh: text(200), messageEn: fc.option(text(100), { nil: null }),
    instructionZh: fc.option(text(100), { nil: null }), areaDesc: text(40), regionCodes: fc.array(fc.stringMatching(/^32\d{4}$/), { maxLength: 4 }),
    sent: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
    // A drawn ring at the map's precision (7 decimals), tiny values included (where a plain toString writes 1e-7).
    ring: fc.option(fc.array(fc.tuple(fc.integer({ min: -1_800_000_000, max: 1_800_000_000 }), fc.integer({ min: -900_000_000, max: 900_000_000 })).map(([x, y]) => [x / 1e7, y / 1e7] as [number, number]), { minLength: 3, maxLength: 12 }), { nil: null }),
  });

  it('parses every document it builds back to the same alert (and passes the rules the schema cannot express)', () => {
    fc.assert(fc.property(input, (i) => {
      const { ring, ...rest } = i;
      const polygon = ring ? [...ring, ring[0]!] : null;
      const cap: CapInput = { ...base, ...rest, kind: i.kind as CapInput['kind'], msgType: i.msgType as CapInput['msgType'], polygon,
        references: i.msgType === 'Alert' ? [] : [`${base.sender},${i.identifier}-0,${capTime(i.sent)}`] };
      const back = parseCap(buildCap(cap));
      expect(back).toMatchObject({ identifier: cap.identifier, sender: cap.sender, sent: capTime(cap.sent), msgType: cap.msgType, references: cap.references });
      expect(back.sentAt.getTime()).toBe(Math.floor(cap.sent.getTime() / 1000) * 1000);
      const zh = back.infos[0]!;
      expect(zh.description).toBe(cap.messageZh);
      expect(zh.instruction).toBe(cap.instructionZh);
      expect(zh.areas[0]!.areaDesc).toBe(cap.areaDesc);
      expect(zh.areas[0]!.geocodes.map((g) => g.value)).toEqual(cap.regionCodes);
      // CAP's "lat,lon" back to GeoJSON's [lon, lat]: the same ring, point for point (-0 reads back as 0).
      expect(zh.areas[0]!.polygons.map((p) => p.map(([lat, lon]) => [lon + 0, lat + 0]))).toEqual(polygon ? [polygon.map(([x, y]) => [x + 0, y + 0])] : []);
      expect(back.infos).toHaveLength(cap.messageEn ? 2 : 1);
    }), { numRuns: 300 });
  }, 60_000);
});
