/**
 * The command-and-response demo (plans, drills, evacuation places and area plans, key targets), written through
 * those modules' services inside the demo load's transaction. Kept apart from the rest of the demo load so the
 * command half can add its own beside it.
 */
import type { ResponseDemo } from '@civdef/demo-data';
import type { Database, Queryable } from '../../db/index.ts';
import { createDrillsService, type DrillsService } from '../drills/index.ts';
import { createEvacuationService, type EvacuationService } from '../evacuation/index.ts';
import { createPlansService, type PlansService } from '../plans/index.ts';
import type { PopulationService } from '../population/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { createTargetsService, type TargetsService } from '../targets/index.ts';

export interface ResponseLoaders {
  plans: Pick<PlansService, 'loadApproved'>;
  drills: Pick<DrillsService, 'loadDemo'>;
  targets: Pick<TargetsService, 'loadDemo'>;
  evacuation: Pick<EvacuationService, 'loadDemo'>;
}

/** The loaders over a bare database (no app): only their load methods are used. */
export function responseLoadersFor(db: Database, regions: RegionsService, population: PopulationService): ResponseLoaders {
  const plans = createPlansService({ db, regions });
  const drills = createDrillsService({ db, regions, plans });
  return {
    plans, drills,
    targets: createTargetsService({ db, regions, plans, drills }),
    evacuation: createEvacuationService({ db, regions, population, drills }),
  };
}

export async function loadResponseDemo(tx: Queryable, loaders: ResponseLoaders, demo: ResponseDemo): Promise<{ plans: number; drills: number; places: number; targets: number }> {
  const planIds = new Map<string, number>();
  for (const p of demo.plans) {
    planIds.set(p.key, await loaders.plans.loadApproved(tx, {
      kind: p.kind, title: p.title, regionCode: p.regionCode, content: p.content, note: p.note, synthetic: true, authorId: null, approverId: null, submitted: p.submitted,
    }));
  }
  const targetIds = new Map<string, number>();
  for (const t of demo.targets) {
    targetIds.set(t.key, await loaders.targets.loadDemo(tx, {
      code: t.code, name: t.name, category: t.category, grade: t.grade, unitName: t.unitName, regionCode: t.regionCode, location: t.location, footprint: t.footprint,
      checklist: t.checklist, oneLibrary: t.oneLibrary, repairTeam: t.repairTeam, planIds: t.planKeys.map((k) => planIds.get(k)!), funds: t.funds,
    }));
  }
  for (const d of demo.drills) {
    await loaders.drills.loadDemo(tx, {
      ...d, planId: d.planKey ? planIds.get(d.planKey)! : null, keyTargetId: d.targetKey ? targetIds.get(d.targetKey)! : null,
    });
  }
  await loaders.evacuation.loadDemo(tx, { places: demo.places, routes: demo.routes, plans: demo.areaPlans });
  return { plans: demo.plans.length, drills: demo.drills.length, places: demo.places.length, targets: demo.targets.length };
}
