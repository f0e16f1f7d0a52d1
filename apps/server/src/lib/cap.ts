/**
 * Reading CAP 1.2 documents from other agencies: a strict XML parse (saxes; a DOCTYPE is refused, so no entity is
 * ever expanded or fetched), the OASIS schema's structure checked element by element in the schema's order
 * (required elements, enumerations, the dateTime pattern, decimals and integers), then the rules the schema cannot
 * express: closed polygons of at least four points with coordinates in range, circles, scope Restricted/Private
 * with their restriction/addresses, Update/Cancel with references in `sender,identifier,sent` form, and times that
 * are real instants with a real offset (CAP writes UTC as `-00:00`, which is accepted). `parseCap` either returns
 * the parsed document or throws `CapInvalid` naming the element and the rule in zh-CN and English — nothing else (a
 * property test holds it to that). The same checks hold the documents the platform publishes (`alerts.cap.test.ts`).
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

/** The only error `parseCap` throws: which element (a path such as `alert.info[0].area[1].polygon[0]`) and the rule. */
export class CapInvalid extends Error {
  constructor(readonly field: string, readonly ruleZh: string, readonly ruleEn: string) {
    super(`${field}: ${ruleEn}`);
    this.name = 'CapInvalid';
  }
}

export interface CapArea {
  areaDesc: string;
  /** Rings as [lat, lon] pairs, CAP's order, first point repeated last. */
  polygons: Array<Array<[number, number]>>;
  circles: Array<{ lat: number; lon: number; radiusKm: number }>;
  geocodes: Array<{ valueName: string; value: string }>;
}
export interface CapInfo {
  language: string;
  categories: string[];
  event: string;
  responseTypes: string[];
  urgency: string;
  severity: string;
  certainty: string;
  effective: string | null;
  onset: string | null;
  expires: string | null;
  senderName: string | null;
  headline: string | null;
  description: string | null;
  instruction: string | null;
  web: string | null;
  areas: CapArea[];
}
export interface ParsedCap {
  identifier: string;
  sender: string;
  /** As written (with its offset); `sentAt` is the instant. */
  sent: string;
  sentAt: Date;
  status: string;
  msgType: string;
  scope: string;
  note: string | null;
  /** Each earlier message as `sender,identifier,sent`. */
  references: string[];
  infos: CapInfo[];
}

interface Node {
  ns: string;
  name: string;
  children: Node[];
  text: string;
  line: number;
}

/** The size beyond which a document is refused before parsing (a CAP message is a few kB; SMHI's bundle is 62 kB). */
export const CAP_MAX_BYTES = 1_000_000;

function tree(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let root: Node | null = null;
  const stack: Node[] = [];
  let failure: CapInvalid | null = null;
  const fail = (zh: string, en: string) => {
    failure ??= new CapInvalid('xml', `不是格式正确的 XML（第 ${parser.line} 行第 ${parser.column} 列）：${zh}`, `not well-formed XML (line ${parser.line}, column ${parser.column}): ${en}`);
  };
  parser.on('error', (e) => fail(e.message, e.message));
  parser.on('doctype', () => fail('不接受 DOCTYPE 声明', 'a DOCTYPE declaration is not accepted'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    const node: Node = { ns: tag.uri, name: tag.local, children: [], text: '', line: parser.line };
    if (stack.length) stack.at(-1)!.children.push(node);
    else root ??= node;
    stack.push(node);
  });
  const text = (t: string) => {
    if (stack.length) stack.at(-1)!.text += t;
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.on('closetag', () => void stack.pop());
  try {
    parser.write(xml).close();
  } catch (err) {
    // saxes reports through the error handler and throws when it has none left to call; keep the first reason.
    fail((err as Error).message, (err as Error).message);
  }
  if (failure) throw failure;
  if (!root) throw new CapInvalid('xml', '文档为空，没有根元素', 'the document is empty: no root element');
  return root;
}

type Kind = 'string' | 'dateTime' | 'decimal' | 'integer' | { enum: readonly string[] } | Spec[];
interface Spec {
  name: string;
  min: number;
  max: number;
  kind: Kind;
}
const one = (name: string, kind: Kind = 'string'): Spec => ({ name, min: 1, max: 1, kind });
const opt = (name: string, kind: Kind = 'string'): Spec => ({ name, min: 0, max: 1, kind });
const many = (name: string, kind: Kind = 'string', min = 0): Spec => ({ name, min, max: Infinity, kind });
const en = (...values: string[]) => ({ enum: values });

const PAIR: Spec[] = [one('valueName'), one('value')];
const AREA: Spec[] = [one('areaDesc'), many('polygon'), many('circle'), many('geocode', PAIR), opt('altitude', 'decimal'), opt('ceiling', 'decimal')];
const RESOURCE: Spec[] = [one('resourceDesc'), one('mimeType'), opt('size', 'integer'), opt('uri'), opt('derefUri'), opt('digest')];
const INFO: Spec[] = [
  opt('language'),
  many('category', en('Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'), 1),
  one('event'),
  many('responseType', en('Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None')),
  one('urgency', en('Immediate', 'Expected', 'Future', 'Past', 'Unknown')),
  one('severity', en('Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown')),
  one('certainty', en('Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown')),
  opt('audience'), many('eventCode', PAIR), opt('effective', 'dateTime'), opt('onset', 'dateTime'), opt('expires', 'dateTime'),
  opt('senderName'), opt('headline'), opt('description'), opt('instruction'), opt('web'), opt('contact'), many('parameter', PAIR), many('resource', RESOURCE),
  many('area', AREA),
];
const ALERT: Spec[] = [
  one('identifier'), one('sender'), one('sent', 'dateTime'),
  one('status', en('Actual', 'Exercise', 'System', 'Test', 'Draft')),
  one('msgType', en('Alert', 'Update', 'Cancel', 'Ack', 'Error')),
  opt('source'), one('scope', en('Public', 'Restricted', 'Private')), opt('restriction'), opt('addresses'), many('code'), opt('note'), opt('references'),
  opt('incidents'), many('info', INFO),
];

const DATE_TIME = /^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const INTEGER = /^[+-]?\d+$/;
// XML Schema collapses whitespace around these simple values before checking them.
const collapse = (s: string) => s.trim();

/** Checks `node`'s children against `specs` in order; returns them grouped by name. */
function sequence(node: Node, specs: Spec[], path: string, allowSignature = false): Map<string, Node[]> {
  if (collapse(node.text) !== '') {
    throw new CapInvalid(path, `<${node.name}> 只能包含子元素，不能包含文字`, `<${node.name}> holds elements only, not text`);
  }
  const out = new Map<string, Node[]>();
  let i = 0;
  for (const spec of specs) {
    const found: Node[] = [];
    while (i < node.children.length && found.length < spec.max && node.children[i]!.ns === CAP_NS && node.children[i]!.name === spec.name) found.push(node.children[i++]!);
    if (found.length < spec.min) {
      const next = node.children[i];
      throw new CapInvalid(`${path}.${spec.name}`,
        `缺少必需元素 <${spec.name}>${next ? `（在第 ${next.line} 行见到 <${next.name}>，元素须按 CAP 1.2 规定的顺序）` : ''}`,
        `required element <${spec.name}> is missing${next ? ` (found <${next.name}> on line ${next.line}; elements must come in CAP 1.2's order)` : ''}`);
    }
    found.forEach((n, k) => checkValue(n, spec.kind, spec.max === 1 ? `${path}.${spec.name}` : `${path}.${spec.name}[${k}]`));
    out.set(spec.name, found);
  }
  for (; i < node.children.length; i++) {
    const extra = node.children[i]!;
    if (allowSignature && extra.ns === DSIG_NS) continue;
    throw new CapInvalid(`${path}.${extra.name}`,
      `第 ${extra.line} 行的元素 <${extra.name}> 不允许出现在此处（未知元素、重复或顺序错误）`,
      `element <${extra.name}> on line ${extra.line} is not allowed here (unknown, repeated or out of CAP 1.2's order)`);
  }
  return out;
}

function checkValue(node: Node, kind: Kind, path: string): void {
  if (Array.isArray(kind)) {
    sequence(node, kind, path);
    return;
  }
  if (node.children.length > 0) throw new CapInvalid(path, `<${node.name}> 只能包含文字，不能包含子元素`, `<${node.name}> holds text only, not elements`);
  const v = collapse(node.text);
  if (kind === 'dateTime' && !DATE_TIME.test(v)) {
    throw new CapInvalid(path, `时间「${v}」须为 YYYY-MM-DDThh:mm:ss±hh:mm（带时区偏移，无小数秒，不能用 Z）`, `time "${v}" must be YYYY-MM-DDThh:mm:ss±hh:mm (an offset, no fraction, no Z)`);
  }
  if (kind === 'decimal' && !DECIMAL.test(v)) throw new CapInvalid(path, `「${v}」不是十进制数`, `"${v}" is not a decimal number`);
  if (kind === 'integer' && !INTEGER.test(v)) throw new CapInvalid(path, `「${v}」不是整数`, `"${v}" is not an integer`);
  if (typeof kind === 'object' && !kind.enum.includes(v)) {
    throw new CapInvalid(path, `「${v}」不是允许的取值（${kind.enum.join('、')}）`, `"${v}" is not one of ${kind.enum.join(', ')}`);
  }
}

/** A CAP time as an instant; the pattern is already checked, so what is left is whether the date exists. */
function instant(v: string, path: string): Date {
  const d = new Date(v.replace(',', '+'));
  const [, y, mo, da, h, mi, s] = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)/.exec(v)!.map(Number) as number[];
  const probe = new Date(Date.UTC(y!, mo! - 1, da!, h!, mi!, s!));
  const real = !Number.isNaN(d.getTime()) && probe.getUTCFullYear() === y && probe.getUTCMonth() === mo! - 1 && probe.getUTCDate() === da && h! < 24 && mi! < 60 && s! < 60
    && Number(v.slice(20, 22)) <= 14 && Number(v.slice(23, 25)) < 60;
  if (!real) throw new CapInvalid(path, `时间「${v}」不是真实存在的时刻`, `time "${v}" is not a real instant`);
  return d;
}

const textOf = (m: Map<string, Node[]>, name: string): string | null => {
  const n = m.get(name)?.[0];
  return n ? n.text : null;
};
const allText = (m: Map<string, Node[]>, name: string) => (m.get(name) ?? []).map((n) => collapse(n.text));

/** CAP polygons: "lat,lon lat,lon …", at least four pairs, the first repeated last (closed), each in range. */
function polygonOf(v: string, path: string): Array<[number, number]> {
  const pairs = collapse(v).split(/\s+/).filter(Boolean);
  const points = pairs.map((p) => pointOf(p, path));
  if (points.length < 4) throw new CapInvalid(path, `多边形须至少有 4 个坐标对（现有 ${points.length} 个）`, `a polygon needs at least 4 coordinate pairs (has ${points.length})`);
  const [a, z] = [points[0]!, points.at(-1)!];
  if (a[0] !== z[0] || a[1] !== z[1]) throw new CapInvalid(path, '多边形未闭合：最后一个坐标须与第一个相同', 'the polygon is not closed: its last point must repeat the first');
  return points;
}
function pointOf(p: string, path: string): [number, number] {
  const m = /^([+-]?\d+(?:\.\d+)?),([+-]?\d+(?:\.\d+)?)$/.exec(p);
  const lat = m ? Number(m[1]) : NaN;
  const lon = m ? Number(m[2]) : NaN;
  if (!m || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    throw new CapInvalid(path, `坐标「${p.slice(0, 40)}」须为「纬度,经度」，纬度 -90～90，经度 -180～180`, `point "${p.slice(0, 40)}" must be "lat,lon" with lat in -90..90 and lon in -180..180`);
  }
  return [lat, lon];
}
function circleOf(v: string, path: string) {
  const [centre, radius, ...rest] = collapse(v).split(/\s+/);
  const r = Number(radius);
  if (!centre || radius === undefined || rest.length > 0 || !DECIMAL.test(radius) || r < 0) {
    throw new CapInvalid(path, `圆须为「纬度,经度 半径公里数」，如「32.0,120.9 5」`, 'a circle must be "lat,lon radius-km", e.g. "32.0,120.9 5"');
  }
  const [lat, lon] = pointOf(centre, path);
  return { lat, lon, radiusKm: r };
}

/** Parses and checks one CAP 1.2 alert; throws `CapInvalid` (and only that) when it is not one. */
export function parseCap(xml: string): ParsedCap {
  if (typeof xml !== 'string' || xml.trim() === '') throw new CapInvalid('xml', '文档为空', 'the document is empty');
  if (Buffer.byteLength(xml) > CAP_MAX_BYTES) throw new CapInvalid('xml', `文档超过 ${CAP_MAX_BYTES} 字节`, `the document is larger than ${CAP_MAX_BYTES} bytes`);
  const root = tree(xml);
  if (root.name !== 'alert' || root.ns !== CAP_NS) {
    throw new CapInvalid('alert', `根元素须为 CAP 1.2 的 <alert>（命名空间 ${CAP_NS}），实际为 <${root.name}>（${root.ns || '无命名空间'}）`,
      `the root must be CAP 1.2's <alert> (namespace ${CAP_NS}), not <${root.name}> (${root.ns || 'no namespace'})`);
  }
  const a = sequence(root, ALERT, 'alert', true);
  const sent = collapse(textOf(a, 'sent')!);
  const sentAt = instant(sent, 'alert.sent');
  for (const f of ['identifier', 'sender'] as const) {
    const v = textOf(a, f)!;
    if (v.trim() === '' || /[\s,<&]/.test(v)) {
      throw new CapInvalid(`alert.${f}`, '不能为空，且不能包含空格、逗号、< 或 &', 'must not be empty or contain spaces, commas, < or &');
    }
  }
  const scope = collapse(textOf(a, 'scope')!);
  if (scope === 'Restricted' && !textOf(a, 'restriction')?.trim()) {
    throw new CapInvalid('alert.restriction', 'scope 为 Restricted 时须说明 restriction', 'scope Restricted needs a <restriction>');
  }
  if (scope === 'Private' && !textOf(a, 'addresses')?.trim()) {
    throw new CapInvalid('alert.addresses', 'scope 为 Private 时须列出 addresses', 'scope Private needs <addresses>');
  }
  const msgType = collapse(textOf(a, 'msgType')!);
  const references = (textOf(a, 'references') ?? '').trim().split(/\s+/).filter(Boolean);
  references.forEach((r, k) => {
    const parts = r.split(',');
    if (parts.length !== 3 || !parts[0] || !parts[1] || !DATE_TIME.test(parts[2]!)) {
      throw new CapInvalid(`alert.references[${k}]`, `引用「${r.slice(0, 80)}」须为「发送者,标识,发送时间」`, `reference "${r.slice(0, 80)}" must be "sender,identifier,sent"`);
    }
  });
  if ((msgType === 'Update' || msgType === 'Cancel') && references.length === 0) {
    throw new CapInvalid('alert.references', `msgType 为 ${msgType} 时须引用被更新或撤销的消息`, `msgType ${msgType} must reference the message it updates or cancels`);
  }
  const infos = (a.get('info') ?? []).map((node, k): CapInfo => {
    const path = `alert.info[${k}]`;
    const i = sequence(node, INFO, path);
    const times: Record<'effective' | 'onset' | 'expires', string | null> = { effective: null, onset: null, expires: null };
    for (const f of ['effective', 'onset', 'expires'] as const) {
      const v = textOf(i, f);
      if (v !== null) {
        times[f] = collapse(v);
        instant(times[f], `${path}.${f}`);
      }
    }
    if (times.expires && instant(times.expires, `${path}.expires`) < instant(times.effective ?? sent, `${path}.effective`)) {
      throw new CapInvalid(`${path}.expires`, '失效时间早于生效（或发送）时间', 'expires is before effective (or sent)');
    }
    const areas = (i.get('area') ?? []).map((an, j): CapArea => {
      const ap = `${path}.area[${j}]`;
      const ar = sequence(an, AREA, ap);
      return {
        areaDesc: textOf(ar, 'areaDesc')!,
        polygons: allText(ar, 'polygon').map((v, n) => polygonOf(v, `${ap}.polygon[${n}]`)),
        circles: allText(ar, 'circle').map((v, n) => circleOf(v, `${ap}.circle[${n}]`)),
        geocodes: (ar.get('geocode') ?? []).map((g) => ({ valueName: collapse(g.children[0]!.text), value: collapse(g.children[1]!.text) })),
      };
    });
    return {
      language: collapse(textOf(i, 'language') ?? 'en-US'), categories: allText(i, 'category'), event: textOf(i, 'event')!, responseTypes: allText(i, 'responseType'),
      urgency: collapse(textOf(i, 'urgency')!), severity: collapse(textOf(i, 'severity')!), certainty: collapse(textOf(i, 'certainty')!), ...times,
      senderName: textOf(i, 'senderName'), headline: textOf(i, 'headline'), description: textOf(i, 'description'), instruction: textOf(i, 'instruction'),
      web: textOf(i, 'web'), areas,
    };
  });
  return {
    identifier: textOf(a, 'identifier')!, sender: textOf(a, 'sender')!, sent, sentAt, status: collapse(textOf(a, 'status')!), msgType, scope,
    note: textOf(a, 'note'), references, infos,
  };
}

/**
 * The CAP documents an Atom feed links (each entry's link of a CAP or XML type, else its alternate link), resolved
 * against the feed's URL; at most `max`, in the feed's order (newest first, by convention).
 */
export function atomCapLinks(xml: string, feedUrl: string, max = 20): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const links: string[] = [];
  let inEntry = false;
  let chosen: string | null = null;
  let fallback: string | null = null;
  let failure: string | null = null;
  parser.on('error', (e) => void (failure ??= e.message));
  parser.on('doctype', () => void (failure ??= 'a DOCTYPE declaration is not accepted'));
  parser.on('opentag', (t: SaxesTagNS) => {
    if (t.local === 'entry') [inEntry, chosen, fallback] = [true, null, null];
    if (!inEntry || t.local !== 'link') return;
    const attr = (n: string) => (t.attributes[n] as { value?: string } | undefined)?.value ?? '';
    if (/cap\+xml|\/xml/.test(attr('type'))) chosen ??= attr('href');
    else if (['', 'alternate'].includes(attr('rel'))) fallback ??= attr('href');
  });
  parser.on('closetag', (t: SaxesTagNS) => {
    if (t.local !== 'entry') return;
    inEntry = false;
    const href = chosen ?? fallback;
    if (href && links.length < max) {
      try {
        links.push(new URL(href, feedUrl).toString());
      } catch {
        // An entry whose link is not a URL is skipped; the others are still read.
      }
    }
  });
  try {
    parser.write(xml).close();
  } catch (err) {
    failure ??= (err as Error).message;
  }
  if (failure) throw new CapInvalid('feed', `订阅源不是格式正确的 XML：${failure}`, `the feed is not well-formed XML: ${failure}`);
  return links;
}

/** Whether a fetched document is an Atom feed (else it is read as one CAP alert). */
export const isAtomFeed = (xml: string) => /<(?:[A-Za-z_][\w.-]*:)?feed[\s>]/.test(xml.slice(0, 2000)) && !/<(?:[A-Za-z_][\w.-]*:)?alert[\s>]/.test(xml.slice(0, 500));
