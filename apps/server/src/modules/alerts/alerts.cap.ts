/**
 * CAP 1.2 (OASIS Common Alerting Protocol) documents of alerts: a pure function from an alert to XML, elements in
 * the schema's order, every text escaped, times with an explicit +08:00 offset and no fraction (the schema's
 * pattern refuses `Z` and milliseconds). Validated against the OASIS schema in `alerts.cap.test.ts` with xmllint.
 */
import { SIGNAL_PROGRAMS } from '@civdef/domain';

export interface CapInput {
  identifier: string;
  sender: string;
  senderName: string;
  sent: Date;
  kind: 'air_raid' | 'disaster' | 'exercise' | 'test';
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** `sender,identifier,sent` of the earlier messages this one updates or cancels (all of the alert's, oldest first). */
  references: string[];
  program: string;
  headline: string;
  messageZh: string;
  messageEn: string | null;
  instructionZh: string | null;
  areaDesc: string;
  regionCodes: string[];
  /** A drawn area's ring, [longitude, latitude] pairs, closed (the first repeated as the last); null when none was drawn. */
  polygon?: ReadonlyArray<readonly [number, number]> | null;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
  // XML 1.0 has no place for most control characters: drop them rather than emit a document nobody can parse.
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

/** A coordinate as CAP's plain decimal (never `1e-7`), to 7 places: a centimetre, as fine as the map draws. */
const decimal = (v: number) => v.toFixed(7).replace(/\.?0+$/, '');

/** `2026-09-18T10:00:00+08:00`: the instant in China Standard Time, as CAP's dateTime pattern wants it. */
export function capTime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/** What an alert's kind means in CAP's `status`: exercises and tests are marked as such to every receiver. */
export const capStatus = (kind: CapInput['kind']) => (kind === 'exercise' ? 'Exercise' : kind === 'test' ? 'Test' : 'Actual');

export function buildCap(a: CapInput): string {
  const program = SIGNAL_PROGRAMS.find((p) => p.code === a.program);
  const clear = a.program === 'all_clear';
  // A Cancel withdraws an alert issued in error: nothing to do any more, and what it warned of is not expected.
  const cancel = a.msgType === 'Cancel';
  const category = a.kind === 'disaster' ? 'Safety' : 'Security';
  const responseType = cancel ? 'None' : clear ? 'AllClear' : a.program === 'preliminary' ? 'Prepare' : 'Shelter';
  const urgency = cancel || clear ? 'Past' : a.program === 'preliminary' ? 'Expected' : 'Immediate';
  const severity = cancel || clear ? 'Minor' : a.program === 'preliminary' ? 'Severe' : 'Extreme';
  const certainty = cancel ? 'Unlikely' : clear ? 'Observed' : a.program === 'preliminary' ? 'Likely' : 'Observed';
  const lines: string[] = [];
  const el = (name: string, value: string | null | undefined, indent: string) => {
    if (value !== null && value !== undefined && value !== '') lines.push(`${indent}<${name}>${esc(value)}</${name}>`);
  };
  const info = (lang: 'zh-CN' | 'en', event: string, headline: string, description: string, instruction: string | null) => {
    lines.push('  <info>');
    el('language', lang, '    ');
    el('category', category, '    ');
    el('event', event, '    ');
    el('responseType', responseType, '    ');
    el('urgency', urgency, '    ');
    el('severity', severity, '    ');
    el('certainty', certainty, '    ');
    el('senderName', a.senderName, '    ');
    el('headline', headline, '    ');
    el('description', description, '    ');
    el('instruction', instruction, '    ');
    lines.push('    <area>');
    el('areaDesc', a.areaDesc, '      ');
    // CAP writes a polygon as space-separated "latitude,longitude" pairs (WGS84), the ring closed: the GeoJSON's
    // [longitude, latitude] turned round.
    if (a.polygon && a.polygon.length >= 4) el('polygon', a.polygon.map(([lng, lat]) => `${decimal(lat)},${decimal(lng)}`).join(' '), '      ');
    for (const code of a.regionCodes) {
      lines.push('      <geocode>');
      el('valueName', 'GB/T 2260', '        ');
      el('value', code, '        ');
      lines.push('      </geocode>');
    }
    lines.push('    </area>');
    lines.push('  </info>');
  };
  lines.push('<?xml version="1.0" encoding="UTF-8"?>');
  lines.push('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">');
  el('identifier', a.identifier, '  ');
  el('sender', a.sender, '  ');
  el('sent', capTime(a.sent), '  ');
  el('status', capStatus(a.kind), '  ');
  el('msgType', a.msgType, '  ');
  el('scope', 'Public', '  ');
  if (a.kind === 'exercise' || a.kind === 'test') el('note', a.kind === 'exercise' ? '演习 Exercise' : '测试 Test', '  ');
  if (a.references.length > 0) el('references', a.references.join(' '), '  ');
  const prefix = a.kind === 'exercise' ? '【演习】' : a.kind === 'test' ? '【测试】' : '';
  info('zh-CN', `${prefix}${program?.zh ?? a.program}`, `${prefix}${a.headline}`, a.messageZh, a.instructionZh);
  if (a.messageEn) {
    const p = a.kind === 'exercise' ? '[EXERCISE] ' : a.kind === 'test' ? '[TEST] ' : '';
    info('en', `${p}${program?.en ?? a.program}`, `${p}${cancel ? 'Cancelled: ' : ''}${program?.en ?? a.headline}`, a.messageEn, null);
  }
  lines.push('</alert>');
  return `${lines.join('\n')}\n`;
}

/** The public view of a message: the fields the feed may carry, nothing about who drafted or confirmed it. */
export function capSummary(cap: CapInput): Record<string, unknown> {
  const program = SIGNAL_PROGRAMS.find((p) => p.code === cap.program);
  return {
    identifier: cap.identifier, sent: cap.sent.toISOString(), status: capStatus(cap.kind), msgType: cap.msgType, references: cap.references.join(' ') || null,
    event: program?.zh ?? cap.program, headline: cap.headline, description: cap.messageZh, descriptionEn: cap.messageEn, instruction: cap.instructionZh,
    areaDesc: cap.areaDesc, regionCodes: cap.regionCodes, polygon: cap.polygon ?? null, capUrl: `/api/public/alerts/${cap.identifier}/cap.xml`,
  };
}
