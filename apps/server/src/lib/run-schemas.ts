/**
 * The route schemas every module with background runs (planning's allocations, evacuation's assignments, coverage)
 * shares for listing, reading, following and cancelling its runs, beside the job tracker that runs them. A module
 * hands in its tag, its run's schema and its summaries; the shapes, status codes and the progress stream's contract
 * are the same everywhere, so a fix to one is a fix to all.
 */
import { Type, type TSchema } from 'typebox';
import { errorResponses, IdParams } from './schemas.ts';

export interface RunRouteSummaries {
  list: string;
  get: string;
  events: string;
  cancel: string;
}

/** What GET …/runs/{id}/events sends, whichever module's run it follows (see lib/progress-stream.ts). */
export const RUN_EVENTS_DESCRIPTION = 'text/event-stream: `event: progress` with `{id, status, phase, percent}` at every change, then one `event: done` when the run '
  + 'has ended (succeeded, failed or cancelled); the stream then closes. Reconnect-safe: the first event is always the current state.';

export function runRouteSchemas<R extends TSchema>(tag: string, run: R, summaries: RunRouteSummaries) {
  const tags = [tag];
  return {
    ListRunsSchema: { tags, summary: summaries.list, response: { 200: Type.Object({ items: Type.Array(run) }), ...errorResponses(401, 403) } },
    GetRunSchema: { tags, summary: summaries.get, params: IdParams, response: { 200: run, ...errorResponses(400, 401, 403, 404) } },
    RunEventsSchema: { tags, summary: summaries.events, description: RUN_EVENTS_DESCRIPTION, params: IdParams, response: { ...errorResponses(400, 401, 403, 404) } },
    CancelRunSchema: { tags, summary: summaries.cancel, params: IdParams, response: { 200: run, ...errorResponses(400, 401, 403, 404, 409) } },
  };
}
