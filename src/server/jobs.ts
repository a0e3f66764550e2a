// The server's record of one job, and how a job definition becomes one.
import {
  DEFAULT_TIMEOUT_SECS,
  RETRY_DEFAULTS,
  jobTypeLabel,
  type JobConfig,
  type JobStatusName,
  type JobType,
  type Priority,
  type RetryConfig,
} from '../api/schemas';

/** The queues a job can be in; list order and stats follow this order. */
export const QUEUE_NAMES = ['pending', 'processing', 'completed', 'dead_letter', 'retry', 'delayed'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface StoredResult {
  success: boolean;
  data: unknown;
  error: string | null;
  processing_time_ms: number;
  worker_id: string;
  completed_at: number;
}

export interface Job {
  id: string;
  /** Submission order, for FIFO within a priority. */
  seq: number;
  definition: JobType;
  /** List-style type label: batch_crawl, maintenance:<task>, custom:<name>. */
  label: string;
  priority: Priority;
  retry: Required<RetryConfig>;
  metadata: Record<string, unknown>;
  timeoutSecs: number;
  status: JobStatusName;
  queue: QueueName;
  createdAt: number;
  scheduledAt: number | null;
  startedAt: number | null;
  completedAt: number | null;
  workerId: string | null;
  retryCount: number;
  lastError: string | null;
  /** When a delayed or retrying job becomes ready again. */
  readyAt: number | null;
  result: StoredResult | null;
}

export function newJob(id: string, seq: number, config: JobConfig, now: number): Job {
  const scheduledAt = config.scheduled_at ? Date.parse(config.scheduled_at) : null;
  return {
    id,
    seq,
    definition: config.job_type,
    label: jobTypeLabel(config.job_type),
    priority: config.priority ?? 'Normal',
    retry: { ...RETRY_DEFAULTS, ...stripUndefined(config.retry_config ?? {}) },
    metadata: config.metadata ?? {},
    timeoutSecs: config.timeout_secs ?? DEFAULT_TIMEOUT_SECS,
    status: 'Pending',
    queue: 'pending',
    createdAt: now,
    scheduledAt,
    startedAt: null,
    completedAt: null,
    workerId: null,
    retryCount: 0,
    lastError: null,
    readyAt: null,
    result: null,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Delay before the next attempt, in ms: min(initial * multiplier^retryCount, max) plus up to
 * 10% jitter when enabled, rounded down to whole seconds (retryCount already raised).
 */
export function retryDelayMs(retry: Required<RetryConfig>, retryCount: number, random: () => number = Math.random): number {
  // The growth can overflow to Infinity (and 0 * Infinity is NaN): the cap applies first then.
  const grown = retry.initial_delay_secs === 0 ? 0 : retry.initial_delay_secs * Math.pow(retry.backoff_multiplier, retryCount);
  const base = Number.isFinite(grown) ? Math.min(grown, retry.max_delay_secs) : retry.max_delay_secs;
  const jitter = retry.use_jitter ? base * 0.1 * random() : 0;
  return Math.floor(base + jitter) * 1000;
}

/** Forget the job's result once it is `ttlMs` old. */
export function dropExpiredResult(job: Job, ttlMs: number, now: number): void {
  if (job.result && job.result.completed_at + ttlMs <= now) job.result = null;
}

/** processing_time_ms: completed minus started, time since start while processing, else null. */
export function processingTimeMs(job: Job, now: number): number | null {
  if (job.startedAt === null) return null;
  if (job.status === 'Processing') return now - job.startedAt;
  if (job.completedAt !== null) return job.completedAt - job.startedAt;
  return job.result?.processing_time_ms ?? null; // a retrying job: its last attempt
}
