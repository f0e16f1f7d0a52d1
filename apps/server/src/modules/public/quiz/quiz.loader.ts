/** Writes the demo's school and community list inside bootstrap's transaction (the quiz owns the table). */
import type { Queryable } from '../../../db/index.ts';
import { insertOrgsBulk } from './quiz.repository.ts';

export interface QuizLoader {
  /** Inserts the organisations (those already listed are skipped); returns how many were written. */
  loadDemoOrgs(tx: Queryable, orgs: ReadonlyArray<{ regionCode: string; kind: 'school' | 'community'; name: string }>): Promise<number>;
}

export const createQuizLoader = (): QuizLoader => ({ loadDemoOrgs: (tx, orgs) => insertOrgsBulk(tx, orgs) });
