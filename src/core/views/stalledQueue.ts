// Whether the server's workers have stopped taking jobs: RipTide can start its pool (it says it
// is running) without the loop that takes jobs off the queue, so every job stays Pending. Read
// from the queue stats of successive ticks and the pool's last word. Free of `vscode`.
import type { QueueStats } from '../../api';

/** Readings in a row with jobs waiting, none running and none finishing before the view says so. */
export const STALLED_AFTER_READINGS = 4;

export class StalledQueueDetector {
  /** Readings in a row that showed no progress, counted from the first of them. */
  private quiet = 0;
  private previous: QueueStats | undefined;

  constructor(private readonly afterReadings = STALLED_AFTER_READINGS) {}

  /** One tick's queue stats, with whether the pool last said it runs (undefined: not known). */
  observe(stats: QueueStats, poolRunning: boolean | undefined): void {
    const waiting = stats.pending > 0 && stats.processing === 0;
    const finishedMoved = this.previous !== undefined && (stats.completed !== this.previous.completed || stats.failed !== this.previous.failed);
    this.quiet = waiting && poolRunning === true && !finishedMoved ? this.quiet + 1 : 0;
    this.previous = stats;
  }

  /** Jobs wait, none runs, none finished, and the pool says it runs: for long enough to say so. */
  get stalled(): boolean {
    return this.quiet >= this.afterReadings;
  }

  /** A new server, or its history is not to be trusted: start counting again. */
  reset(): void {
    this.quiet = 0;
    this.previous = undefined;
  }
}
