/**
 * The working-day calendar the statutory clocks run on: the built-in years (packages/domain HOLIDAY_CALENDAR) with
 * the years the office has loaded laid over them. Loading a year re-computes, in the same transaction, every open
 * clock that year can move — the ones counted provisionally for want of its holidays, and the ones running through
 * it — and audits the load with the clocks it moved.
 */
import {
  HOLIDAY_CALENDAR, answerClock, holidayYearProblem, mergeHolidayYears, workingCalendar, workingClock, type HolidayYear, type WorkingCalendar,
} from '@civdef/domain';
import type { Database, Queryable } from '../../db/index.ts';
import { auditContextOf, type Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { appendAudit } from '../audit/index.ts';
import * as enforcementRepo from './enforcement.repository.ts';
import { RegulationErrors as E } from './regulation.errors.ts';
import * as repo from './regulation.repository.ts';

export interface CalendarYearInput { year: number; basis: string; holidays: string[]; workingWeekends: string[] }

/** A year as the calendar holds it: built in, or loaded by the office (with who loaded it and when). */
export interface CalendarYear extends HolidayYear {
  source: 'built_in' | 'loaded';
  loadedBy: string | null;
  loadedAt: Date | null;
}

/** One clock a load moved: which record, and its dates and provisional years before and after. */
export interface MovedClock {
  kind: 'approval' | 'enforcement';
  id: number; caseNo: string; regionCode: string;
  before: { dueOn: string; promisedDueOn?: string; provisionalYears: number[] };
  after: { dueOn: string; promisedDueOn?: string; provisionalYears: number[] };
}

export interface CalendarLoadResult { year: CalendarYear; recomputed: number; moved: MovedClock[] }

export interface CalendarService {
  /** The calendar as it stands, read in `q` (a transaction sees its own loads). */
  calendarOf(q: Queryable): Promise<WorkingCalendar>;
  /** The calendar for a clock `tx` is about to store, held until `tx` ends so a concurrent load cannot miss the clock. */
  calendarForNewClock(tx: Queryable): Promise<WorkingCalendar>;
  listCalendarYears(): Promise<CalendarYear[]>;
  /** Loads (or replaces) a year's holidays and 调休, re-computing the open clocks it moves. System-wide. */
  loadCalendarYear(actor: Actor, ip: string | null, input: CalendarYearInput): Promise<CalendarLoadResult>;
}

const sameYears = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((y, i) => y === b[i]);

export function createCalendarService(db: Database): CalendarService {
  async function years(q: Queryable): Promise<CalendarYear[]> {
    const loaded = await repo.calendarYears(q);
    const builtIn = HOLIDAY_CALENDAR.filter((b) => !loaded.some((l) => l.year === b.year))
      .map((b): CalendarYear => ({ ...b, source: 'built_in', loadedBy: null, loadedAt: null }));
    const fromDb = loaded.map((l): CalendarYear => ({
      year: l.year, basis: l.basis, holidays: l.holidays, workingWeekends: l.workingWeekends, source: 'loaded', loadedBy: l.loadedByName, loadedAt: l.loadedAt,
    }));
    return [...builtIn, ...fromDb].sort((a, b) => a.year - b.year);
  }

  const calendarOf = async (q: Queryable) => workingCalendar(mergeHolidayYears(HOLIDAY_CALENDAR, await repo.calendarYears(q)));

  return {
    calendarOf,
    async calendarForNewClock(tx) {
      await repo.holdCalendar(tx);
      return calendarOf(tx);
    },
    listCalendarYears: () => years(db),

    async loadCalendarYear(actor, ip, input) {
      const holidays = [...input.holidays].sort();
      const workingWeekends = [...input.workingWeekends].sort();
      const problem = holidayYearProblem({ year: input.year, holidays, workingWeekends });
      if (problem) throw new AppError(E.REGULATION_CALENDAR_INVALID, 400, { ...problem, field: `body.${problem.field}`, year: input.year });
      return db.transaction(async (tx) => {
        await repo.lockCalendar(tx);
        const before = (await years(tx)).find((y) => y.year === input.year) ?? null;
        await repo.upsertCalendarYear(tx, { year: input.year, basis: input.basis.trim(), holidays, workingWeekends, loadedBy: actor.userId });
        const calendar = await calendarOf(tx);
        const moved: MovedClock[] = [];
        for (const c of await repo.openApprovalClocksThrough(tx, input.year)) {
          const promised = workingClock(calendar, c.receivedOn, c.promisedDays);
          const legal = workingClock(calendar, c.receivedOn, c.legalDays);
          if (promised.dueOn === c.promisedDueOn && legal.dueOn === c.legalDueOn && sameYears(legal.provisionalYears, c.calendarProvisionalYears)) continue;
          await repo.setApprovalClock(tx, c.id, { promisedDueOn: promised.dueOn, legalDueOn: legal.dueOn, calendarProvisionalYears: legal.provisionalYears });
          moved.push({
            kind: 'approval', id: c.id, caseNo: c.caseNo, regionCode: c.regionCode,
            before: { dueOn: c.legalDueOn, promisedDueOn: c.promisedDueOn, provisionalYears: c.calendarProvisionalYears },
            after: { dueOn: legal.dueOn, promisedDueOn: promised.dueOn, provisionalYears: legal.provisionalYears },
          });
        }
        for (const c of await enforcementRepo.openAnswerClocksThrough(tx, input.year)) {
          const clock = answerClock(c.notifiedOn, c.partyKind, c.proposedFen ?? 0, calendar);
          if (clock.dueOn === c.answerDueOn && sameYears(clock.provisionalYears, c.calendarProvisionalYears)) continue;
          await enforcementRepo.updateCase(tx, c.id, { answerDueOn: clock.dueOn, calendarProvisionalYears: clock.provisionalYears });
          moved.push({
            kind: 'enforcement', id: c.id, caseNo: c.caseNo, regionCode: c.regionCode,
            before: { dueOn: c.answerDueOn, provisionalYears: c.calendarProvisionalYears }, after: { dueOn: clock.dueOn, provisionalYears: clock.provisionalYears },
          });
        }
        const audit = auditContextOf(actor, ip);
        // Each moved record's own history shows why its dates changed; the load's row lists them all.
        for (const m of moved) {
          await appendAudit(tx, audit, {
            action: m.kind === 'approval' ? 'approval_case.clock_recompute' : 'enforcement_case.clock_recompute',
            entityType: m.kind === 'approval' ? 'reg_approval_case' : 'reg_enforcement_case', entityId: m.id, regionCode: m.regionCode,
            before: m.before, after: { ...m.after, calendarYear: input.year },
          });
        }
        await appendAudit(tx, audit, {
          action: 'calendar_year.load', entityType: 'reg_calendar_year', entityId: input.year, regionCode: actor.regionCode,
          before: before && { source: before.source, basis: before.basis, holidays: before.holidays, workingWeekends: before.workingWeekends },
          after: { basis: input.basis.trim(), holidays, workingWeekends, recomputed: moved.length, moved: moved.map((m) => ({ kind: m.kind, id: m.id, caseNo: m.caseNo, before: m.before.dueOn, after: m.after.dueOn })) },
        });
        const year = (await years(tx)).find((y) => y.year === input.year)!;
        return { year, recomputed: moved.length, moved };
      });
    },
  };
}
