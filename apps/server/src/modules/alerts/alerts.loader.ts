/**
 * The demo's past alerts, written inside the demo load's transaction (bootstrap calls it through the door): the
 * latest 9·18 air-defence exercise before today, issued and cleared, with its two CAP documents exactly as they
 * would have been published. It is why the public feed and the Atom feed are never empty on a demo. Marked as an
 * exercise everywhere (CAP status Exercise, 【演习】), and nothing was sounded for it (no siren command).
 */
import { lastNineEighteen } from '@civdef/domain';
import type { Queryable } from '../../db/index.ts';
import { buildCap, capStatus, capSummary, capTime, type CapInput } from './alerts.cap.ts';
import * as repo from './alerts.repository.ts';

export interface AlertsLoader {
  /** Writes the past exercise unless one is there already; answers how many alerts it wrote (0 or 1). */
  loadPastExercise(tx: Queryable, opts: { sender: string; senderName: string; regionCode: string; areaDesc: string; now?: Date }): Promise<number>;
}

export function createAlertsLoader(): AlertsLoader {
  return {
    async loadPastExercise(tx, { sender, senderName, regionCode, areaDesc, now = new Date() }) {
      if (await repo.hasPastExercise(tx)) return 0;
      const issuedAt = lastNineEighteen(now);
      const clearedAt = new Date(issuedAt.getTime() + 16 * 60_000);
      const text = {
        kind: 'exercise' as const, program: 'air_raid', areaDesc,
        headline: `${areaDesc}防空警报试鸣演习`,
        messageZh: `${areaDesc}于9月18日10时组织防空警报试鸣演习，鸣放空袭警报。此为演习，不是真实警报。`,
        messageEn: 'Air-raid siren exercise on 18 September at 10:00. This is an exercise, not a real alert.',
        instructionZh: '请保持正常生产生活秩序，可参加就近人防工程疏散演练。',
      };
      const id = await repo.insertPastAlert(tx, {
        ...text, area: { regionCodes: [regionCode] }, regionCode, by: '演示数据 (synthetic)', draftedAt: new Date(issuedAt.getTime() - 3_600_000), issuedAt, clearedAt,
      });
      const alert: CapInput = {
        identifier: `${sender}-${id}`, sender, senderName, sent: issuedAt, msgType: 'Alert', references: [], regionCodes: [regionCode], ...text,
      };
      const clear: CapInput = {
        ...alert, identifier: `${alert.identifier}-clear`, sent: clearedAt, msgType: 'Update', program: 'all_clear', headline: `${areaDesc}解除警报`,
        messageZh: `${areaDesc}解除警报。演习结束。`, messageEn: 'All clear. The exercise is over.', instructionZh: null,
        references: [`${sender},${alert.identifier},${capTime(issuedAt)}`],
      };
      for (const cap of [alert, clear]) {
        await repo.insertMessage(tx, {
          alertId: id, identifier: cap.identifier, msgType: cap.msgType, status: capStatus(cap.kind), sent: cap.sent, xml: buildCap(cap), summary: capSummary(cap), regionCode,
        });
      }
      return 1;
    },
  };
}
