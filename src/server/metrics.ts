// Counters and processing-time percentiles for GET /workers/metrics.
const DURATION_WINDOW = 1000; // recent attempt durations kept for avg/p95/p99

interface TypeStats {
  submitted: number;
  completed: number;
  failed: number;
  retried: number;
  dead_letter: number;
  total_processing_time_ms: number;
}

export class Metrics {
  submitted = 0;
  completed = 0;
  failed = 0;
  retried = 0;
  deadLetter = 0;
  private readonly durations: number[] = [];
  private nextSlot = 0;
  readonly byType = new Map<string, TypeStats>();

  onSubmitted(label: string): void {
    this.submitted++;
    this.type(label).submitted++;
  }

  /** One finished attempt: succeeded, or failed and then retried or dead-lettered. */
  onAttempt(label: string, durationMs: number, outcome: 'completed' | 'retried' | 'dead_letter'): void {
    const t = this.type(label);
    t.total_processing_time_ms += durationMs;
    this.record(durationMs);
    if (outcome === 'completed') {
      this.completed++;
      t.completed++;
      return;
    }
    this.failed++;
    t.failed++;
    if (outcome === 'retried') {
      this.retried++;
      t.retried++;
    } else {
      this.deadLetter++;
      t.dead_letter++;
    }
  }

  /** Successful attempts as a percentage of all finished attempts (100 when none yet). */
  successRate(): number {
    const attempts = this.completed + this.failed;
    return attempts === 0 ? 100 : (this.completed / attempts) * 100;
  }

  durationStats(): { avg: number; p95: number; p99: number } {
    if (this.durations.length === 0) return { avg: 0, p95: 0, p99: 0 };
    const sorted = [...this.durations].sort((a, b) => a - b);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    const avg = sorted.reduce((s, d) => s + d, 0) / sorted.length;
    return { avg, p95: pick(0.95), p99: pick(0.99) };
  }

  typeStats(): Record<string, TypeStats> {
    return Object.fromEntries(this.byType);
  }

  private record(ms: number): void {
    if (this.durations.length < DURATION_WINDOW) this.durations.push(ms);
    else this.durations[this.nextSlot] = ms;
    this.nextSlot = (this.nextSlot + 1) % DURATION_WINDOW;
  }

  private type(label: string): TypeStats {
    let t = this.byType.get(label);
    if (!t) {
      t = { submitted: 0, completed: 0, failed: 0, retried: 0, dead_letter: 0, total_processing_time_ms: 0 };
      this.byType.set(label, t);
    }
    return t;
  }
}
