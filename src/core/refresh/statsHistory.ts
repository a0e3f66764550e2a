// The queue stats the refresh loop reads on every tick, kept for the last hour (bounded), so the
// dashboard opens with the backlog and throughput of that hour. It makes no request of its own.
import type { QueueStats } from '../../api';
import type { DashboardSample } from '../../common/messages';

export const HISTORY_WINDOW_MS = 60 * 60_000;
/** One an hour at the shortest interval (1 s). */
export const HISTORY_MAX_SAMPLES = 3600;

export function sampleOfStats(stats: QueueStats, t: number): DashboardSample {
  return { t, completed: stats.completed, failed: stats.failed, pending: stats.pending, processing: stats.processing };
}

export class StatsHistory {
  private readonly list: DashboardSample[] = [];
  /** Listeners told of each new sample. */
  private readonly listeners = new Set<(sample: DashboardSample) => void>();

  constructor(
    private readonly windowMs = HISTORY_WINDOW_MS,
    private readonly maxSamples = HISTORY_MAX_SAMPLES,
  ) {}

  record(stats: QueueStats, t = Date.now()): DashboardSample {
    const sample = sampleOfStats(stats, t);
    // Time goes forward only: a clock set back starts the history afresh rather than drawing backwards.
    const last = this.list[this.list.length - 1];
    if (last && last.t > t) this.list.length = 0;
    this.list.push(sample);
    this.trim(t);
    for (const listener of this.listeners) listener(sample);
    return sample;
  }

  /** The samples of the last hour, oldest first. */
  samples(now = Date.now()): DashboardSample[] {
    this.trim(now);
    return [...this.list];
  }

  get latest(): DashboardSample | undefined {
    return this.list[this.list.length - 1];
  }

  onDidRecord(listener: (sample: DashboardSample) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The server changed: its history is not the new one's. */
  clear(): void {
    this.list.length = 0;
  }

  private trim(now: number): void {
    let drop = Math.max(0, this.list.length - this.maxSamples);
    while (drop < this.list.length && now - this.list[drop].t > this.windowMs) drop++;
    if (drop > 0) this.list.splice(0, drop);
  }
}
