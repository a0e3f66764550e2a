// Response bodies in either dialect: the server's (`Pending`, `High`) or the SDK's (`pending`,
// `delayed`, `high`). The shapes are the same; only the enum spellings differ.
import { sdkPriority, sdkStatus, type Priority } from '../api/schemas';
import type { Engine } from './engine';
import { processingTimeMs, type Job, type StoredResult } from './jobs';
import type { Schedule } from './schedules';
import { iso, isoOrNull } from './time';

export type Dialect = 'server' | 'sdk';

function status(job: Job, dialect: Dialect): string {
  if (dialect === 'server') return job.status;
  return job.queue === 'delayed' ? 'delayed' : sdkStatus(job.status);
}

function priority(p: Priority, dialect: Dialect): string {
  return dialect === 'server' ? p : sdkPriority(p);
}

export function submitView(job: Job) {
  return { job_id: job.id, status: 'submitted', submitted_at: iso(job.createdAt), message: 'Job submitted successfully' };
}

export function listItemView(job: Job, dialect: Dialect) {
  return {
    job_id: job.id,
    job_type: job.label,
    status: status(job, dialect),
    priority: priority(job.priority, dialect),
    created_at: iso(job.createdAt),
    started_at: isoOrNull(job.startedAt),
    completed_at: isoOrNull(job.completedAt),
    worker_id: job.workerId,
    retry_count: job.retryCount,
  };
}

export function statusView(job: Job, dialect: Dialect, now = Date.now()) {
  // The SDK parses list items and status answers into one Job type, which has a type and a
  // priority; the server's status answer has neither, so they are added in the SDK dialect only.
  const sdkExtras = dialect === 'sdk' ? { job_type: job.label, priority: priority(job.priority, dialect) } : {};
  return {
    job_id: job.id,
    ...sdkExtras,
    status: status(job, dialect),
    created_at: iso(job.createdAt),
    started_at: isoOrNull(job.startedAt),
    completed_at: isoOrNull(job.completedAt),
    worker_id: job.workerId,
    retry_count: job.retryCount,
    last_error: job.lastError,
    processing_time_ms: processingTimeMs(job, now),
    metadata: job.metadata,
  };
}

export function resultView(job: Job, result: StoredResult) {
  return {
    job_id: job.id,
    success: result.success,
    data: result.data,
    error: result.error,
    processing_time_ms: result.processing_time_ms,
    worker_id: result.worker_id,
    completed_at: iso(result.completed_at),
  };
}

export function queueStatsView(engine: Engine) {
  const q = engine.queueSizes();
  const failed = q.dead_letter;
  return {
    pending: q.pending,
    processing: q.processing,
    completed: q.completed,
    failed,
    retry: q.retry,
    delayed: q.delayed,
    total: q.pending + q.processing + q.completed + failed + q.retry + q.delayed,
  };
}

export function workerStatsView(engine: Engine) {
  const workers = engine.workerStates();
  return {
    total_workers: engine.totalWorkers(),
    healthy_workers: engine.healthyWorkers(),
    total_jobs_processed: workers.reduce((n, w) => n + w.jobs_processed, 0),
    total_jobs_failed: workers.reduce((n, w) => n + w.jobs_failed, 0),
    // A paused pool takes no jobs: say so, rather than "running" with nothing moving.
    is_running: engine.isRunning && !engine.isPaused,
    workers,
  };
}

export function metricsView(engine: Engine) {
  const m = engine.metrics;
  const d = m.durationStats();
  return {
    jobs_submitted: m.submitted,
    jobs_completed: m.completed,
    jobs_failed: m.failed,
    jobs_retried: m.retried,
    jobs_dead_letter: m.deadLetter,
    avg_processing_time_ms: d.avg,
    p95_processing_time_ms: d.p95,
    p99_processing_time_ms: d.p99,
    success_rate: m.successRate(),
    job_type_stats: m.typeStats(),
    queue_sizes: engine.queueSizes(),
    total_workers: engine.totalWorkers(),
    healthy_workers: engine.healthyWorkers(),
    uptime_seconds: engine.uptimeSeconds(),
    timestamp: iso(Date.now()),
  };
}

export function scheduleView(s: Schedule, dialect: Dialect) {
  return {
    id: s.id,
    name: s.name,
    cron_expression: s.cron_expression,
    enabled: s.enabled,
    priority: priority(s.priority, dialect),
    created_at: iso(s.created_at),
    last_executed_at: isoOrNull(s.last_executed_at),
    next_execution_at: isoOrNull(s.next_execution_at),
    execution_count: s.execution_count,
    job_template: s.job_template,
  };
}
