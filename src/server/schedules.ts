// Cron schedules: each due schedule submits a job from its template. One timer serves them all,
// set for the earliest next execution among the enabled schedules.
import { randomUUID } from 'node:crypto';
import { nextRuns, scheduleCronError } from '../api/cron';
import type { JobConfig, JobType, Priority, RetryConfig, ScheduledJobConfig } from '../api/schemas';
import type { Journal } from './journal';
import { MAX_TIMER_MS } from './time';

export interface Schedule {
  id: string;
  name: string;
  cron_expression: string;
  job_template: JobType;
  priority: Priority;
  enabled: boolean;
  retry_config: RetryConfig | null;
  metadata: Record<string, unknown>;
  created_at: number;
  last_executed_at: number | null;
  next_execution_at: number | null;
  execution_count: number;
}


export class Scheduler {
  private readonly schedules = new Map<string, Schedule>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly submit: (config: JobConfig) => void,
    private readonly journal: Journal | undefined,
    /** Receives a failure of a due run (the timer must not end the process); default: rethrow. */
    private readonly report: (what: string, err: unknown) => void = (_what, err) => {
      throw err;
    },
    /** RipTide mode: only the server's cron dialect is taken (a classic 5-field expression is refused). */
    private readonly serverDialectOnly = false,
  ) {}

  /** Replayed schedules. A run missed while the server was down fires once, right away. */
  load(schedules: Schedule[]): void {
    for (const s of schedules) this.schedules.set(s.id, s);
    this.arm();
  }

  /** A new schedule once it is on disk, or the reason its cron expression is not acceptable. */
  async create(config: ScheduledJobConfig, now = Date.now()): Promise<Schedule | { error: string }> {
    // Each expression is evaluated by its own dialect's rules (6 or 7 fields: weekday 1 = Sunday, both
    // day fields must match), the same rules the extension shows.
    const error = scheduleCronError(config.cron_expression, this.serverDialectOnly);
    if (error) return { error };
    // A valid expression can still match no date at all (the 31st of February); the search for the next run is bounded.
    const next = this.nextAfter(config.cron_expression, now);
    if (next === null) {
      return { error: `Invalid cron expression '${config.cron_expression}': it never fires (no date matches all its fields, e.g. a day that month does not have)` };
    }
    const schedule: Schedule = {
      id: randomUUID(),
      name: config.name,
      cron_expression: config.cron_expression.trim(),
      job_template: config.job_template,
      priority: config.priority ?? 'Normal',
      enabled: config.enabled ?? true,
      retry_config: config.retry_config ?? null,
      metadata: config.metadata ?? {},
      created_at: now,
      last_executed_at: null,
      next_execution_at: next,
      execution_count: 0,
    };
    await this.journal?.commit({ t: 'schedule', schedule });
    this.schedules.set(schedule.id, schedule);
    this.arm();
    return schedule;
  }

  list(): Schedule[] {
    return [...this.schedules.values()];
  }

  /** Deletes the schedule once its deletion is on disk; false when there is none. */
  async delete(id: string): Promise<boolean> {
    if (!this.schedules.has(id)) return false;
    await this.journal?.commit({ t: 'unschedule', id });
    if (!this.schedules.delete(id)) return false; // deleted by another request meanwhile
    this.arm();
    return true;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private nextAfter(expr: string, now: number): number | null {
    return nextRuns(expr, 1, new Date(now))[0]?.getTime() ?? null;
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    let next: number | undefined;
    for (const s of this.schedules.values()) {
      if (s.enabled && s.next_execution_at !== null && (next === undefined || s.next_execution_at < next)) next = s.next_execution_at;
    }
    if (next === undefined) return;
    this.timer = setTimeout(() => {
      try {
        this.fireDue();
      } catch (err) {
        this.report('running due schedules', err);
      }
    }, Math.min(Math.max(0, next - Date.now()), MAX_TIMER_MS));
    this.timer.unref();
  }

  private fireDue(): void {
    const now = Date.now();
    for (const s of this.schedules.values()) {
      if (!s.enabled || s.next_execution_at === null || s.next_execution_at > now) continue;
      s.execution_count++;
      s.last_executed_at = now;
      s.next_execution_at = this.nextAfter(s.cron_expression, now);
      this.submit({
        job_type: s.job_template,
        priority: s.priority,
        retry_config: s.retry_config,
        metadata: { ...s.metadata, scheduled_job_id: s.id, scheduled_job_name: s.name, execution_count: s.execution_count },
      });
      this.journal?.append({ t: 'schedule', schedule: s });
    }
    this.arm();
  }
}
