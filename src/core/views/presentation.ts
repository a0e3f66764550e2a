// What the three views show, in words, free of `vscode` so it is tested in plain Node. The tree
// providers turn these into TreeItems (icons by codicon id, colours by theme colour id).
import * as l10n from '@vscode/l10n';
import type { JobListItem, JobResult, JobType, QueueStats, ScheduledJob, WorkerMetrics, WorkerPoolStats } from '../../api';
import { describeCron } from '../../api/cron';
import { formatCount, formatTimestamp } from '../../common/format';
import { completedFailuresWords, formatDuration, formatRelative, jobTypeWords, shortId, STATUS_LOOKS } from '../../common/jobLabels';
import type { ContextStatus, GroupDef } from './jobsModel';

export interface Icon {
  id: string;
  color?: string;
}

/** A label and a value: tooltips are built from these, with values escaped as plain text. */
export type Row = [label: string, value: string];

// -- Jobs ---------------------------------------------------------------------------------

export function groupDescription(group: GroupDef, stats: QueueStats | undefined, filtered: boolean): string {
  if (!stats) return '';
  const n = formatCount(group.count(stats));
  return filtered ? l10n.t('{0} in queue · filtered', n) : n;
}

export function jobLabel(item: JobListItem, known?: JobType): string {
  return jobTypeWords(known, item.job_type);
}

/** "7f8c1a2b · High · 5 min ago · 2 retries": short id, priority, age or run time, retries. */
export function jobDescription(item: JobListItem, status: ContextStatus, now: Date = new Date()): string {
  const parts = [shortId(item.job_id), item.priority];
  const time = jobTime(item, status, now);
  if (time) parts.push(time);
  if (item.retry_count > 0) parts.push(item.retry_count === 1 ? l10n.t('1 retry') : l10n.t('{0} retries', item.retry_count));
  return parts.join(' · ');
}

/** Run time for running and finished jobs, age for waiting ones. */
function jobTime(item: JobListItem, status: ContextStatus, now: Date): string | undefined {
  const started = parseTime(item.started_at);
  const completed = parseTime(item.completed_at);
  if (status === 'processing' && started) return l10n.t('running {0}', formatDuration(now.getTime() - started.getTime()));
  if ((status === 'completed' || status === 'deadletter') && started && completed) return l10n.t('took {0}', formatDuration(completed.getTime() - started.getTime()));
  const created = parseTime(item.created_at);
  return created ? formatRelative(created, now) : undefined;
}

export function jobContextValue(status: ContextStatus, known: boolean): string {
  return `job.${status}${known ? '.known' : ''}`;
}

/** A codicon coloured by status; a completed job whose result failed shows as failed. */
export function jobIcon(status: ContextStatus, resultFailed: boolean | undefined): Icon {
  const look = STATUS_LOOKS[status === 'completed' && resultFailed ? 'failed' : status];
  return { id: look.spin ? `${look.icon}~spin` : look.icon, color: look.color };
}

export function jobTooltipRows(item: JobListItem, groupLabel: string, known: JobType | undefined, result?: JobResult): Row[] {
  const rows: Row[] = [
    [l10n.t('Type'), jobLabel(item, known)],
    [l10n.t('Job id'), item.job_id],
    [l10n.t('Status'), result && !result.success && groupLabel === STATUS_LOOKS.completed.words ? l10n.t('Completed, but the result says it failed') : groupLabel],
    [l10n.t('Priority'), item.priority],
    [l10n.t('Created'), formatTimestamp(item.created_at)],
  ];
  if (item.started_at) rows.push([l10n.t('Started'), formatTimestamp(item.started_at)]);
  if (item.completed_at) rows.push([l10n.t('Finished'), formatTimestamp(item.completed_at)]);
  if (item.worker_id) rows.push([l10n.t('Worker'), item.worker_id]);
  if (item.retry_count > 0) rows.push([l10n.t('Retries'), formatCount(item.retry_count)]);
  if (result) {
    rows.push([l10n.t('Result'), result.success ? l10n.t('success') : l10n.t('failed')]);
    if (result.error) rows.push([l10n.t('Error'), truncate(result.error, 500)]);
    if (result.processing_time_ms !== null) rows.push([l10n.t('Processing time'), formatDuration(result.processing_time_ms)]);
  }
  return rows;
}

// -- Schedules ----------------------------------------------------------------------------

export function scheduleDescription(s: ScheduledJob, now: Date = new Date()): string {
  const next = parseTime(s.next_execution_at);
  const parts = [describeCron(s.cron_expression)];
  if (!s.enabled) parts.push(l10n.t('disabled'));
  else if (next) parts.push(l10n.t('next {0}', formatRelative(next, now)));
  return parts.join(' · ');
}

export function scheduleIcon(s: ScheduledJob): Icon {
  return s.enabled ? { id: 'calendar', color: 'charts.green' } : { id: 'circle-slash', color: 'disabledForeground' };
}

export function scheduleContextValue(s: ScheduledJob): string {
  return s.enabled ? 'schedule.enabled' : 'schedule.disabled';
}

export function scheduleTooltipRows(s: ScheduledJob, now: Date = new Date()): Row[] {
  const next = parseTime(s.next_execution_at);
  const last = parseTime(s.last_executed_at);
  return [
    [l10n.t('Schedule'), s.name],
    [l10n.t('Cron (UTC)'), s.cron_expression],
    [l10n.t('Meaning'), describeCron(s.cron_expression)],
    [l10n.t('State'), s.enabled ? l10n.t('enabled') : l10n.t('disabled')],
    [l10n.t('Next run'), next ? l10n.t('{0} ({1})', formatRelative(next, now), formatTimestamp(s.next_execution_at as string)) : '—'],
    [l10n.t('Last run'), last ? l10n.t('{0} ({1})', formatRelative(last, now), formatTimestamp(s.last_executed_at as string)) : l10n.t('never')],
    [l10n.t('Runs so far'), formatCount(s.execution_count)],
    [l10n.t('Priority'), s.priority],
    [l10n.t('Id'), s.id],
  ];
}

// -- Workers ------------------------------------------------------------------------------

export interface WorkerRow {
  key: string;
  label: string;
  value: string;
  icon: Icon;
}

/** The Workers view's lines. `pool` is undefined when the server answered 503 (pool not started). */
/**
 * `completedFailures`: completed jobs whose result failed that this window has seen; the server
 * counts them neither as failed nor against its success rate, so both lines say so.
 */
/**
 * `stalledPending`: set when jobs have stayed Pending for several readings while the pool says it
 * runs (StalledQueueDetector); the view then says that jobs are not being processed.
 */
export function workerRows(pool: WorkerPoolStats | undefined, metrics: WorkerMetrics | undefined, completedFailures = 0, stalledPending?: number): WorkerRow[] {
  const rows: WorkerRow[] = [];
  if (pool && stalledPending !== undefined) {
    rows.push({
      key: 'stalled',
      label: l10n.t('Jobs are not being processed'),
      value: l10n.t('{0} pending, none running, although the pool says it is running', formatCount(stalledPending)),
      icon: { id: 'warning', color: 'list.warningForeground' },
    });
  }
  if (!pool) {
    rows.push({ key: 'pool', label: l10n.t('Pool'), value: l10n.t('not started'), icon: { id: 'circle-slash', color: 'charts.red' } });
  } else {
    const unhealthy = pool.total_workers - pool.healthy_workers;
    rows.push({
      key: 'pool',
      label: l10n.t('Pool'),
      value: pool.is_running ? l10n.t('running') : l10n.t('stopped'),
      icon: pool.is_running ? { id: 'play-circle', color: 'charts.green' } : { id: 'debug-pause', color: 'charts.yellow' },
    });
    rows.push({
      key: 'workers',
      label: l10n.t('Workers'),
      value: l10n.t('{0} of {1} healthy', pool.healthy_workers, pool.total_workers),
      icon: unhealthy > 0 ? { id: 'warning', color: 'list.warningForeground' } : { id: 'server-process', color: 'charts.green' },
    });
    rows.push({ key: 'processed', label: l10n.t('Processed'), value: formatCount(pool.total_jobs_processed), icon: { id: 'check-all' } });
    rows.push({
      key: 'failed',
      label: l10n.t('Failed'),
      value: completedFailures > 0 ? l10n.t('{0} · and {1}', formatCount(pool.total_jobs_failed), completedFailuresWords(completedFailures)) : formatCount(pool.total_jobs_failed),
      icon: pool.total_jobs_failed + completedFailures > 0 ? { id: 'error', color: 'charts.red' } : { id: 'error' },
    });
  }
  if (metrics) {
    const rate = l10n.t('{0} %', metrics.success_rate.toFixed(1));
    rows.push({
      key: 'success',
      label: l10n.t('Success rate'),
      value: completedFailures > 0 ? l10n.t('{0} as the server counts · {1}', rate, completedFailuresWords(completedFailures)) : rate,
      icon: completedFailures > 0 ? { id: 'warning', color: 'list.warningForeground' } : { id: 'graph' },
    });
    rows.push({
      key: 'timing',
      label: l10n.t('Processing time'),
      value: l10n.t(
        'avg {0} · p95 {1} · p99 {2}',
        formatDuration(metrics.avg_processing_time_ms),
        formatDuration(metrics.p95_processing_time_ms),
        formatDuration(metrics.p99_processing_time_ms),
      ),
      icon: { id: 'clock' },
    });
    rows.push({ key: 'uptime', label: l10n.t('Uptime'), value: formatDuration(metrics.uptime_seconds * 1000), icon: { id: 'watch' } });
  }
  return rows;
}

// -- Shared -------------------------------------------------------------------------------

function parseTime(value: string | null | undefined): Date | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Longest label or description a tree node shows; the node's tooltip has the whole text. */
export const TREE_TEXT_MAX = 120;

/** A server string as a tree node shows it: cut past TREE_TEXT_MAX with "…", so a huge one stays cheap to draw. */
export function treeText(s: string): string {
  return truncate(s, TREE_TEXT_MAX);
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
