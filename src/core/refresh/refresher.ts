// The one refresh loop. Every tick reads the queue stats (the status bar's figure), then runs
// the registered tasks that are active (a visible view, an open panel, a watched job), most
// wanted first, one request at a time. Ticks never stack: the next is scheduled only after the
// last finished. It keeps within a request budget per minute (stretching the interval, and
// leaving the least wanted reads for a later tick) and pauses all polling for as long as the
// server asks (429, or 503 at capacity, with Retry-After).
// Kept free of `vscode` so its timing rules can be tested in plain Node.
import { EventEmitter } from 'node:events';
import * as l10n from '@vscode/l10n';
import { ApiError, CancelledError, errorMessage, RetryLaterError, RipTideError, UnreachableError, WorkersClient } from '../../api';
import type { QueueStats } from '../../api';

export interface RefreshTask {
  readonly id: string;
  /**
   * How much the user wants this task's reads when the request budget is short: higher runs
   * first (a watched job 3, an open panel 2, a visible view 1; default 1).
   */
  readonly want?: number;
  /** Whether the task wants to run on this tick (its view is visible, its panel is open...). */
  isActive(): boolean;
  run(client: WorkersClient, stats: QueueStats, signal: AbortSignal): Promise<void>;
}

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'unauthorized' | 'rateLimited';

export interface RefreshSnapshot {
  state: ConnectionState;
  /** The last queue stats read; kept (and marked stale by `error`) while the server is down. */
  stats?: QueueStats;
  error?: RipTideError;
  /** While rate-limited: when polling resumes. */
  resumesAt?: Date;
  at: Date;
}

/** A read left for a later tick because this minute's request budget is spent (tasks treat it as a cancel). */
export class BudgetSpentError extends CancelledError {
  constructor() {
    super();
    this.message = l10n.t('Left for a later refresh: the request budget of this minute is spent');
  }
}

const MINUTE_MS = 60_000;

export interface RefresherOptions {
  client: () => WorkersClient;
  /** Seconds between ticks while focused and online. */
  intervalSeconds: () => number;
  /** The status bar wants the figure even when no view or panel is visible. */
  statusBarWanted: () => boolean;
  focused: () => boolean;
  /**
   * Requests per minute the loop may send to this server, all reads together; 0 or undefined:
   * no budget. One input, so it can be fed per server.
   */
  requestBudgetPerMinute?: () => number;
  /** Interval multiplier while the window is unfocused (default 4). */
  unfocusedFactor?: number;
  /** Longest wait while the server is unreachable (default 60 s). */
  maxBackoffSeconds?: number;
  /** After how long a tick counts as slow (default 1 s). */
  slowAfterMs?: number;
  log?: (message: string) => void;
}

export class Refresher {
  private readonly events = new EventEmitter();
  private readonly tasks = new Map<string, RefreshTask>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private controller: AbortController | undefined;
  private failures = 0;
  private disposed = false;
  private slow = false;
  latest: RefreshSnapshot = { state: 'connecting', at: new Date() };
  /** Ticks started since creation; for tests and benchmarks. */
  ticks = 0;
  private lastTickAt = 0;
  /** When the requests of the last minute were sent (oldest first). */
  private readonly sent: number[] = [];
  /** Requests a tick wanted lately (sent or left for later), smoothed; sizes the stretched interval. */
  private wantedPerTick = 1;
  /** Polling is paused until then (the server asked to wait); 0 when not paused. */
  private pausedUntil = 0;
  /** Requests sent since creation; for tests and benchmarks. */
  requests = 0;

  /** Whether a tick is waiting on its timer. */
  get scheduled(): boolean {
    return this.timer !== undefined;
  }

  constructor(private readonly options: RefresherOptions) {}

  onDidRefresh(listener: (snapshot: RefreshSnapshot) => void): { dispose(): void } {
    return this.listen('refresh', listener);
  }

  /** Each tick's queue stats, as soon as they are read (before the tasks run). */
  onDidReadStats(listener: (stats: QueueStats) => void): { dispose(): void } {
    return this.listen('stats', listener);
  }

  /** True while a tick has taken longer than `slowAfterMs`. */
  onDidChangeSlow(listener: (slow: boolean) => void): { dispose(): void } {
    return this.listen('slow', listener);
  }

  register(task: RefreshTask): { dispose(): void } {
    this.tasks.set(task.id, task);
    // Only this registration: a later task under the same id stays.
    return { dispose: () => this.tasks.get(task.id) === task && this.tasks.delete(task.id) };
  }

  /** The ids of the tasks that want the next tick (for diagnostics and tests). */
  activeTaskIds(): string[] {
    return [...this.tasks.values()].filter((t) => t.isActive()).map((t) => t.id);
  }

  /** Starts the loop (the first tick runs at once), unless nothing wants the figures yet. */
  start(): void {
    if (this.nextDelayMs() !== undefined) this.schedule(0);
  }

  /** Something became visible or needs data now: tick at once (a tick in flight serves it). */
  wake(): void {
    if (this.disposed || this.running || this.nextDelayMs() === undefined) return;
    this.schedule(0);
  }

  /**
   * The interval may have changed (focus, settings): the next tick comes one new interval after
   * the last one, or never while nothing wants the figures. No extra tick.
   */
  reschedule(): void {
    if (this.disposed || this.running) return;
    const delay = this.nextDelayMs();
    if (delay === undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      return;
    }
    this.schedule(Math.max(0, this.lastTickAt + delay - Date.now()));
  }

  /**
   * Runs a tick now and resolves when it is done; joins a running tick and runs once more after
   * it. While the server has asked to wait, nothing is sent (the paused loop resumes by itself).
   */
  refreshNow(): Promise<void> {
    if (this.paused) return Promise.resolve();
    if (this.running) {
      this.rerun = true;
      return this.running.then(() => this.running ?? Promise.resolve());
    }
    return this.tick();
  }

  /** The connection changed (URL, key): forget the backoff and read again at once. */
  reset(): void {
    this.failures = 0;
    this.pausedUntil = 0;
    this.sent.length = 0;
    this.controller?.abort();
    this.latest = { state: 'connecting', at: new Date() };
    this.emit('refresh', this.latest);
    if (this.running) this.rerun = true;
    else this.schedule(0);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.events.removeAllListeners();
  }

  /** Whether the server has asked to wait and the wait has not passed. */
  get paused(): boolean {
    return this.pausedUntil > Date.now();
  }

  /** The wait before the next tick, or undefined when nothing wants one. */
  nextDelayMs(now = Date.now()): number | undefined {
    const anyActive = [...this.tasks.values()].some((t) => t.isActive());
    if (!anyActive && !this.options.statusBarWanted()) return undefined;
    if (this.pausedUntil > now) return this.pausedUntil - now;
    const base = this.options.intervalSeconds() * 1000; // the settings enforce the minimum
    let delay: number;
    if (this.failures > 0) {
      const max = (this.options.maxBackoffSeconds ?? 60) * 1000;
      delay = Math.min(base * 2 ** (this.failures - 1), max);
    } else {
      delay = this.options.focused() ? base : base * (this.options.unfocusedFactor ?? 4);
    }
    const budget = this.budget();
    if (budget === undefined) return delay;
    // Stretched so that a tick's usual reads fit the budget, and never before a request is free again.
    const stretched = (MINUTE_MS * Math.min(this.wantedPerTick, budget)) / budget;
    return Math.max(delay, stretched, this.untilFree(now));
  }

  private budget(): number | undefined {
    const budget = this.options.requestBudgetPerMinute?.() ?? 0;
    return budget > 0 ? Math.max(1, Math.floor(budget)) : undefined;
  }

  /** Requests the budget still allows in the minute before `now`. */
  private allowance(now = Date.now()): number {
    const budget = this.budget();
    if (budget === undefined) return Infinity;
    while (this.sent.length && this.sent[0] <= now - MINUTE_MS) this.sent.shift();
    return budget - this.sent.length;
  }

  /** How long until the budget allows one request. */
  private untilFree(now: number): number {
    if (this.allowance(now) >= 1) return 0;
    return this.sent[this.sent.length - this.budget()!] + MINUTE_MS - now;
  }

  /** Takes one request from the budget, or throws when none is left or the server asked to wait. */
  private spend(): void {
    if (this.paused || this.allowance() < 1) throw new BudgetSpentError();
    this.sent.push(Date.now());
    this.requests++;
  }

  /** The server asked to wait: nothing is sent before `retryAfterMs` has passed. */
  private pause(err: RetryLaterError): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + err.retryAfterMs);
  }

  private schedule(ms: number): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, ms);
  }

  private tick(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.runTick().finally(() => {
      this.running = undefined;
      this.lastTickAt = Date.now();
      if (this.disposed) return;
      if (this.rerun) {
        this.rerun = false;
        void this.tick();
        return;
      }
      const next = this.nextDelayMs();
      if (next !== undefined) this.schedule(next);
    });
    return this.running;
  }

  private async runTick(): Promise<void> {
    if (this.disposed) return;
    // Woken early (a view shown, a reset) while the server asks to wait or the budget is spent: the timer comes back then.
    if (this.paused || this.allowance() < 1) return;
    this.ticks++;
    const controller = new AbortController();
    this.controller = controller;
    const slowTimer = setTimeout(() => this.setSlow(true), this.options.slowAfterMs ?? 1000);
    let wanted = 0;
    const spend = () => {
      wanted++;
      this.spend();
    };
    const retryLater = (err: unknown) => err instanceof RetryLaterError && this.pause(err);
    try {
      let client: WorkersClient;
      let stats: QueueStats;
      try {
        client = this.options.client();
        spend();
        stats = await client.getQueueStats({ signal: controller.signal });
      } catch (err) {
        if (err instanceof CancelledError || controller.signal.aborted) return;
        retryLater(err);
        this.failed(err);
        return;
      }
      // reset() aborts the tick: an answer that came just as the server changed is the old one's.
      if (controller.signal.aborted || this.disposed) return;
      this.failures = 0;
      this.emit('stats', stats);
      const tickClient = readingOncePerTick(client, controller.signal, spend, retryLater);
      const tasks = [...this.tasks.values()].sort((a, b) => (b.want ?? 1) - (a.want ?? 1));
      for (const task of tasks) {
        if (controller.signal.aborted || this.disposed) return;
        if (this.paused) break; // a task's read was refused with a wait: the rest waits too
        if (!task.isActive()) continue;
        try {
          await task.run(tickClient, stats, controller.signal);
        } catch (err) {
          if (controller.signal.aborted) return; // the tick itself was cancelled (reset, dispose)
          if (err instanceof CancelledError) continue; // only that task gave up (its panel closed, the budget)
          if (err instanceof RetryLaterError) continue;
          this.options.log?.(`Refreshing ${task.id} failed: ${errorMessage(err)}`);
        }
      }
      if (controller.signal.aborted || this.disposed) return;
      this.wantedPerTick = 0.7 * this.wantedPerTick + 0.3 * wanted;
      this.latest = this.paused
        ? { state: 'rateLimited', stats, resumesAt: new Date(this.pausedUntil), at: new Date() }
        : { state: 'online', stats, at: new Date() };
      this.emit('refresh', this.latest);
    } finally {
      clearTimeout(slowTimer);
      this.setSlow(false);
      if (this.controller === controller) this.controller = undefined;
    }
  }

  private failed(err: unknown): void {
    const error = err instanceof RipTideError ? err : new RipTideError(String(err));
    if (error instanceof RetryLaterError) {
      this.options.log?.(`RipTide asked to wait ${Math.ceil(error.retryAfterMs / 1000)} s: ${error.message}`);
      this.latest = { state: 'rateLimited', stats: this.latest.stats, error, resumesAt: new Date(this.pausedUntil), at: new Date() };
      this.emit('refresh', this.latest);
      return;
    }
    const unauthorized = error instanceof ApiError && error.status === 401;
    // Only a server that does not answer at all is backed off; an answering one is read on schedule.
    if (error instanceof UnreachableError || !(error instanceof ApiError)) this.failures++;
    if (this.failures === 1 || this.latest.state === 'online') this.options.log?.(`RipTide unavailable: ${errorMessage(error)}`);
    this.latest = { state: unauthorized ? 'unauthorized' : 'offline', stats: this.latest.stats, error, at: new Date() };
    this.emit('refresh', this.latest);
  }

  private setSlow(slow: boolean): void {
    if (this.slow === slow) return;
    this.slow = slow;
    this.emit('slow', slow);
  }

  private listen<T>(event: string, listener: (value: T) => void): { dispose(): void } {
    this.events.on(event, listener);
    return { dispose: () => this.events.off(event, listener) };
  }

  private emit(event: string, value: unknown): void {
    this.events.emit(event, value);
  }
}

/** The reads that two tasks of one tick may both want (a panel and the watcher, the dashboard and the Workers view). */
const SHARED_READS = new Set(['getJobStatus', 'getJobResult', 'getWorkerStats', 'getMetrics', 'listSchedules', 'listJobs']);

/** Client methods that send a request (what the budget counts). */
const REQUESTS = new Set([...SHARED_READS, 'getQueueStats', 'submitJob', 'createSchedule', 'deleteSchedule', 'probe']);

/**
 * The client as the tasks of one tick see it: a read asked twice in the tick is sent once and
 * both get the same answer (or error). A shared read runs on the tick's signal, so one task
 * giving up (its own signal) does not cancel it for the others. Every request sent takes one
 * from the budget (`spend` throws when none is left) and a refusal with a wait is reported to
 * `retryLater`. Everything else goes to the client as it is.
 */
function readingOncePerTick(client: WorkersClient, tickSignal: AbortSignal, spend: () => void, retryLater: (err: unknown) => void): WorkersClient {
  const answers = new Map<string, Promise<unknown>>();
  const isOptions = (a: unknown): a is { signal?: AbortSignal } => typeof a === 'object' && a !== null && 'signal' in a;
  const send = (run: () => Promise<unknown>): Promise<unknown> => {
    try {
      spend();
    } catch (err) {
      return Promise.reject(err);
    }
    return run().catch((err: unknown) => {
      retryLater(err);
      throw err;
    });
  };
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (typeof prop !== 'string' || !REQUESTS.has(prop)) return value.bind(target);
      if (!SHARED_READS.has(prop)) return (...args: unknown[]) => send(() => value.apply(target, args) as Promise<unknown>);
      return (...args: unknown[]) => {
        const asked = args.filter((a) => !isOptions(a));
        const key = `${prop} ${JSON.stringify(asked)}`;
        let answer = answers.get(key);
        if (!answer) answers.set(key, (answer = send(() => value.apply(target, [...asked, { signal: tickSignal }]) as Promise<unknown>)));
        const own = args.find(isOptions)?.signal;
        return own && own !== tickSignal ? untilAborted(answer, own) : answer;
      };
    },
  });
}

/** The answer, or a CancelledError as soon as `signal` fires. */
function untilAborted<T>(answer: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    answer.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
