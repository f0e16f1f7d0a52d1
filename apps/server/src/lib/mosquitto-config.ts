/**
 * Mosquitto's password and ACL files for the siren network: the external-broker twin of the embedded broker's login
 * and ACL hooks (plugins/messaging.ts). Written by `civdef broker mosquitto-config DIR`.
 *
 * - `passwd`: one line per account, `user:$7$101$<salt>$<hash>` — PBKDF2-HMAC-SHA512, 101 rounds, 12-byte salt,
 *   base64, the format `mosquitto_passwd` writes for Mosquitto 2. Terminals log in with their terminal id and the
 *   password derived from their key (`brokerPassword`), the platform with its own account.
 * - `acl`: the platform reads and writes the whole `civdef/v1/#` tree; every other user (`pattern`, `%u` = user name)
 *   reads only its own command topic and writes only its own report, heartbeat and state topics. A command vehicle
 *   logs in as `vehicle@<code>` (a `:` cannot be in a password-file user name, and `@` in no terminal id) and writes
 *   only its own position topic; the terminals' tree is denied to it, since the `%u` patterns match every user.
 * - `mosquitto.conf`: the lines that switch both on (include it from the broker's configuration, or use it whole
 *   with a `listener` line added).
 *
 * @example
 * const files = mosquittoFiles({ server: { username: 'civdef-server', password }, terminals: [{ terminalId: 'JB-1', password: p1 }], dir: '/etc/mosquitto/civdef' });
 * // files.passwd, files.acl, files.conf
 */
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { TERMINAL_ID_PATTERN } from './siren-protocol.ts';
import { positionTopic, vehicleBrokerUser } from './vehicle-protocol.ts';

export interface BrokerAccount {
  username: string;
  password: string;
}

/** One line of a Mosquitto 2 password file for the account (a fresh salt each time). */
export function mosquittoPasswordLine({ username, password }: BrokerAccount, salt: Buffer = randomBytes(12)): string {
  if (username.includes(':') || /\s/.test(username)) throw new Error(`user name ${JSON.stringify(username)}: no ':' or white space allowed`);
  const hash = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, 101, 64, 'sha512');
  return `${username}:$7$101$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function mosquittoAcl(serverUser: string, vehicleCodes: readonly string[] = []): string {
  const vehicles = vehicleCodes.flatMap((code) => [
    '',
    `user ${vehicleBrokerUser(code)}`,
    // Mosquitto checks a user's denials before any grant, its own or a pattern's: the terminal patterns below match
    // this user too (as `civdef/v1/t/vehicle@…/…`), and a vehicle has no business in the terminals' tree.
    'topic deny civdef/v1/t/#',
    `topic write ${positionTopic(code)}`,
  ]);
  return [
    '# civdef: written by `civdef broker mosquitto-config`; regenerate after adding or re-keying terminals.',
    `user ${serverUser}`,
    'topic readwrite civdef/v1/#',
    '',
    '# Every other account is a siren terminal named by its terminal id (%u).',
    'pattern read civdef/v1/t/%u/cmd',
    'pattern write civdef/v1/t/%u/report',
    'pattern write civdef/v1/t/%u/heartbeat',
    'pattern write civdef/v1/t/%u/state',
    ...(vehicles.length ? ['', '# Command vehicles: each writes only its own position.', ...vehicles.slice(1)] : []),
    '',
  ].join('\n');
}

/**
 * Messages the broker may hold for one client (QoS 1 beyond those in flight). Mosquitto's default (1,000) is far
 * below an alert's burst: 10,000 terminals each answer `accepted` within a second, and a stop round adds a `finished`
 * per siren, all to the platform's one session. Past the limit Mosquitto drops them silently, and a `finished` lost
 * that way left the delivery `accepted` (the platform reconciles such deliveries now, but seconds later, not at once).
 * Mosquitto 2.0 sets this for every client, not per client: terminals only ever have their own few commands queued,
 * so a high limit costs memory only for the platform's session.
 */
export const MOSQUITTO_MAX_QUEUED_MESSAGES = 100_000;
/**
 * QoS 1 messages sent to one client before its PUBACKs come back (default 20): the platform acknowledges each report
 * at once, so a wider window keeps the burst flowing instead of queueing it at the broker.
 */
export const MOSQUITTO_MAX_INFLIGHT_MESSAGES = 1_000;

export function mosquittoConf(dir: string): string {
  return [
    '# civdef: include this file (or add a `listener` line and use it whole).',
    'allow_anonymous false',
    `password_file ${path.join(dir, 'passwd')}`,
    `acl_file ${path.join(dir, 'acl')}`,
    '# An alert sends every terminal a command at once and each answers: the platform\'s session gets one report per',
    '# siren (two in a stop round) in a second or two. Mosquitto drops what exceeds max_queued_messages (default 1000)',
    '# without a word, so the limit is raised well above the size of the network; terminals have only their own few',
    '# commands queued, so it costs memory only for the platform. max_inflight_messages: how many reports may be on',
    '# the way to the platform before its acknowledgements (default 20) — wider keeps the burst flowing.',
    `max_queued_messages ${MOSQUITTO_MAX_QUEUED_MESSAGES}`,
    `max_inflight_messages ${MOSQUITTO_MAX_INFLIGHT_MESSAGES}`,
    '',
  ].join('\n');
}

export function mosquittoFiles(input: {
  server: BrokerAccount; terminals: Array<{ terminalId: string; password: string }>; vehicles?: Array<{ code: string; password: string }>; dir: string;
}): { passwd: string; acl: string; conf: string } {
  const lines = [mosquittoPasswordLine(input.server)];
  for (const t of input.terminals) {
    // Terminal ids are checked when stored; a bad one here would open a hole in the `%u` patterns, so it is refused again.
    if (!TERMINAL_ID_PATTERN.test(t.terminalId) || t.terminalId === input.server.username) throw new Error(`terminal id ${JSON.stringify(t.terminalId)}: not usable as a broker user name`);
    lines.push(mosquittoPasswordLine({ username: t.terminalId, password: t.password }));
  }
  const vehicles = input.vehicles ?? [];
  for (const v of vehicles) {
    // The code becomes a topic level in the ACL: a wildcard or a slash there would grant another topic.
    if (!TERMINAL_ID_PATTERN.test(v.code)) throw new Error(`vehicle code ${JSON.stringify(v.code)}: not usable in a broker user name and topic`);
    lines.push(mosquittoPasswordLine({ username: vehicleBrokerUser(v.code), password: v.password }));
  }
  return { passwd: `${lines.join('\n')}\n`, acl: mosquittoAcl(input.server.username, vehicles.map((v) => v.code)), conf: mosquittoConf(input.dir) };
}
