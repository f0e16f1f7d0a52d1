/**
 * The planning module's services built together: the planning service (balance, runs), the reports on it (gap
 * closing, XLSX tables) and the assessment-area sets — what app.ts registers.
 */
import { createPlanningAreasService, type PlanningAreasService } from './planning.areas.service.ts';
import { createPlanningReportsService, type PlanningReportsService } from './planning.reports.service.ts';
import { createPlanningService, type PlanningDeps, type PlanningService } from './planning.service.ts';

export type { PlanningAreasService, PlanningReportsService };

export function createPlanningServices(deps: PlanningDeps): { planning: PlanningService; reports: PlanningReportsService; areas: PlanningAreasService } {
  const planning = createPlanningService(deps);
  return {
    planning,
    reports: createPlanningReportsService({ planning, settings: deps.settings }),
    areas: createPlanningAreasService({ db: deps.db, settings: deps.settings }),
  };
}
