// What the queue dashboard shows, from the queue stats, worker stats and metrics, and the
// samples behind its throughput chart. No `vscode` here.
import type { QueueStats, WorkerMetrics, WorkerPoolStats } from '../api';
import { describeJobTypeLabel } from './jobLabels';
import { MAX_DASHBOARD_SAMPLES, type DashboardSample, type DashboardView } from './messages';

export function buildDashboardView(
  queue: QueueStats,
  workers: WorkerPoolStats | Error,
  metrics: WorkerMetrics | Error,
  completedFailures = 0,
  now = new Date(),
): DashboardView {
  return {
    at: now.toISOString(),
    completedFailures,
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

/**
 * Rates between consecutive samples. A count that went down (results expired, the server
 * restarted) counts as nothing finished in that interval, never as a spike.
 */
export function ratesOf(samples: readonly DashboardSample[]): ChartPoint[] {
  const points: ChartPoint[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1];
    const b = samples[i];
    const minutes = (b.t - a.t) / 60_000;
    if (minutes <= 0) continue;
    const done = Math.max(0, b.completed - a.completed);
    const failed = Math.max(0, b.failed - a.failed);
    points.push({ t: b.t, completedPerMin: done / minutes, failedPerMin: failed / minutes });
  }
  return points;
}

export interface BacklogPoint {
  t: number;
  pending: number;
  processing: number;
}

/** The backlog over time, from the samples that carry it. */
export function backlogOf(samples: readonly DashboardSample[]): BacklogPoint[] {
  return samples
    .filter((s) => typeof s.pending === 'number' && typeof s.processing === 'number')
    .map((s) => ({ t: s.t, pending: s.pending!, processing: s.processing! }));
}

/** Restored samples older than the host's history, then the history (a reload keeps what the host lost). */
export function mergeSamples(restored: readonly DashboardSample[], history: readonly DashboardSample[]): DashboardSample[] {
  const first = history[0]?.t ?? Infinity;
  return addSamples(restored.filter((s) => s.t < first), history);
}

function addSamples(a: readonly DashboardSample[], b: readonly DashboardSample[]): DashboardSample[] {
  const all = [...a, ...b];
  return all.length > MAX_DASHBOARD_SAMPLES ? all.slice(all.length - MAX_DASHBOARD_SAMPLES) : all;
}
