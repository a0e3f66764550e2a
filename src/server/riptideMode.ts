// The local server's RipTide mode: answers as the real RipTide server does (its validation,
// error bodies, rate limit, cron dialect, results quirks and, each behind its own option, its
// known defects) instead of keeping the faithful contract. Off unless `riptide` is given.

export type WorkersApiBuild =
  /** The Workers API is there and on (the default). */
  | 'present'
  /** Built without the `workers` Cargo feature: every /workers route is a JSON 404. */
  | 'missing'
  /** Built with the feature but WORKERS_ENABLED not true: every /workers route is a 503. */
  | 'disabled';

export interface RiptideModeOptions {
  /** Requests per minute per client (its API key, else its address) in fixed 60 s windows; 0 turns it off. Default 100. */
  rateLimitPerMinute?: number;
  /** Every GET under /workers/jobs answers 405 (Allow: POST), the defect of RipTide's request validation. */
  refuseJobReads?: boolean;
  /** Which build of the Workers API answers. Default 'present'. */
  workersApi?: WorkersApiBuild;
  /** Jobs stay Pending while worker stats say the pool is running (the dropped worker loop). */
  stalledWorkers?: boolean;
  /**
   * Requests per window from all clients together before the server is "at capacity" (503 with
   * Retry-After). Default 1,000, RipTide's global limit; 0 turns it off.
   */
  capacityPerMinute?: number;
  /**
   * Internal, for tests and benchmarks: the length of the rate limiter's fixed window in ms
   * (default 60,000). The limits stay "per window"; Retry-After follows the window.
   */
  rateWindowMs?: number;
}

export const DEFAULT_RIPTIDE_RATE_LIMIT = 100;
export const DEFAULT_RIPTIDE_CAPACITY = 1000;
export const DEFAULT_RATE_WINDOW_MS = 60_000;

/** The options with their defaults filled in. */
export interface RiptideMode {
  readonly rateLimitPerMinute: number;
  readonly refuseJobReads: boolean;
  readonly workersApi: WorkersApiBuild;
  readonly stalledWorkers: boolean;
  readonly capacityPerMinute: number;
  readonly rateWindowMs: number;
}

export function riptideMode(options: RiptideModeOptions): RiptideMode {
  const rateLimitPerMinute = options.rateLimitPerMinute ?? DEFAULT_RIPTIDE_RATE_LIMIT;
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 0) throw new Error(`rateLimitPerMinute must be a non-negative integer, got ${rateLimitPerMinute}`);
  const capacityPerMinute = options.capacityPerMinute ?? DEFAULT_RIPTIDE_CAPACITY;
  if (!Number.isInteger(capacityPerMinute) || capacityPerMinute < 0) throw new Error(`capacityPerMinute must be a non-negative integer, got ${capacityPerMinute}`);
  const rateWindowMs = options.rateWindowMs ?? DEFAULT_RATE_WINDOW_MS;
  if (!(rateWindowMs >= 10)) throw new Error(`rateWindowMs must be at least 10, got ${rateWindowMs}`);
  return {
    rateLimitPerMinute,
    capacityPerMinute,
    rateWindowMs,
    refuseJobReads: options.refuseJobReads ?? false,
    workersApi: options.workersApi ?? 'present',
    stalledWorkers: options.stalledWorkers ?? false,
  };
}
