// A job started by a schedule carries the schedule's id and name in its metadata (the server
// adds `scheduled_job_id`, `scheduled_job_name` and `execution_count`).
import * as l10n from '@vscode/l10n';

export interface ScheduleOrigin {
  scheduleId?: string;
  scheduleName?: string;
  /** Which run of the schedule this job is (1-based), when the server says. */
  run?: number;
}

export function scheduleOriginOf(metadata: Record<string, unknown> | null | undefined): ScheduleOrigin | undefined {
  if (!metadata) return undefined;
  const id = metadata.scheduled_job_id;
  const name = metadata.scheduled_job_name;
  const count = metadata.execution_count;
  const origin: ScheduleOrigin = {};
  if (typeof id === 'string' && id.trim()) origin.scheduleId = id.trim();
  if (typeof name === 'string' && name.trim()) origin.scheduleName = name.trim();
  if (origin.scheduleId === undefined && origin.scheduleName === undefined) return undefined;
  const run = typeof count === 'number' ? count : typeof count === 'string' ? Number(count) : NaN;
  if (Number.isInteger(run) && run >= 0) origin.run = run;
  return origin;
}

/** "Started by schedule nightly_crawl (run 12)". */
export function scheduleWords(origin: ScheduleOrigin): string {
  const name = origin.scheduleName ?? origin.scheduleId ?? '';
  return origin.run !== undefined ? l10n.t('Started by schedule {0} (run {1})', name, origin.run) : l10n.t('Started by schedule {0}', name);
}
