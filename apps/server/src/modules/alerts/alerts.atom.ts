/**
 * The public Atom feed of published CAP messages (`/cap/alerts.atom`), the form emergency-alert aggregators read
 * (Google Public Alerts, the WMO register of alerting authorities): one entry per CAP message, newest first, its
 * link the CAP document itself (`/cap/alerts/{identifier}.xml`). Built from the stored public summary only, so the
 * feed carries nothing the JSON feed does not. Links are relative to the feed: a feed built from the request's Host
 * header could be poisoned in a shared cache.
 */
import { capTime } from './alerts.cap.ts';

export interface AtomEntry {
  identifier: string;
  sent: Date;
  status: string;
  msgType: string;
  summary: Record<string, unknown>;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');

/** What a reader sees first: exercises and tests say so before anything else. */
export function markedTitle(status: string, headline: string): string {
  const mark = status === 'Exercise' ? '【演习 Exercise】' : status === 'Test' ? '【测试 Test】' : '';
  return headline.startsWith('【') && mark ? `${mark}${headline.replace(/^【(演习|测试)】/, '')}` : `${mark}${headline}`;
}

export const capPath = (identifier: string) => `/cap/alerts/${identifier}.xml`;

export function buildAtom(feed: { sender: string; senderName: string; entries: readonly AtomEntry[]; now: Date }): string {
  const updated = feed.entries[0]?.sent ?? feed.now;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>urn:civdef:cap-feed:${esc(feed.sender)}</id>`,
    `  <title>${esc(feed.senderName)} 警报信息 CAP alerts</title>`,
    `  <updated>${capTime(updated)}</updated>`,
    `  <author><name>${esc(feed.senderName)}</name></author>`,
    '  <link rel="self" type="application/atom+xml" href="/cap/alerts.atom"/>',
    '  <link rel="alternate" type="application/json" href="/cap/alerts.json"/>',
  ];
  for (const e of feed.entries) {
    const s = e.summary;
    const str = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : '');
    lines.push(
      '  <entry>',
      `    <id>urn:civdef:cap:${esc(e.identifier)}</id>`,
      `    <title>${esc(markedTitle(e.status, str('headline')))}</title>`,
      `    <updated>${capTime(e.sent)}</updated>`,
      `    <published>${capTime(e.sent)}</published>`,
      `    <category term="${esc(e.status)}" label="CAP status"/>`,
      `    <category term="${esc(e.msgType)}" label="CAP msgType"/>`,
      `    <summary>${esc(`${str('event')}｜${str('areaDesc')}｜${str('description')}`)}</summary>`,
      `    <link rel="alternate" type="application/cap+xml" href="${esc(capPath(e.identifier))}"/>`,
      '  </entry>',
    );
  }
  lines.push('</feed>');
  return `${lines.join('\n')}\n`;
}
