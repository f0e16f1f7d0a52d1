/**
 * The public CAP outputs: the Atom feed parses as XML, every CAP document it links is valid against the OASIS
 * schema (xmllint), the JSON carries the same messages, exercises are marked, and all of it is cached like the other
 * public answers. The demo's past exercise is what the feed carries on a fresh demo.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FIXTURE, type TestContext } from '../../test/harness.ts';
import { createAlertsLoader } from './alerts.loader.ts';

const XSD = path.join(import.meta.dirname, 'cap12.xsd');
const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function xmllint(xml: string, args: string[]): void {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cap-feed-')), 'doc.xml');
  fs.writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', ...args, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`xmllint refused the document:\n${String((err as { stderr?: Buffer }).stderr)}\n${xml}`);
  }
}

/** The Atom document's elements as [name, attributes, text] (saxes throws on anything not well-formed). */
function parseXml(xml: string): Array<{ name: string; attributes: Record<string, string>; text: string }> {
  const out: Array<{ name: string; attributes: Record<string, string>; text: string }> = [];
  const stack: typeof out = [];
  const p = new SaxesParser({ xmlns: false });
  p.on('error', (e) => {
    throw e;
  });
  p.on('opentag', (t) => {
    const el = { name: t.name, attributes: t.attributes as Record<string, string>, text: '' };
    out.push(el);
    stack.push(el);
  });
  p.on('text', (t) => {
    if (stack.length) stack.at(-1)!.text += t;
  });
  p.on('closetag', () => void stack.pop());
  p.write(xml).close();
  return out;
}

let t: TestContext;

beforeAll(async () => {
  t = await createTestApp();
  const loader = createAlertsLoader();
  const opts = { sender: 'civdef-320600', senderName: '南通市国防动员办公室', regionCode: FIXTURE.city, areaDesc: '南通市', now: new Date('2026-12-05T04:00:00Z') };
  expect(await t.db.transaction((tx) => loader.loadPastExercise(tx, opts))).toBe(1);
  // Loading the demo again adds no second exercise.
  expect(await t.db.transaction((tx) => loader.loadPastExercise(tx, opts))).toBe(0);
});
afterAll(async () => t?.close());

describe('CAP Atom feed, JSON and documents', () => {
  it('serves an Atom feed that parses, marks the exercise and links each CAP document, each valid against the schema', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/cap/alerts.atom' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/atom+xml');
    expect(res.headers['cache-control']).toMatch(/public, max-age=\d+, stale-while-revalidate=\d+/);
    const elements = parseXml(res.body);
    expect(elements[0]!.name).toBe('feed');
    const entries = elements.filter((e) => e.name === 'entry');
    expect(entries).toHaveLength(2);
    const titles = elements.filter((e) => e.name === 'title').map((e) => e.text);
    expect(titles.slice(1).every((x) => x.startsWith('【演习 Exercise】'))).toBe(true);
    expect(elements.filter((e) => e.name === 'category' && e.attributes.term === 'Exercise')).toHaveLength(2);
    const links = elements.filter((e) => e.name === 'link' && e.attributes.type === 'application/cap+xml').map((e) => e.attributes.href!);
    expect(links).toEqual([expect.stringMatching(/^\/cap\/alerts\/civdef-320600-\d+-clear\.xml$/), expect.stringMatching(/^\/cap\/alerts\/civdef-320600-\d+\.xml$/)]);
    if (hasXmllint || process.env.CI) xmllint(res.body, []);
    for (const href of links) {
      const cap = await t.app.inject({ method: 'GET', url: href });
      expect(cap.statusCode).toBe(200);
      expect(cap.headers['content-type']).toContain('application/cap+xml');
      expect(cap.body).toContain('<status>Exercise</status>');
      if (hasXmllint || process.env.CI) xmllint(cap.body, ['--schema', XSD]);
    }
    // The all-clear references the alert it ends.
    const clear = await t.app.inject({ method: 'GET', url: links[0]! });
    expect(clear.body).toMatch(/<references>civdef-320600,civdef-320600-\d+,2026-09-18T10:00:00\+08:00<\/references>/);
  });

  it('answers a revalidation with 304 and an unknown document with 404', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/cap/alerts.atom' });
    const again = await t.app.inject({ method: 'GET', url: '/cap/alerts.atom', headers: { 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    const missing = await t.app.inject({ method: 'GET', url: '/cap/alerts/nothing-here.xml' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ALERTS_MESSAGE_NOT_FOUND');
  });

  it('carries the same messages as JSON, whitelisted fields only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/cap/alerts.json?limit=5' });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<Record<string, unknown>>;
    expect(items.map((i) => i.msgType)).toEqual(['Update', 'Alert']);
    expect(items.every((i) => i.status === 'Exercise')).toBe(true);
    expect(Object.keys(items[0]!).sort()).toEqual(
      ['areaDesc', 'capUrl', 'description', 'descriptionEn', 'event', 'headline', 'identifier', 'instruction', 'msgType', 'polygon', 'references', 'regionCodes', 'sent', 'status'],
    );
    expect(JSON.stringify(items)).not.toContain('演示数据');
  });
});
