/**
 * Planning reports: gap closing (where a new work pays most, from a finished run) and the planning tables as XLSX
 * files (the balance per area, the comparison of two runs, the gap sites). Built on the planning service's reads, so
 * jurisdiction and run checks are the same as the screens'. No writes: nothing to audit (aggregates, no person data).
 */
import { BALANCE_STATUSES } from '@civdef/domain';
import type { Actor } from '../../lib/actor.ts';
import { addSheet, newWorkbook, workbookBuffer, type SheetSpec } from '../../lib/xlsx/write.ts';
import type { GapSite } from './gaps.ts';
import { createGapSearchRunner } from './gaps.runner.ts';
import type { PlanningService, PlanningSettings } from './planning.service.ts';

export interface GapQuery { sizeM2: number; cellM: number; count: number }

export interface PlanningReportsService {
  gaps(actor: Actor, runId: number, q: GapQuery): Promise<{ runId: number; radiusM: number; detourFactor: number; places: number; uncovered: number; sites: GapSite[] }>;
  balanceWorkbook(actor: Actor, parent?: string): Promise<Buffer>;
  comparisonWorkbook(actor: Actor, a: number, b: number): Promise<Buffer>;
  gapsWorkbook(actor: Actor, runId: number, q: GapQuery): Promise<Buffer>;
  /** Stops a gap search in flight (shutdown). */
  close(): Promise<void>;
}

async function book(...sheets: SheetSpec[]): Promise<Buffer> {
  const wb = await newWorkbook();
  for (const s of sheets) addSheet(wb, s);
  return workbookBuffer(wb);
}

const round = (n: number | null, d = 2) => (n === null ? null : Math.round(n * 10 ** d) / 10 ** d);

export function createPlanningReportsService({ planning, settings }: { planning: PlanningService; settings: Pick<PlanningSettings, 'areaPerPersonM2'> }): PlanningReportsService {
  const gapSearch = createGapSearchRunner();

  async function gaps(actor: Actor, runId: number, q: GapQuery) {
    const run = await planning.getRun(actor, runId);
    const demand = await planning.runUnassigned(actor, runId);
    const p = run.params as { radiusM: number; detourFactor: number };
    const reach = p.radiusM / p.detourFactor;
    // A candidate grid much finer than the reach adds candidates that differ by metres, at quadratic cost.
    const cellM = Math.max(q.cellM, reach / 8);
    const sites = await gapSearch.search(demand, { radiusM: p.radiusM, detourFactor: p.detourFactor, cellM, sizeM2: q.sizeM2, areaPerPersonM2: settings.areaPerPersonM2, count: q.count });
    return {
      runId, radiusM: p.radiusM, detourFactor: p.detourFactor, places: Math.floor(q.sizeM2 / settings.areaPerPersonM2),
      uncovered: demand.reduce((a, d) => a + d.unassigned, 0), sites,
    };
  }

  return {
    gaps,
    close: () => gapSearch.close(),

    async balanceWorkbook(actor, parent) {
      const v = await planning.balance(actor, parent);
      const status = (c: string) => BALANCE_STATUSES.find((s) => s.code === c)?.zh ?? c;
      const rows = [...v.children, v.parent].map((a) => ({
        code: a.code, name: a.code === v.parent.code ? `${a.name}（合计）` : a.name, people: a.people, stayRatio: round(a.stayRatio, 4), peopleStaying: a.peopleStaying,
        places: a.places, placesPerPerson: round(a.placesPerPerson), areaM2: round(a.civilDefenceAreaM2, 1), m2PerPerson: round(a.m2PerPerson),
        placesSurplus: a.placesSurplus, areaSurplusM2: round(a.areaSurplusM2, 1), status: status(a.status), works: a.works,
      }));
      return book({
        name: '人防平衡表',
        columns: [
          { header: '区划代码', key: 'code' }, { header: '片区', key: 'name', width: 20 }, { header: '常住人口', key: 'people' }, { header: '留城比例', key: 'stayRatio' },
          { header: '留城人口', key: 'peopleStaying' }, { header: '掩蔽位', key: 'places' }, { header: '人均掩蔽位', key: 'placesPerPerson' },
          { header: '人防工程面积m²', key: 'areaM2' }, { header: '人均面积m²', key: 'm2PerPerson' }, { header: '掩蔽位盈亏', key: 'placesSurplus' },
          { header: `面积盈亏m²（按人均${v.target.min}m²）`, key: 'areaSurplusM2' }, { header: '状态', key: 'status' }, { header: '工程数', key: 'works' },
        ],
        rows,
      });
    },

    async comparisonWorkbook(actor, a, b) {
      const c = await planning.compareRuns(actor, a, b);
      const label = (r: typeof c.a) => `#${r.id} ${String((r.params as { label?: string | null }).label ?? '')}`.trim();
      return book({
        name: '方案比较',
        columns: [
          { header: '区划代码', key: 'code' }, { header: '片区', key: 'name', width: 20 },
          { header: `留城人口 ${label(c.a)}`, key: 'peopleA' }, { header: `无掩蔽位 ${label(c.a)}`, key: 'unassignedA' },
          { header: `留城人口 ${label(c.b)}`, key: 'peopleB' }, { header: `无掩蔽位 ${label(c.b)}`, key: 'unassignedB' }, { header: '无掩蔽位变化', key: 'difference' },
        ],
        rows: c.areas.map((x) => ({ ...x, difference: x.unassignedB - x.unassignedA })),
      });
    },

    async gapsWorkbook(actor, runId, q) {
      const g = await gaps(actor, runId, q);
      return book({
        name: '补缺选址',
        columns: [
          { header: '排名', key: 'rank' }, { header: '区划代码', key: 'regionCode' }, { header: '经度', key: 'lng' }, { header: '纬度', key: 'lat' },
          { header: '服务半径内无掩蔽位人口', key: 'peopleInReach' }, { header: `新增覆盖人口（${q.sizeM2}m² 工程）`, key: 'newlyCovered' }, { header: '每m²新增覆盖人数', key: 'perM2' },
        ],
        rows: g.sites.map((s) => ({ ...s, perM2: round(s.perM2, 4) })),
      });
    },
  };
}
