import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allowedToPublish, allowedToSubscribe } from '../plugins/messaging.ts';
import { mosquittoFiles, mosquittoPasswordLine } from './mosquitto-config.ts';

describe('Mosquitto files', () => {
  it('writes password lines in Mosquitto 2 format (PBKDF2-SHA512, 101 rounds) that check out', () => {
    const line = mosquittoPasswordLine({ username: 'JB-1', password: 'secret 密码' }, Buffer.alloc(12, 7));
    const [user, rest] = line.split(':') as [string, string];
    const [, seven, rounds, salt, hash] = rest.split('$');
    expect([user, seven, rounds, salt]).toEqual(['JB-1', '7', '101', Buffer.alloc(12, 7).toString('base64')]);
    expect(hash).toBe(pbkdf2Sync(Buffer.from('secret 密码'), Buffer.alloc(12, 7), 101, 64, 'sha512').toString('base64'));
  });

  it('refuses user names that would break the file or the %u patterns', () => {
    expect(() => mosquittoPasswordLine({ username: 'a:b', password: 'x' })).toThrow(/no ':'/);
    for (const terminalId of ['a/b', 'a+', '#', 'civdef-server', '']) {
      expect(() => mosquittoFiles({ server: { username: 'civdef-server', password: 'p' }, terminals: [{ terminalId, password: 'x' }], dir: '/d' }), terminalId).toThrow(/not usable/);
    }
  });

  it('grants the platform everything and a terminal only its own topics, in the ACL file as in the embedded broker', () => {
    const files = mosquittoFiles({ server: { username: 'civdef-server', password: 'p' }, terminals: [{ terminalId: 'JB-1', password: 'x' }], dir: '/etc/m' });
    expect(files.passwd.trim().split('\n').map((l) => l.split(':')[0])).toEqual(['civdef-server', 'JB-1']);
    expect(files.acl).toMatch(/user civdef-server\ntopic readwrite civdef\/v1\/#/);
    expect(files.acl.match(/^pattern .*$/gm)).toEqual([
      'pattern read civdef/v1/t/%u/cmd', 'pattern write civdef/v1/t/%u/report', 'pattern write civdef/v1/t/%u/heartbeat', 'pattern write civdef/v1/t/%u/state',
    ]);
    expect(files.conf).toContain('allow_anonymous false\npassword_file /etc/m/passwd\nacl_file /etc/m/acl');
    // An alert's burst to the platform (an answer per siren, two in a stop round, 10,000 sirens) fits the broker's queue.
    expect(Number(files.conf.match(/^max_queued_messages (\d+)$/m)?.[1])).toBeGreaterThanOrEqual(2 * 10_000);
    expect(Number(files.conf.match(/^max_inflight_messages (\d+)$/m)?.[1])).toBeGreaterThan(20);

    const a = { kind: 'terminal' as const, terminalId: 'JB-1' };
    expect(['report', 'heartbeat', 'state'].map((t) => allowedToPublish(a, `civdef/v1/t/JB-1/${t}`))).toEqual([true, true, true]);
    expect(['civdef/v1/t/JB-1/cmd', 'civdef/v1/t/JB-2/report', 'civdef/v1/t/JB-2/state', 'civdef/v1/vehicle/JB-1/position', '$SYS/x'].some((t) => allowedToPublish(a, t))).toBe(false);
    expect(allowedToSubscribe(a, 'civdef/v1/t/JB-1/cmd')).toBe(true);
    expect(['civdef/v1/t/JB-2/cmd', 'civdef/v1/t/+/cmd', 'civdef/v1/#', '#', 'civdef/v1/t/JB-1/#'].some((f) => allowedToSubscribe(a, f))).toBe(false);
    const v = { kind: 'vehicle' as const, code: 'JD-1' };
    expect(allowedToPublish(v, 'civdef/v1/vehicle/JD-1/position')).toBe(true);
    expect(allowedToPublish(v, 'civdef/v1/vehicle/JD-2/position') || allowedToPublish(v, 'civdef/v1/t/JD-1/report') || allowedToSubscribe(v, 'civdef/v1/vehicle/JD-1/position')).toBe(false);
    expect(allowedToPublish({ kind: 'server' }, 'civdef/v1/t/JB-1/cmd') && allowedToSubscribe({ kind: 'server' }, 'civdef/v1/t/+/report')).toBe(true);
  });

  it('gives each command vehicle an account as vehicle@<code> that writes only its own position, and refuses unusable codes', () => {
    const files = mosquittoFiles({
      server: { username: 'civdef-server', password: 'p' }, terminals: [{ terminalId: 'JB-1', password: 'x' }],
      vehicles: [{ code: 'JD-1', password: 'v1' }, { code: 'JD-2', password: 'v2' }], dir: '/etc/m',
    });
    expect(files.passwd.trim().split('\n').map((l) => l.slice(0, l.indexOf(':')))).toEqual(['civdef-server', 'JB-1', 'vehicle@JD-1', 'vehicle@JD-2']);
    expect(files.acl).toContain('user vehicle@JD-1\ntopic deny civdef/v1/t/#\ntopic write civdef/v1/vehicle/JD-1/position\n');
    expect(files.acl).toContain('user vehicle@JD-2\ntopic deny civdef/v1/t/#\ntopic write civdef/v1/vehicle/JD-2/position\n');
    // No vehicle is granted a wildcard, nor any other vehicle's topic.
    expect(files.acl.match(/^topic write .*$/gm)).toEqual(['topic write civdef/v1/vehicle/JD-1/position', 'topic write civdef/v1/vehicle/JD-2/position']);
    for (const code of ['a/b', '+', '#', 'x@y', '']) {
      expect(() => mosquittoFiles({ server: { username: 'civdef-server', password: 'p' }, terminals: [], vehicles: [{ code, password: 'x' }], dir: '/d' }), code).toThrow(/not usable/);
    }
  });
});
