// The local RipTide-compatible Workers server, for programs and tests:
//   const server = await startWorkersServer({ port: 0 });
//   server.events.on('job', (e) => ...); ... await server.close();
import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine, type JobEvent } from './engine';
import { DEFAULT_REQUEST_TIMEOUT_SECS, LastResort, answerClientError, timeoutOptions } from './guard';
import { Journal } from './journal';
import { handle } from './routes';
import { RateLimiter } from './riptideGate';
import { riptideMode, type RiptideModeOptions } from './riptideMode';
import { Scheduler } from './schedules';

export type { JobEvent, JobTransition } from './engine';
export type { RiptideMode, RiptideModeOptions, WorkersApiBuild } from './riptideMode';

export interface WorkersServerOptions {
  /** Port to listen on; 0 picks a free one. Default 8080. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Pool size, at least 2. Default 4. */
  workers?: number;
  /** When set, /workers and /api/v1 routes require it (X-API-Key or Authorization: Bearer). */
  apiKey?: string;
  /** Journal file; without it everything is kept in memory only. */
  dataFile?: string;
  /** Start with the pool taking no jobs (for building queues); see resume(). */
  paused?: boolean;
  /** How long results are kept, in seconds (fractions allowed). Default 3600. */
  resultTtlSecs?: number;
  /**
   * How long a finished job (Completed or DeadLetter) is kept after it finished, in seconds
   * (fractions allowed); then it is gone from reads, lists, counts and the journal. At least
   * `resultTtlSecs` (a result is never kept longer than its job). Default 86400 (24 h), or
   * `resultTtlSecs` when that is longer.
   */
  jobTtlSecs?: number;
  /** With `dataFile`: compact the journal online once it passes this size and twice its compacted size. Default 64 MiB. */
  journalCompactBytes?: number;
  /** Largest request body accepted. Default 10 MiB. */
  maxBodyBytes?: number;
  /** Answer as the real RipTide server does (see riptideMode.ts); without it, the faithful contract. */
  riptide?: RiptideModeOptions;
  /** A request (headers and body) not received within this many seconds is answered 408 and closed. Default 30. */
  requestTimeoutSecs?: number;
  /** Receives one line per request and per notable event. */
  log?: (line: string) => void;
  /** Receives warnings (unreadable journal lines, internal errors); default: `log`. Kept by --quiet. */
  warn?: (line: string) => void;
}

export interface WorkersServer {
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly port: number;
  /** Emits 'job' with a JobEvent after every job transition. */
  readonly events: EventEmitter;
  /** Failures that reached the last line of defence (each logged as a warning); the server kept serving. */
  readonly internalErrors: number;
  /** Resolves with the first future event that satisfies `predicate`; rejects after `timeoutMs`. */
  waitForEvent(predicate: (e: JobEvent) => boolean, timeoutMs?: number): Promise<JobEvent>;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_WORKERS = 4;
export const MIN_WORKERS = 2;
export const DEFAULT_RESULT_TTL_SECS = 3600;
export const DEFAULT_JOB_TTL_SECS = 86400;
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startWorkersServer(options: WorkersServerOptions = {}): Promise<WorkersServer> {
  const workers = options.workers ?? DEFAULT_WORKERS;
  if (!Number.isInteger(workers) || workers < MIN_WORKERS) throw new Error(`workers must be an integer of at least ${MIN_WORKERS}, got ${workers}`);
  const resultTtlSecs = options.resultTtlSecs ?? DEFAULT_RESULT_TTL_SECS;
  if (!(resultTtlSecs > 0)) throw new Error(`resultTtlSecs must be positive, got ${resultTtlSecs}`);
  const jobTtlSecs = options.jobTtlSecs ?? Math.max(DEFAULT_JOB_TTL_SECS, resultTtlSecs);
  if (!(jobTtlSecs >= resultTtlSecs)) {
    throw new Error(`jobTtlSecs must be at least resultTtlSecs (${resultTtlSecs}): a finished job keeps its result, so it cannot be dropped before it; got ${jobTtlSecs}`);
  }
  if (options.apiKey !== undefined && options.apiKey === '') throw new Error('apiKey must not be empty');
  const log = options.log ?? (() => {});
  const warn = options.warn ?? log;
  const requestTimeoutSecs = options.requestTimeoutSecs ?? DEFAULT_REQUEST_TIMEOUT_SECS;
  if (!(requestTimeoutSecs > 0)) throw new Error(`requestTimeoutSecs must be positive, got ${requestTimeoutSecs}`);
  const lastResort = new LastResort(warn);

  const resultTtlMs = resultTtlSecs * 1000;
  const jobTtlMs = jobTtlSecs * 1000;
  const opened = options.dataFile ? await Journal.open(options.dataFile, { resultTtlMs, jobTtlMs, warn, minCompactBytes: options.journalCompactBytes }) : undefined;
  const journal = opened?.journal;
  const report = (what: string, err: unknown) => lastResort.record(what, err);
  const riptide = options.riptide ? riptideMode(options.riptide) : undefined;
  const engine = new Engine({ workers, paused: options.paused ?? false, resultTtlMs, jobTtlMs, journal, report, riptide: riptide !== undefined });
  const scheduler = new Scheduler((config) => void engine.submit(config, false).catch((err) => report('a scheduled run', err)), journal, report, riptide !== undefined);
  journal?.compactFrom(() => ({ jobs: engine.store.all(), schedules: scheduler.list() }));
  // RipTide's stalled build: the pool never takes a job (its worker loop is dropped at start).
  if (riptide?.stalledWorkers) engine.pause();
  if (opened) {
    const { jobs, schedules, skippedLines } = opened.state;
    engine.load(jobs);
    scheduler.load(schedules);
    log(`Loaded ${jobs.length} job(s) and ${schedules.length} schedule(s) from ${options.dataFile}` + (skippedLines ? ` (${skippedLines} unreadable line(s) skipped)` : ''));
  }

  const limiter = riptide ? new RateLimiter(riptide) : undefined;
  const ctx = { engine, scheduler, apiKey: options.apiKey, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, riptide, limiter };
  const server = http.createServer(timeoutOptions(requestTimeoutSecs), (req, res) => {
    const started = Date.now();
    res.on('finish', () => log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    handle(req, res, ctx).catch((err: unknown) => lastResort.request(res, err));
  });
  server.on('clientError', (err, socket) => answerClientError(err, socket, requestTimeoutSecs));
  server.keepAliveTimeout = 5000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, options.host ?? DEFAULT_HOST, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    engine.close();
    scheduler.close();
    journal?.close();
    throw e;
  }
  engine.start();

  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    get internalErrors() {
      return lastResort.count;
    },
    url: `http://${host}:${address.port}`,
    port: address.port,
    events: engine.events,
    waitForEvent: (predicate, timeoutMs = 10_000) =>
      new Promise<JobEvent>((resolve, reject) => {
        const timer = setTimeout(() => {
          engine.events.off('job', listener);
          reject(new Error(`No matching job event within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (e: JobEvent) => {
          if (!predicate(e)) return;
          clearTimeout(timer);
          engine.events.off('job', listener);
          resolve(e);
        };
        engine.events.on('job', listener);
      }),
    pause: () => engine.pause(),
    resume: () => engine.resume(),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        engine.close();
        scheduler.close();
        server.close(() => {
          journal?.close();
          resolve();
        });
        server.closeAllConnections();
      })),
  };
}
