// Words for jobs, shared by the views, panels and notifications. No `vscode` here.
import type { JobStatusName, JobType } from '../api';

/** "Batch crawl · 12 URLs", "Single crawl · example.com", "Maintenance · cache_cleanup", "Custom · data_export". */
export function describeJobType(t: JobType): string {
  switch (t.type) {
    case 'batch_crawl':
      return `Batch crawl · ${t.urls.length} URL${t.urls.length === 1 ? '' : 's'}`;
    case 'single_crawl':
      return `Single crawl · ${hostOf(t.url)}`;
    case 'maintenance':
      return `Maintenance · ${t.task_type}`;
    case 'custom':
      return `Custom · ${t.job_name}`;
  }
}

/** Words for a list item's `job_type` (batch_crawl, maintenance:cache_cleanup, custom:name). */
export function describeJobTypeLabel(label: string): string {
  const [kind, ...rest] = label.split(':');
  const detail = rest.join(':');
  const words: Record<string, string> = {
    batch_crawl: 'Batch crawl',
    single_crawl: 'Single crawl',
    pdf_extraction: 'PDF extraction',
    maintenance: 'Maintenance',
    custom: 'Custom',
  };
  const head = words[kind.toLowerCase()] ?? kind;
  return detail ? `${head} · ${detail}` : head;
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
  pending: { words: 'Pending', icon: 'circle-large-outline', color: 'charts.blue' },
  delayed: { words: 'Delayed', icon: 'watch', color: 'charts.purple' },
  processing: { words: 'Processing', icon: 'sync', spin: true, color: 'charts.yellow' },
  // Not charts.orange: a translucent highlight, dim in dark themes and undefined in high contrast.
  retrying: { words: 'Retrying', icon: 'history', color: 'symbolIcon.classForeground' },
  completed: { words: 'Completed', icon: 'pass', color: 'charts.green' },
  failed: { words: 'Failed', icon: 'error', color: 'charts.red' },
  deadletter: { words: 'Dead letter', icon: 'error', color: 'charts.red' },
};

export const STATUS_WORDS: Record<JobStatusName, string> = {
  Pending: STATUS_LOOKS.pending.words,
  Processing: STATUS_LOOKS.processing.words,
  Completed: STATUS_LOOKS.completed.words,
  Failed: STATUS_LOOKS.failed.words,
  Retrying: STATUS_LOOKS.retrying.words,
  DeadLetter: STATUS_LOOKS.deadletter.words,
};

export function isFinished(status: JobStatusName): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'DeadLetter';
}

/** "3 s", "4 min", "2 h", "5 d". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** "in 3 h", "5 min ago", "just now" (not "823 ms ago": an age in milliseconds is stale once drawn). */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const diff = date.getTime() - now.getTime();
  if (Math.abs(diff) < 1000) return 'just now';
  const words = formatDuration(Math.abs(diff));
  return diff >= 0 ? `in ${words}` : `${words} ago`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
