/**
 * The demo's last 9·18 campaign, written inside the demo load's transaction (bootstrap calls it through the door):
 * closed, with its three steps, their commands and each siren's answer as the control path would have recorded them,
 * the field observers' reports, each siren's result judged by the same rule a real close uses (`judgeSirenTest`), and
 * the failures' fault tickets, since repaired. Its date is the latest 9·18 before today, the day of the demo's past
 * exercise alert, so a campaign scheduled on the demo is compared with it. Nothing is sounded: it is history.
 */
import { SIGNAL_PROGRAMS, SIREN_FAULT_DEFAULT_DAYS, judgeSirenTest, lastNineEighteen, programDurationS, scopePrefix } from '@civdef/domain';
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db/index.ts';
import { randomNonce } from '../../lib/siren-protocol.ts';
import * as repo from './tests.repository.ts';

/** What one siren did in the past campaign (the demo data's `generateSirenTestDemo` gives one per siren). */
export interface PastCampaignSiren {
  code: string;
  steps: ReadonlyArray<{ state: 'finished' | 'failed' | 'rejected' | 'skipped'; reason: string | null }>;
  observations: ReadonlyArray<{ result: 'heard' | 'weak' | 'not_heard'; eastM: number; northM: number }>;
}

export interface SirenTestsLoader {
  /** Writes the past campaign for `regionCode` unless the demo has one; answers how many campaigns it wrote (0 or 1). */
  loadPastCampaign(tx: Queryable, opts: { regionCode: string; sirens: readonly PastCampaignSiren[]; now?: Date }): Promise<number>;
}

const BY = '演示数据 (synthetic)';
const MINUTE = 60_000;
const DAY = 86_400_000;

export function createSirenTestsLoader(): SirenTestsLoader {
  return {
    async loadPastCampaign(tx, { regionCode, sirens, now = new Date() }) {
      if ((await tx.query('SELECT 1 FROM siren_test WHERE created_by_name = $1 LIMIT 1', [BY])).rows.length > 0) return 0;
      const day = lastNineEighteen(now);
      const year = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(day);
      const finishedAt = new Date(day.getTime() + 2 * 60 * MINUTE);
      const testId = (await tx.query<{ id: number }>(
        `INSERT INTO siren_test (name, region_code, target, state, created_by_name, created_at, finished_by_name, finished_at, version)
         VALUES ($1, $2, $3::jsonb, 'finished', $4, $5, $4, $6, 3) RETURNING id`,
        [`${year}年“9·18”防空警报试鸣`, regionCode, JSON.stringify({ regionCodes: [regionCode] }), BY, new Date(day.getTime() - 14 * DAY), finishedAt],
      )).rows[0]!.id;
      // The national signals in their order, eight minutes apart: 10:00 预先警报, 10:08 空袭警报, 10:16 解除警报.
      const steps = SIGNAL_PROGRAMS.map((p, i) => ({
        seq: i + 1, program: p.code, playedS: programDurationS(p), at: new Date(day.getTime() + i * 8 * MINUTE), commandId: randomUUID(),
      }));
      await repo.insertSteps(tx, testId, steps.map((s) => ({ program: s.program, at: s.at.toISOString(), commandId: s.commandId })));
      await tx.query('UPDATE siren_test_step SET issued_at = at WHERE test_id = $1', [testId]);
      await tx.query(
        `INSERT INTO siren_command (id, action, program, target, region_code, issued_by_name, issued_at, expires_at, created_at)
         SELECT c.id, 'sound', c.program, $2::jsonb, $3, $4, c.at, c.at + interval '10 minutes', c.at
           FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, program text, at timestamptz)`,
        [JSON.stringify(steps.map((s) => ({ id: s.commandId, program: s.program, at: s.at }))), JSON.stringify({ regionCodes: [regionCode] }), regionCode, BY],
      );

      const { rows: known } = await tx.query<{ id: number; code: string; regionCode: string; terminalId: string | null }>(
        `SELECT id, code, region_code AS "regionCode", terminal_id AS "terminalId" FROM siren WHERE code = ANY($1::text[]) AND region_code LIKE $2 || '%'`,
        [sirens.map((s) => s.code), scopePrefix(regionCode)],
      );
      const byCode = new Map(known.map((k) => [k.code, k]));
      const deliveries: object[] = [];
      const observations: object[] = [];
      const results: repo.ResultInsert[] = [];
      const faults: object[] = [];
      for (const s of sirens) {
        const siren = byCode.get(s.code);
        if (!siren) continue;
        steps.forEach((step, i) => {
          const d = s.steps[i]!;
          const t = step.at.getTime();
          deliveries.push({
            commandId: step.commandId, sirenId: siren.id, regionCode: siren.regionCode, terminalId: siren.terminalId, nonce: randomNonce(), state: d.state,
            attempts: d.state === 'failed' ? 3 : d.state === 'skipped' ? 0 : 1, reason: d.reason,
            sentAt: d.state === 'skipped' ? null : new Date(t), acceptedAt: d.state === 'finished' ? new Date(t + 1_000) : null,
            finishedAt: d.state === 'finished' ? new Date(t + 1_000 + step.playedS * 1_000) : null,
            updatedAt: new Date(d.state === 'finished' ? t + 1_000 + step.playedS * 1_000 : t + 30_000),
          });
        });
        const seen = { heard: 0, notHeard: 0, weak: 0 };
        s.observations.forEach((o, k) => {
          seen[o.result === 'not_heard' ? 'notHeard' : o.result]++;
          observations.push({ sirenId: siren.id, regionCode: siren.regionCode, result: o.result, eastM: o.eastM, northM: o.northM, at: new Date(day.getTime() + (3 + k) * MINUTE) });
        });
        const verdict = judgeSirenTest(steps.map((st, i) => ({ program: st.program, state: s.steps[i]!.state, reason: s.steps[i]!.reason })), seen);
        const key = results.length;
        results.push({
          sirenId: siren.id, regionCode: siren.regionCode, outcome: verdict.outcome, cause: verdict.cause?.zh ?? null, causeEn: verdict.cause?.en ?? null,
          steps: steps.map((st, i) => ({ seq: st.seq, state: s.steps[i]!.state, reason: s.steps[i]!.reason })), ...seen, faultId: null,
        });
        if (verdict.outcome === 'failed') {
          faults.push({ key, sirenId: siren.id, regionCode: siren.regionCode, category: verdict.category ?? 'other', description: `${year}年“9·18”防空警报试鸣：${verdict.cause?.zh ?? ''}` });
        }
      }
      await tx.query(
        `INSERT INTO siren_command_target (command_id, siren_id, region_code, terminal_id, nonce, state, attempts, reason, sent_at, accepted_at, finished_at, updated_at)
         SELECT d."commandId", d."sirenId", d."regionCode", d."terminalId", d.nonce, d.state, d.attempts, d.reason, d."sentAt", d."acceptedAt", d."finishedAt", d."updatedAt"
           FROM jsonb_to_recordset($1::jsonb) AS d("commandId" uuid, "sirenId" int, "regionCode" text, "terminalId" text, nonce text, state text, attempts int,
                reason text, "sentAt" timestamptz, "acceptedAt" timestamptz, "finishedAt" timestamptz, "updatedAt" timestamptz)`,
        [JSON.stringify(deliveries)],
      );
      // Observers stood a few hundred metres from the siren they reported on (metres to degrees at the siren's latitude).
      await tx.query(
        `INSERT INTO siren_test_observation (test_id, siren_id, region_code, result, location, distance_m, observer, at)
         SELECT $1, o."sirenId", o."regionCode", o.result, p.pt, ST_Distance(p.pt::geography, s.location::geography), $3, o.at
           FROM jsonb_to_recordset($2::jsonb) AS o("sirenId" int, "regionCode" text, result text, "eastM" float8, "northM" float8, at timestamptz)
           JOIN siren s ON s.id = o."sirenId"
          CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(ST_X(s.location) + o."eastM" / (111320 * cos(radians(ST_Y(s.location)))),
                                                             ST_Y(s.location) + o."northM" / 110540), 4326) AS pt) p`,
        [testId, JSON.stringify(observations), BY],
      );
      // Each failure got its ticket at the close, and was repaired within the weeks after.
      const { rows: opened } = await tx.query<{ key: number; id: number }>(
        `WITH f AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS f(key int, "sirenId" int, "regionCode" text, category text, description text)),
              ins AS (
                INSERT INTO siren_fault (siren_id, region_code, category, description, state, deadline, reported_by, reported_at, assignee, resolution, resolved_at, version)
                SELECT f."sirenId", f."regionCode", f.category, f.description, 'repaired', $2::timestamptz + make_interval(days => $3), $4, $2, '维保单位（演示）',
                       '已修复，复测正常（演示数据）', $2::timestamptz + make_interval(days => 2 + f.key % 5), 3
                  FROM f ORDER BY f.key
                RETURNING id, siren_id)
         SELECT f.key, ins.id FROM ins JOIN f ON f."sirenId" = ins.siren_id`,
        [JSON.stringify(faults), finishedAt, SIREN_FAULT_DEFAULT_DAYS, BY],
      );
      for (const o of opened) results[o.key]!.faultId = o.id;
      await repo.insertResults(tx, testId, results);
      return 1;
    },
  };
}
