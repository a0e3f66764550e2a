// The queue engine: job states and transitions, the worker pool, retries and dead letter, the one
// timer for delayed and retrying jobs and for dropping finished jobs past their retention, result
// expiry, metrics, journaling, and events for tests.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { JobConfig, JobStatusName } from '../api/schemas';
import { Deque } from './deque';
import { dropExpiredResult, newJob, retryDelayMs, type Job, type QueueName, type StoredResult } from './jobs';
import type { Journal } from './journal';
import { Metrics } from './metrics';
import { runJob, type Outcome, type ProcessorHost } from './processors';
import { NO_PROCESSOR, RIPTIDE_JOB_TIMEOUT_SECS, runJobAsRiptide } from './processors/riptide';
import { JobStore, earliest } from './store';
import { MAX_TIMER_MS, setLongTimeout, type LongTimeout } from './time';

export type JobTransition = 'submitted' | 'ready' | 'started' | 'completed' | 'retrying' | 'dead_letter';

/** What `events.on('job', ...)` receives after every transition. */
export interface JobEvent {
  transition: JobTransition;
  job_id: string;
  job_type: string;
  priority: string;
  status: JobStatusName;
  worker_id: string | null;
  retry_count: number;
  last_error: string | null;
  metadata: Record<string, unknown>;
  /** When the transition happened (ms since the epoch). */
  at: number;
}

interface Worker {
  id: string;
  attempt: Attempt | null;
  processed: number;
  failed: number;
}

interface Attempt {
  job: Job;
  abort: AbortController;
  timer: LongTimeout;
}

export interface EngineOptions {
  workers: number;
  paused: boolean;
  resultTtlMs: number;
  /** How long a finished (completed or dead-letter) job is kept after it finished; at least resultTtlMs. */
  jobTtlMs: number;
  journal?: Journal;
  /** Receives a failure in a timer or a job's completion (nothing a request waits for); default: rethrow. */
  report?: (what: string, err: unknown) => void;
  /** Run jobs as the real RipTide server does (see processors/riptide.ts and finishAttempt). */
  riptide?: boolean;
}


export class Engine {
  readonly store = new JobStore();
  readonly metrics = new Metrics();
  readonly events = new EventEmitter();
  readonly startedAt = Date.now();
  private readonly workers: Worker[];
  private readonly expiries = new Deque<{ job: Job; result: StoredResult }>();
  private nextSeq = 1;
  private paused: boolean;
  private running = false;
  private closed = false;
  private dueTimer: NodeJS.Timeout | undefined;
  private dueTimerAt: number | undefined;

  constructor(private readonly options: EngineOptions) {
    this.paused = options.paused;
    this.workers = Array.from({ length: options.workers }, (_, i) => ({ id: `worker-${i}`, attempt: null, processed: 0, failed: 0 }));
    this.events.setMaxListeners(0);
  }

  /**
   * Jobs replayed from the journal. A job that was processing when the server stopped goes back to
   * the pending queue without counting an attempt (its outcome is unknown, not a failure).
   */
  load(jobs: Job[], now = Date.now()): void {
    for (const job of jobs) {
      if (job.queue === 'processing') {
        Object.assign(job, { queue: 'pending', status: 'Pending', startedAt: null, workerId: null });
      }
      dropExpiredResult(job, this.options.resultTtlMs, now);
      this.nextSeq = Math.max(this.nextSeq, job.seq + 1);
    }
    // Placed in each queue's own order, so every place() appends: completed and dead-letter jobs by
    // completion, delayed and retrying ones by when they are due (completedAt is null while they
    // wait), pending ones by submission.
    const placeOrder = (j: Job) => j.completedAt ?? j.readyAt ?? 0;
    jobs.sort((a, b) => placeOrder(a) - placeOrder(b) || a.seq - b.seq);
    for (const job of jobs) this.store.place(job);
    const withResults = jobs.filter((j) => j.result).sort((a, b) => a.result!.completed_at - b.result!.completed_at);
    for (const job of withResults) this.expiries.push({ job, result: job.result! });
  }

  /** Start the pool (it takes jobs unless paused). */
  start(): void {
    this.running = true;
    this.armDueTimer();
    this.dispatch();
  }

  get isRunning(): boolean {
    return this.running && !this.closed;
  }

  /** Paused: healthy, but taking no jobs. */
  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.dispatch();
  }

  /**
   * Accept a job; `durable` resolves only once it is on disk (the caller then acknowledges).
   * The job is queued and counted only once written: a write that fails leaves no trace.
   */
  async submit(config: JobConfig, durable = true, now = Date.now()): Promise<Job> {
    const job = newJob(randomUUID(), this.nextSeq++, config, now);
    if (job.scheduledAt !== null && job.scheduledAt > now) {
      job.queue = 'delayed';
      job.readyAt = job.scheduledAt;
    }
    const journal = this.options.journal;
    if (journal && durable) await journal.commit({ t: 'job', job });
    else journal?.append({ t: 'job', job });
    this.store.place(job);
    this.metrics.onSubmitted(job.label);
    this.emit('submitted', job, now);
    if (job.queue === 'delayed') this.armDueTimer();
    else this.dispatch();
    return job;
  }

  /** The job's latest result, or null when it has none or it expired. */
  resultOf(job: Job, now = Date.now()): StoredResult | null {
    const r = job.result;
    return r && r.completed_at + this.options.resultTtlMs > now ? r : null;
  }

  /** Drop results past their time to live; returns how many were dropped. */
  purgeExpiredResults(now = Date.now()): number {
    let removed = 0;
    for (let e = this.expiries.peek(); e && e.result.completed_at + this.options.resultTtlMs <= now; e = this.expiries.peek()) {
      this.expiries.shift();
      if (e.job.result === e.result) {
        e.job.result = null;
        removed++;
      }
    }
    return removed;
  }

  queueSizes(): Record<QueueName, number> {
    const s = this.store;
    return {
      pending: s.size('pending'),
      processing: s.size('processing'),
      completed: s.size('completed'),
      dead_letter: s.size('dead_letter'),
      retry: s.size('retry'),
      delayed: s.size('delayed'),
    };
  }

  workerStates(): Array<{ worker_id: string; healthy: boolean; current_job_id: string | null; jobs_processed: number; jobs_failed: number }> {
    return this.workers.map((w) => ({
      worker_id: w.id,
      healthy: this.isRunning,
      current_job_id: w.attempt?.job.id ?? null,
      jobs_processed: w.processed,
      jobs_failed: w.failed,
    }));
  }

  healthyWorkers(): number {
    return this.isRunning ? this.workers.length : 0;
  }

  totalWorkers(): number {
    return this.workers.length;
  }

  uptimeSeconds(now = Date.now()): number {
    return Math.floor((now - this.startedAt) / 1000);
  }

  /** Stop taking jobs and abandon running attempts (they stay Processing in the journal). */
  close(): void {
    this.closed = true;
    clearTimeout(this.dueTimer);
    for (const w of this.workers) {
      if (!w.attempt) continue;
      w.attempt.timer.clear();
      w.attempt.abort.abort(new Error('server closing'));
      w.attempt = null;
    }
  }

  private readonly host: ProcessorHost = {
    purgeExpiredResults: () => this.purgeExpiredResults(),
    health: () => ({
      total_workers: this.totalWorkers(),
      healthy_workers: this.healthyWorkers(),
      queue_sizes: this.queueSizes(),
      uptime_seconds: this.uptimeSeconds(),
      memory_rss_mb: Math.round(process.memoryUsage().rss / 1048576),
    }),
  };

  private dispatch(): void {
    if (!this.running || this.paused || this.closed) return;
    for (const worker of this.workers) {
      if (worker.attempt) continue;
      const job = this.store.takeNext();
      if (!job) return;
      this.startAttempt(worker, job);
    }
  }

  private startAttempt(worker: Worker, job: Job): void {
    const now = Date.now();
    Object.assign(job, { queue: 'processing', status: 'Processing', startedAt: now, completedAt: null, workerId: worker.id, readyAt: null });
    this.store.place(job);
    this.options.journal?.append({ t: 'job', job });
    const abort = new AbortController();
    const timeoutSecs = this.options.riptide ? RIPTIDE_JOB_TIMEOUT_SECS : job.timeoutSecs;
    const timer = setLongTimeout(() => {
      abort.abort(new Error('timeout'));
      this.guarded('a job timeout', () => this.finishAttempt(worker, attempt, { failure: `Job timed out after ${timeoutSecs} seconds` }));
    }, timeoutSecs * 1000);
    const attempt: Attempt = { job, abort, timer };
    worker.attempt = attempt;
    this.emit('started', job, now);
    const run = this.options.riptide ? runJobAsRiptide : runJob;
    run(job.definition, { signal: abort.signal, retryCount: job.retryCount, host: this.host })
      .then(
        (outcome) => this.finishAttempt(worker, attempt, { outcome }),
        (err: unknown) => this.finishAttempt(worker, attempt, { failure: err instanceof Error ? err.message : String(err) }),
      )
      .catch((err: unknown) => this.failed('finishing a job', err));
  }

  /** Runs `fn` from a timer: a failure goes to the report hook instead of ending the process. */
  private guarded(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.failed(what, err);
    }
  }

  private failed(what: string, err: unknown): void {
    if (!this.options.report) throw err;
    this.options.report(what, err);
  }

  /** Ends an attempt once: a late answer from a timed-out or abandoned attempt is ignored. */
  private finishAttempt(worker: Worker, attempt: Attempt, end: { outcome: Outcome } | { failure: string }): void {
    if (worker.attempt !== attempt || this.closed) return;
    attempt.timer.clear();
    worker.attempt = null;
    const job = attempt.job;
    const now = Date.now();
    const duration = now - (job.startedAt ?? now);
    this.store.finishProcessing(job);

    // RipTide stores a processor error as a failed result of a Completed job; only a missing
    // processor is retried (and dead-lettered), with no result stored.
    const retried = 'failure' in end && (!this.options.riptide || end.failure.startsWith(NO_PROCESSOR));
    if (!(retried && this.options.riptide)) {
      const outcome: Outcome = 'outcome' in end ? end.outcome : { success: false, data: null, error: end.failure };
      job.result = { ...outcome, processing_time_ms: duration, worker_id: worker.id, completed_at: now };
      this.expiries.push({ job, result: job.result });
    }

    worker.processed++;
    let transition: JobTransition;
    if (!retried) {
      Object.assign(job, { queue: 'completed', status: 'Completed', completedAt: now });
      transition = 'completed';
    } else {
      worker.failed++;
      job.retryCount++;
      job.lastError = (end as { failure: string }).failure;
      if (job.retryCount >= job.retry.max_attempts) {
        Object.assign(job, { queue: 'dead_letter', status: 'DeadLetter', completedAt: now });
        transition = 'dead_letter';
      } else {
        Object.assign(job, { queue: 'retry', status: 'Retrying', readyAt: now + retryDelayMs(job.retry, job.retryCount) });
        transition = 'retrying';
      }
    }
    this.metrics.onAttempt(job.label, duration, transition === 'completed' ? 'completed' : transition === 'retrying' ? 'retried' : 'dead_letter');
    this.store.place(job);
    this.options.journal?.append({ t: 'job', job });
    this.purgeExpiredResults(now);
    this.emit(transition, job, now);
    this.armDueTimer();
    this.dispatch();
  }

  /** One timer, for the earliest delayed or retrying job or the end of the oldest finished job's retention. */
  private armDueTimer(): void {
    if (!this.running || this.closed) return;
    const finished = this.store.oldestFinishedAt();
    const next = earliest(this.store.nextDueAt(), finished === undefined ? undefined : finished + this.options.jobTtlMs);
    if (next === this.dueTimerAt) return;
    clearTimeout(this.dueTimer);
    this.dueTimerAt = next;
    if (next === undefined) return;
    this.dueTimer = setTimeout(() => this.guarded('releasing due jobs', () => this.releaseDue()), Math.min(Math.max(0, next - Date.now()), MAX_TIMER_MS));
    this.dueTimer.unref();
  }

  /** Releases due delayed and retrying jobs, and drops finished jobs past their retention. */
  private releaseDue(): void {
    this.dueTimerAt = undefined;
    const now = Date.now();
    // Dropped jobs leave the journal at its next compaction (it writes only what the store holds).
    this.store.dropFinished(now - this.options.jobTtlMs);
    this.purgeExpiredResults(now);
    for (const job of this.store.takeDue(now)) {
      Object.assign(job, { queue: 'pending', status: 'Pending', readyAt: null });
      this.store.place(job);
      this.options.journal?.append({ t: 'job', job });
      this.emit('ready', job, now);
    }
    this.armDueTimer();
    this.dispatch();
  }

  private emit(transition: JobTransition, job: Job, at: number): void {
    if (this.events.listenerCount('job') === 0) return;
    const event: JobEvent = {
      transition,
      job_id: job.id,
      job_type: job.label,
      priority: job.priority,
      status: job.status,
      worker_id: job.workerId,
      retry_count: job.retryCount,
      last_error: job.lastError,
      metadata: job.metadata,
      at,
    };
    this.events.emit('job', event);
  }
}
