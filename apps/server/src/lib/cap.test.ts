/**
 * The CAP reader on real agencies' samples (some deliberately invalid), on the rules the schema cannot express, and
 * under fast-check: whatever it is given — random text, valid documents cut, spliced or with characters changed —
 * it returns a parsed alert or throws CapInvalid, never anything else.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CapInvalid, parseCap } from './cap.ts';

const SAMPLES = path.join(import.meta.dirname, 'cap-samples');
const sample = (f: string) => fs.readFileSync(path.join(SAMPLES, f), 'utf8');
const refusal = (xml: string): CapInvalid => {
  try {
    parseCap(xml);
  } catch (err) {
    if (err instanceof CapInvalid) return err;
    throw err;
  }
  throw new Error('accepted');
};

const minimal = (over: Partial<Record<'scope' | 'extra' | 'sent' | 'msgType' | 'area', string>> = {}) => `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>TEST-1</identifier><sender>cma@example.cn</sender><sent>${over.sent ?? '2026-07-01T10:00:00+08:00'}</sent>
  <status>Actual</status><msgType>${over.msgType ?? 'Alert'}</msgType><scope>${over.scope ?? 'Public'}</scope>${over.extra ?? ''}
  <info><category>Met</category><event>暴雨</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <area><areaDesc>南通市</areaDesc>${over.area ?? '<polygon>32.0,120.8 32.1,120.8 32.1,121.0 32.0,120.8</polygon>'}</area></info>
</alert>`;

describe('CAP 1.2 reader', () => {
  it.each(['australia_bom.cap', 'canada.cap', 'iceland_met_office.cap', 'no_info_tag.cap'])('accepts the valid sample %s', (f) => {
    const cap = parseCap(sample(f));
    expect(cap.identifier.length).toBeGreaterThan(0);
    expect(cap.sentAt.getTime()).not.toBeNaN();
  });

  it('refuses the invalid samples, naming the element and the rule', () => {
    expect(refusal(sample('invalid.cap'))).toMatchObject({ field: 'alert.scope' });
    expect(refusal(sample('invalid_xmlns.cap')).ruleEn).toContain('urn:oasis:names:tc:emergency:alerts:1.2');
    expect(refusal(sample('earthquake.cap')).ruleEn).toContain('cap:1.1');
    expect(refusal(sample('smhi.se.alerts.cap')).ruleEn).toContain('not <alerts>');
    expect(refusal(sample('invalid.cap')).ruleZh).toContain('缺少必需元素 <scope>');
  });

  it('reads what it accepts: area polygons as [lat, lon], the Cancel sample\'s references', () => {
    const cap = parseCap(minimal());
    expect(cap.infos[0]!.areas[0]!.polygons[0]).toEqual([[32, 120.8], [32.1, 120.8], [32.1, 121], [32, 120.8]]);
    const cancel = parseCap(sample('no_info_tag.cap'));
    expect(cancel.msgType).toBe('Cancel');
    expect(cancel.references[0]).toMatch(/^AtHoc,1017033100951096-517189320160225203219800,2016-02-25T/);
  });

  it('holds the rules the schema cannot express', () => {
    expect(refusal(minimal({ area: '<polygon>32.0,120.8 32.1,120.8 32.1,121.0 32.05,120.8</polygon>' })).ruleEn).toContain('not closed');
    expect(refusal(minimal({ area: '<polygon>32.0,120.8 32.1,120.8 32.0,120.8</polygon>' })).ruleEn).toContain('at least 4');
    expect(refusal(minimal({ area: '<polygon>95,120.8 32.1,120.8 32.1,121.0 95,120.8</polygon>' })).ruleEn).toContain('lat in -90..90');
    expect(refusal(minimal({ area: '<circle>32.0,120.8</circle>' })).field).toBe('alert.info[0].area[0].circle[0]');
    expect(refusal(minimal({ scope: 'Restricted' })).field).toBe('alert.restriction');
    expect(refusal(minimal({ scope: 'Private' })).field).toBe('alert.addresses');
    expect(refusal(minimal({ msgType: 'Update' })).field).toBe('alert.references');
    expect(parseCap(minimal({ sent: '2026-07-01T02:00:00-00:00' })).sentAt.toISOString()).toBe('2026-07-01T02:00:00.000Z');
    expect(refusal(minimal({ sent: '2026-07-01T10:00:00+15:00' })).ruleEn).toContain('not a real instant');
    expect(refusal(minimal({ sent: '2026-02-30T10:00:00+08:00' })).ruleEn).toContain('not a real instant');
    expect(refusal(minimal({ sent: '2026-07-01T10:00:00Z' })).ruleEn).toContain('offset');
    expect(refusal(minimal({ extra: '<bogus>x</bogus>' })).field).toBe('alert.bogus');
    expect(refusal(minimal({ extra: '<references>a,b</references>' })).field).toBe('alert.references[0]');
    expect(parseCap(minimal({ scope: 'Restricted', extra: '<restriction>人防系统内部</restriction>' })).scope).toBe('Restricted');
  });

  it('never expands entities: a DOCTYPE is refused', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>${minimal().replace(/^<\?xml[^>]*>/, '').replace('<event>暴雨</event>', '<event>&x;</event>')}`;
    expect(refusal(xxe).ruleEn).toContain('DOCTYPE');
  });

  it('throws nothing but CapInvalid on random input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
      try {
        parseCap(s);
      } catch (err) {
        if (!(err instanceof CapInvalid)) throw err;
      }
    }), { numRuns: 500 });
    // Generous: the machine the suite runs on may be shared; the runs, not the clock, are what the test is about.
  }, 60_000);

  it('throws nothing but CapInvalid on valid documents cut, spliced or changed', () => {
    const docs = ['australia_bom.cap', 'canada.cap', 'no_info_tag.cap'].map(sample).concat([minimal()]);
    const mutated = fc.tuple(fc.constantFrom(...docs), fc.nat(), fc.nat(), fc.string({ maxLength: 20 }), fc.constantFrom('cut', 'insert', 'replace')).map(([doc, a, b, s, how]) => {
      const i = a % doc.length;
      const j = Math.min(doc.length, i + (b % 40));
      return how === 'cut' ? doc.slice(0, i) + doc.slice(j) : how === 'insert' ? doc.slice(0, i) + s + doc.slice(i) : doc.slice(0, i) + s + doc.slice(j);
    });
    fc.assert(fc.property(mutated, (xml) => {
      try {
        const cap = parseCap(xml);
        expect(typeof cap.identifier).toBe('string');
      } catch (err) {
        if (!(err instanceof CapInvalid)) throw err;
        expect(err.ruleZh.length + err.ruleEn.length).toBeGreaterThan(0);
      }
    }), { numRuns: 1000 });
  }, 60_000);
});
