// What the queue dashboard shows, from the queue stats, worker stats and metrics, and the
// samples behind its throughput chart. No `vscode` here.
import type { QueueStats, WorkerMetrics, WorkerPoolStats } from '../api';
import { describeJobTypeLabel } from './jobLabels';
import { MAX_DASHBOARD_SAMPLES, type DashboardSample, type DashboardView } from './messages';

export function buildDashboardView(
  queue: QueueStats,
  workers: WorkerPoolStats | Error,
  metrics: WorkerMetrics | Error,
  now = new Date(),
): DashboardView {
  return {
    at: now.toISOString(),
    queue: {
      pending: queue.pending,
      delayed: queue.delayed,
      processing: queue.processing,
      retrying: queue.retry,
      completed: queue.completed,
      deadLetter: queue.failed,
      total: queue.total,
    },
    workers:
      workers instanceof Error
        ? null
        : {
            total: workers.total_workers,
            healthy: workers.healthy_workers,
            processed: workers.total_jobs_processed,
            failed: workers.total_jobs_failed,
            running: workers.is_running,
          },
    workersError: workers instanceof Error ? workers.message : null,
    metrics:
      metrics instanceof Error
        ? null
        : {
            successRate: metrics.success_rate,
            avgMs: metrics.avg_processing_time_ms,
            p95Ms: metrics.p95_processing_time_ms,
            p99Ms: metrics.p99_processing_time_ms,
            submitted: metrics.jobs_submitted,
            completed: metrics.jobs_completed,
            failed: metrics.jobs_failed,
            retried: metrics.jobs_retried,
            deadLetter: metrics.jobs_dead_letter,
            uptimeSeconds: metrics.uptime_seconds,
            perType: Object.entries(metrics.job_type_stats)
              .map(([type, s]) => ({
                type: describeJobTypeLabel(type),
                submitted: s.submitted,
                completed: s.completed,
                failed: s.failed,
                retried: s.retried,
                deadLetter: s.dead_letter,
                avgMs: s.completed + s.failed > 0 ? s.total_processing_time_ms / (s.completed + s.failed) : 0,
              }))
              .sort((a, b) => b.submitted - a.submitted || a.type.localeCompare(b.type)),
          },
    metricsError: metrics instanceof Error ? metrics.message : null,
  };
}

/**
 * The cumulative counters the chart differentiates: completed and failed attempts from the
 * metrics when they answer, else the queue's completed and dead-letter sizes.
 */
export function sampleOf(queue: QueueStats, metrics: WorkerMetrics | Error, t: number): DashboardSample {
  if (!(metrics instanceof Error)) return { t, completed: metrics.jobs_completed, failed: metrics.jobs_failed };
  return { t, completed: queue.completed, failed: queue.failed };
}

/** Appends a sample, keeping the newest MAX_DASHBOARD_SAMPLES. */
export function addSample(samples: DashboardSample[], sample: DashboardSample): DashboardSample[] {
  const next = [...samples, sample];
  return next.length > MAX_DASHBOARD_SAMPLES ? next.slice(next.length - MAX_DASHBOARD_SAMPLES) : next;
}

export interface ChartPoint {
  t: number;
  /** Jobs completed per minute over the interval ending at t. */
  completedPerMin: number;
  failedPerMin: number;
}

/** Rates between consecutive samples; a counter that went down (server restart) counts from zero. */
export function ratesOf(samples: readonly DashboardSample[]): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    const minutes = (b.t - a.t) / 60_000;
    if (minutes <= 0) continue;
    const done = b.completed >= a.completed ? b.completed - a.completed : b.completed;
    const failed = b.failed >= a.failed ? b.failed - a.failed : b.failed;
    points.push({ t: b.t, completedPerMin: done / minutes, failedPerMin: failed / minutes });
  }
  return points;
}
