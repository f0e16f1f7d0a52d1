/**
 * The command-and-response demo (plans, drills, evacuation places and area plans, key targets), written through
 * those modules' services inside the demo load's transaction. Kept apart from the rest of the demo load so the
 * command half can add its own beside it.
 */
import type { ResponseDemo } from '@civdef/demo-data';
import type { Database, Queryable } from '../../db/index.ts';
import { createRefsService, type RefsService } from '../command/index.ts';
import { createDrillsService, type DrillsService } from '../drills/index.ts';
import { createEvacuationService, type EvacuationService } from '../evacuation/index.ts';
import { createPlansService, type PlansService } from '../plans/index.ts';
import type { PopulationService } from '../population/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { createTargetsService, type TargetsService } from '../targets/index.ts';

export interface ResponseLoaders {
  refs: Pick<RefsService, 'idsByName'>;
  plans: Pick<PlansService, 'loadApproved'>;
  drills: Pick<DrillsService, 'loadDemo'>;
  targets: Pick<TargetsService, 'loadDemo'>;
  evacuation: Pick<EvacuationService, 'loadDemo'>;
}

/** The loaders over a bare database (no app): only their load methods are used. */
export function responseLoadersFor(db: Database, regions: RegionsService, population: PopulationService): ResponseLoaders {
  const refs = createRefsService({ db });
  const plans = createPlansService({ db, regions, refs });
  const drills = createDrillsService({ db, regions, plans, refs });
  return {
    refs, plans, drills,
    targets: createTargetsService({ db, regions, plans, drills, refs }),
    evacuation: createEvacuationService({ db, regions, population, drills }),
  };
}

export async function loadResponseDemo(tx: Queryable, loaders: ResponseLoaders, input: ResponseDemo): Promise<{ plans: number; drills: number; places: number; targets: number }> {
  const demo = await linkedDemo(tx, loaders.refs, input);
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

/**
 * The demo with its member units and teams linked by id where the command demo (loaded first, in the same
 * transaction) has a record of exactly that name; the rest (bodies outside the platform) stay text only.
 */
async function linkedDemo(tx: Queryable, refs: ResponseLoaders['refs'], demo: ResponseDemo): Promise<ResponseDemo> {
  const names = { unit: new Set<string>(), team: new Set<string>() };
  for (const p of demo.plans) for (const t of [...p.content.tasks, ...(p.submitted?.content.tasks ?? [])]) names[t.assigneeKind].add(t.assignee);
  for (const d of demo.drills) for (const x of d.participants) names[x.kind].add(x.name);
  for (const t of demo.targets) if (t.repairTeam) names.team.add(t.repairTeam.name);
  const ids = { unit: await refs.idsByName(tx, 'unit', [...names.unit]), team: await refs.idsByName(tx, 'team', [...names.team]) };
  const content = <C extends ResponseDemo['plans'][number]['content']>(c: C): C => ({ ...c, tasks: c.tasks.map((t) => ({ ...t, refId: ids[t.assigneeKind].get(t.assignee) ?? null })) });
  return {
    ...demo,
    plans: demo.plans.map((p) => ({ ...p, content: content(p.content), ...(p.submitted ? { submitted: { ...p.submitted, content: content(p.submitted.content) } } : {}) })),
    drills: demo.drills.map((d) => ({ ...d, participants: d.participants.map((x) => ({ ...x, refId: ids[x.kind].get(x.name) ?? null })) })),
    targets: demo.targets.map((t) => ({ ...t, repairTeam: t.repairTeam && { ...t.repairTeam, id: ids.team.get(t.repairTeam.name) ?? null } })),
  };
}
