// Words for jobs, shared by the views, panels and notifications. No `vscode` here: texts go
// through @vscode/l10n, and are looked up when used (getters), never at module load.
import * as l10n from '@vscode/l10n';
import type { JobStatusName, JobType } from '../api';

/** "Batch crawl · 12 URLs", "Single crawl · example.com", "Maintenance · cache_cleanup", "Custom · data_export". */
export function describeJobType(t: JobType): string {
  switch (t.type) {
    case 'batch_crawl':
      return t.urls.length === 1 ? l10n.t('Batch crawl · 1 URL') : l10n.t('Batch crawl · {0} URLs', t.urls.length);
    case 'single_crawl':
      return l10n.t('Single crawl · {0}', hostOf(t.url));
    case 'maintenance':
      return l10n.t('Maintenance · {0}', t.task_type);
    case 'custom':
      return l10n.t('Custom · {0}', t.job_name);
  }
}

/**
 * The one way a job's type is named wherever it is shown (trees, panels, notifications, quick
 * picks): from its definition when known ("Batch crawl · 12 URLs"), else from the server's
 * label ("Maintenance · cache_cleanup"), else "Job".
 */
export function jobTypeWords(definition: JobType | undefined, label: string | undefined): string {
  if (definition) return describeJobType(definition);
  return label ? describeJobTypeLabel(label) : l10n.t('Job');
}

/** A type kind in words, whatever its case, `_` or `-` (batch_crawl, BatchCrawl); looked up when used. */
function kindWords(kind: string): string | undefined {
  switch (kind.toLowerCase().replace(/[_\s-]/g, '')) {
    case 'batchcrawl':
      return l10n.t('Batch crawl');
    case 'singlecrawl':
      return l10n.t('Single crawl');
    case 'pdfextraction':
      return l10n.t('PDF extraction');
    case 'maintenance':
      return l10n.t('Maintenance');
    case 'custom':
      return l10n.t('Custom');
    default:
      return undefined;
  }
}

/**
 * Words for a server's type label: a list item's `job_type` (batch_crawl, maintenance:cache_cleanup,
 * custom:name) or a metrics key (RipTide's BatchCrawl, SingleCrawl, Maintenance).
 */
export function describeJobTypeLabel(label: string): string {
  const [kind, ...rest] = label.split(':');
  const detail = rest.join(':');
  const head = kindWords(kind) ?? kind;
  return detail ? l10n.t('{0} · {1}', head, detail) : head;
}

/**
 * Completed jobs whose result failed (RipTide's quirk), as said beside the server's totals:
 * "1 completed job seen here had a failed result", "3 completed jobs seen here had…".
 */
export function completedFailuresWords(count: number): string {
  return count === 1
    ? l10n.t('1 completed job seen here had a failed result')
    : l10n.t('{0} completed jobs seen here had a failed result', count.toLocaleString('en-US'));
}

export function shortId(jobId: string): string {
  return jobId.slice(0, 8);
}

/**
 * How a job's state is shown: the server's status, "delayed" for a pending job whose time has
 * not come, and "failed" for a completed job whose result says success: false.
 */
export type StatusTone = 'pending' | 'delayed' | 'processing' | 'retrying' | 'completed' | 'failed' | 'deadletter';

export interface StatusLook {
  words: string;
  /** Codicon name; `spin` turns it while the job runs. */
  icon: string;
  spin?: boolean;
  /** Theme colour id for the tree icons. */
  color: string;
}

/** The one word, icon and colour per status: the views, the job panel and its webview all use it. */
export const STATUS_LOOKS: Record<StatusTone, StatusLook> = {
  pending: { get words() { return l10n.t('Pending'); }, icon: 'circle-large-outline', color: 'charts.blue' },
  delayed: { get words() { return l10n.t('Delayed'); }, icon: 'watch', color: 'charts.purple' },
  processing: { get words() { return l10n.t('Processing'); }, icon: 'sync', spin: true, color: 'charts.yellow' },
  // Not charts.orange: a translucent highlight, dim in dark themes and undefined in high contrast.
  retrying: { get words() { return l10n.t('Retrying'); }, icon: 'history', color: 'symbolIcon.classForeground' },
  completed: { get words() { return l10n.t('Completed'); }, icon: 'pass', color: 'charts.green' },
  failed: { get words() { return l10n.t('Failed'); }, icon: 'error', color: 'charts.red' },
  deadletter: { get words() { return l10n.t('Dead letter'); }, icon: 'error', color: 'charts.red' },
};

const TONE_OF_STATUS: Record<JobStatusName, StatusTone> = {
  Pending: 'pending',
  Processing: 'processing',
  Completed: 'completed',
  Failed: 'failed',
  Retrying: 'retrying',
  DeadLetter: 'deadletter',
};

/** The word for a server status name, in the display language. */
export function statusWords(name: JobStatusName): string {
  return STATUS_LOOKS[TONE_OF_STATUS[name]].words;
}

export function isFinished(status: JobStatusName): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'DeadLetter';
}

/** "3 s", "4 min", "2 h", "5 d". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (ms < 1000) return l10n.t('{0} ms', Math.max(0, Math.round(ms)));
  if (s < 60) return l10n.t('{0} s', s);
  if (s < 3600) return l10n.t('{0} min', Math.round(s / 60));
  if (s < 86400) return l10n.t('{0} h', Math.round(s / 3600));
  return l10n.t('{0} d', Math.round(s / 86400));
}

/** "in 3 h", "5 min ago", "just now" (not "823 ms ago": an age in milliseconds is stale once drawn). */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const diff = date.getTime() - now.getTime();
  if (Math.abs(diff) < 1000) return l10n.t('just now');
  const words = formatDuration(Math.abs(diff));
  return diff >= 0 ? l10n.t('in {0}', words) : l10n.t('{0} ago', words);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
