// When the Schedules and Workers views fetch again. Both follow the queue stats the refresher
// reads anyway, so a tick where nothing changed costs them no request. Free of `vscode`.
import type { QueueStats, ScheduledJob } from '../../api';

export function sameStats(a: QueueStats | undefined, b: QueueStats): boolean {
  return a !== undefined && a.pending === b.pending && a.delayed === b.delayed && a.processing === b.processing && a.retry === b.retry && a.completed === b.completed && a.failed === b.failed;
}

/**
 * Schedules change when one fires (it submits a job: the total grows) or when one is due; the
 * list is also read once a minute at most for changes made elsewhere.
 */
export function schedulesDue(last: { stats?: QueueStats; at: number } | undefined, stats: QueueStats, schedules: readonly ScheduledJob[], now: number, maxAgeMs = 60_000): boolean {
  if (!last || !last.stats) return true;
  if (now - last.at >= maxAgeMs) return true;
  if (last.stats.total !== stats.total) return true;
  return schedules.some((s) => s.enabled && s.next_execution_at !== null && Date.parse(s.next_execution_at) <= now);
}

/** Worker figures move only when jobs run (the stats change); uptime and health are re-read every 30 s. */
export function workersDue(last: { stats?: QueueStats; at: number } | undefined, stats: QueueStats, now: number, maxAgeMs = 30_000): boolean {
  if (!last) return true;
  return !sameStats(last.stats, stats) || now - last.at >= maxAgeMs;
}
