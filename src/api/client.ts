// The one Workers API client: every endpoint of the server dialect over an undici keep-alive
// pool, answers checked with zod, typed errors, waitForJob and bounded-concurrency submitMany.
import * as l10n from '@vscode/l10n';
import { Agent, errors as undiciErrors, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import {
  apiError,
  CancelledError,
  InvalidResponseError,
  JobFailedError,
  RedirectError,
  RequestTooLargeError,
  ResponseTooLargeError,
  RetryLaterError,
  RipTideError,
  TimeoutError,
  UnreachableError,
} from './errors';
import { redactSecrets } from './redact';
import {
  JobConfig,
  JobConfigSchema,
  JobListResponse,
  JobListResponseSchema,
  JobResult,
  JobResultSchema,
  JobStatus,
  JobStatusResponseSchema,
  QueueStats,
  QueueStatsSchema,
  ScheduledJob,
  ScheduledJobConfig,
  ScheduledJobConfigSchema,
  ScheduledJobListSchema,
  ScheduledJobSchema,
  SubmitJobResponse,
  SubmitJobResponseSchema,
  WorkerMetrics,
  WorkerMetricsSchema,
  WorkerPoolStats,
  WorkerPoolStatsSchema,
} from './schemas';

export interface ClientOptions {
  /** e.g. http://localhost:8080 or https://host/api (a path prefix is kept). */
  baseUrl: string;
  apiKey?: string;
  /** Per-request timeout in milliseconds (default 15 s). */
  timeoutMs?: number;
  /** How many times an idempotent GET is retried on a connection error (default 2). */
  getRetries?: number;
  /** Keep-alive connections to the server (default 16). */
  connections?: number;
  /** The largest answer read, chunked or not (default 64 MiB); past it: ResponseTooLargeError. */
  maxResponseBytes?: number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

/** `status` takes a queue name: pending, delayed, processing, retry, completed, dead_letter. */
export interface ListJobsQuery {
  status?: string;
  jobType?: string;
  limit?: number;
  offset?: number;
  search?: string;
}

export interface WaitOptions extends CallOptions {
  /** Seconds between status checks (default 1, as in the SDK). */
  pollInterval?: number;
  /** Seconds to wait at most (default: forever, as in the SDK). */
  timeout?: number;
  onUpdate?: (status: JobStatus) => void;
  /** The server asked to wait (429, or 503 at capacity): checks resume after `ms`. */
  onRateLimited?: (wait: RateLimitWait) => void;
}

/** A wait the server asked for: until when, and the answer that asked. */
export interface RateLimitWait {
  ms: number;
  until: Date;
  error: RetryLaterError;
}

/** A raw answer, whatever its status (for the connection diagnosis). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}

export type SubmitOutcome =
  | { index: number; ok: true; jobId: string; response: SubmitJobResponse }
  | { index: number; ok: false; error: RipTideError };

export interface SubmitManyOptions extends CallOptions {
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /**
   * Stops starting submissions (the rest are reported as cancelled) but lets those in flight
   * finish, so every outcome is known: unlike `signal`, which also aborts requests in flight,
   * whose jobs the server may or may not have created.
   */
  stop?: AbortSignal;
  onProgress?: (progress: { done: number; total: number; succeeded: number; failed: number; last: SubmitOutcome }) => void;
  /**
   * The server refused a submission with 429 (or 503 at capacity) and said how long to wait:
   * every worker pauses until then and sends it again (it was not accepted). `stop` and
   * `signal` end the wait.
   */
  onRateLimited?: (wait: RateLimitWait) => void;
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Of an error answer only the start is read: its message is in the first few kilobytes. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** A connection closed while a body at least this large was sent is read as "request too large". */
const LARGE_REQUEST_BYTES = 1024 * 1024;
/** Connection errors that, during the upload of a large body, mean the server stopped reading it. */
const CLOSED_WHILE_SENDING = new Set(['EPIPE', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export class WorkersClient {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly prefix: string;
  private readonly apiKey: string | undefined;
  private readonly timeoutMs: number;
  private readonly getRetries: number;
  private readonly maxResponseBytes: number;
  private readonly dispatcher: Agent;

  constructor(options: ClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new RipTideError(l10n.t("'{0}' is not a valid server URL (expected e.g. {1})", options.baseUrl, 'http://localhost:8080'));
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RipTideError(l10n.t("'{0}' is not an http(s) URL", options.baseUrl));
    }
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.baseUrl = this.origin + this.prefix;
    this.apiKey = options.apiKey || undefined;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.getRetries = options.getRetries ?? 2;
    this.maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
    this.dispatcher = new Agent({ connections: options.connections ?? 16, keepAliveTimeout: 10_000 });
  }

  // -- Jobs --------------------------------------------------------------------------------

  async submitJob(config: JobConfig, options: CallOptions = {}): Promise<SubmitJobResponse> {
    const body = validDefinition(JobConfigSchema, config, 'job'); // also normalises priority spelling
    return this.call('POST', '/workers/jobs', SubmitJobResponseSchema, { ...options, body });
  }

  listJobs(query: ListJobsQuery = {}, options: CallOptions = {}): Promise<JobListResponse> {
    const params = new URLSearchParams();
    if (query.status) params.set('status', query.status);
    if (query.jobType) params.set('job_type', query.jobType);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.search) params.set('search', query.search);
    const qs = params.toString();
    return this.call('GET', `/workers/jobs${qs ? `?${qs}` : ''}`, JobListResponseSchema, options);
  }

  getJobStatus(jobId: string, options: CallOptions = {}): Promise<JobStatus> {
    return this.call('GET', `/workers/jobs/${encodeURIComponent(jobId)}`, JobStatusResponseSchema, options);
  }

  getJobResult(jobId: string, options: CallOptions = {}): Promise<JobResult> {
    return this.call('GET', `/workers/jobs/${encodeURIComponent(jobId)}/result`, JobResultSchema, options);
  }

  // -- Statistics --------------------------------------------------------------------------

  getQueueStats(options: CallOptions = {}): Promise<QueueStats> {
    return this.call('GET', '/workers/stats/queue', QueueStatsSchema, options);
  }

  getWorkerStats(options: CallOptions = {}): Promise<WorkerPoolStats> {
    return this.call('GET', '/workers/stats/workers', WorkerPoolStatsSchema, options);
  }

  getMetrics(options: CallOptions = {}): Promise<WorkerMetrics> {
    return this.call('GET', '/workers/metrics', WorkerMetricsSchema, options);
  }

  // -- Schedules ---------------------------------------------------------------------------

  async createSchedule(config: ScheduledJobConfig, options: CallOptions = {}): Promise<ScheduledJob> {
    const body = validDefinition(ScheduledJobConfigSchema, config, 'schedule');
    return this.call('POST', '/workers/schedule', ScheduledJobSchema, { ...options, body });
  }

  listSchedules(options: CallOptions = {}): Promise<ScheduledJob[]> {
    return this.call('GET', '/workers/schedule', ScheduledJobListSchema, options);
  }

  async deleteSchedule(id: string, options: CallOptions = {}): Promise<void> {
    await this.call('DELETE', `/workers/schedule/${encodeURIComponent(id)}`, null, options);
  }

  // -- Conveniences ------------------------------------------------------------------------

  /**
   * Polls the job's status until it ends, as the SDK's wait_for_job: the result once it is
   * Completed (read `success`: a completed attempt may still have failed), a JobFailedError
   * when it is Failed or DeadLetter, a TimeoutError after `timeout` seconds.
   */
  async waitForJob(jobId: string, options: WaitOptions = {}): Promise<JobResult> {
    const pollMs = Math.max(0.05, options.pollInterval ?? 1) * 1000;
    const deadline = options.timeout !== undefined ? Date.now() + options.timeout * 1000 : Infinity;
    const endpoint = `GET /workers/jobs/${jobId}`;
    // A 429 (or 503 at capacity) pauses the checks for as long as the server asked, within the timeout.
    const patiently = async <T>(read: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await read();
        } catch (err) {
          if (!(err instanceof RetryLaterError)) throw err;
          const remaining = deadline - Date.now();
          if (remaining <= err.retryAfterMs) {
            const wait = Math.ceil(err.retryAfterMs / 1000);
            throw new TimeoutError(l10n.t('Job {0} did not finish within {1} s (the server asked to wait {2} s: {3})', jobId, String(options.timeout), wait, err.message), endpoint);
          }
          options.onRateLimited?.({ ms: err.retryAfterMs, until: new Date(Date.now() + err.retryAfterMs), error: err });
          await delay(err.retryAfterMs, options.signal, endpoint);
        }
      }
    };
    for (;;) {
      const status = await patiently(() => this.getJobStatus(jobId, options));
      options.onUpdate?.(status);
      if (status.status === 'Completed') return patiently(() => this.getJobResult(jobId, options));
      if (status.status === 'Failed' || status.status === 'DeadLetter') {
        throw new JobFailedError(jobId, status.status, status.last_error === null ? null : this.redact(status.last_error));
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new TimeoutError(l10n.t('Job {0} did not finish within {1} s (last status: {2})', jobId, String(options.timeout), status.status), endpoint);
      }
      await delay(Math.min(pollMs, remaining), options.signal, endpoint);
    }
  }

  /**
   * Submits many jobs with at most `concurrency` requests in flight. One job's failure does not
   * stop the others; the outcomes come back in input order. On abort, jobs not yet sent are
   * reported as cancelled.
   */
  async submitMany(jobs: readonly JobConfig[], options: SubmitManyOptions = {}): Promise<SubmitOutcome[]> {
    const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
    const outcomes: SubmitOutcome[] = new Array(jobs.length);
    let next = 0;
    let done = 0;
    let succeeded = 0;
    const record = (outcome: SubmitOutcome) => {
      outcomes[outcome.index] = outcome;
      done++;
      if (outcome.ok) succeeded++;
      options.onProgress?.({ done, total: jobs.length, succeeded, failed: done - succeeded, last: outcome });
    };
    const endpoint = 'POST /workers/jobs';
    const cancelled = () => options.signal?.aborted || options.stop?.aborted;
    // When the server asks to wait, every worker waits until the same moment.
    let resumeAt = 0;
    const waitSignal = anySignal(options.signal, options.stop);
    const submitOne = async (index: number): Promise<SubmitOutcome> => {
      for (;;) {
        if (cancelled()) return { index, ok: false, error: new CancelledError(endpoint) };
        try {
          if (resumeAt > Date.now()) await delay(resumeAt - Date.now(), waitSignal, endpoint);
          const response = await this.submitJob(jobs[index], options);
          return { index, ok: true, jobId: response.job_id, response };
        } catch (err) {
          // Refused with a wait: the job was not accepted, so it is sent again after the wait.
          if (err instanceof RetryLaterError) {
            const until = Date.now() + err.retryAfterMs;
            if (until > resumeAt) {
              resumeAt = until;
              options.onRateLimited?.({ ms: err.retryAfterMs, until: new Date(until), error: err });
            }
            continue;
          }
          if (err instanceof CancelledError && cancelled()) return { index, ok: false, error: new CancelledError(endpoint) };
          return { index, ok: false, error: asRipTideError(err) };
        }
      }
    };
    const worker = async () => {
      while (next < jobs.length) record(await submitOne(next++));
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
    } finally {
      waitSignal?.dispose();
    }
    return outcomes;
  }

  /** Sends one request and returns its answer whatever the status; throws only when there is no answer. */
  async probe(method: 'GET' | 'POST' | 'DELETE', path: string, options: CallOptions & { body?: unknown } = {}): Promise<RawAnswer> {
    return this.send(method, path, `${method} ${path.split('?')[0]}`, options, false);
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  // -- Transport ---------------------------------------------------------------------------

  private async call<T extends z.ZodType>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    schema: T | null,
    options: CallOptions & { body?: unknown },
  ): Promise<z.output<T>> {
    const endpoint = `${method} ${path.split('?')[0]}`;
    const attempts = method === 'GET' ? this.getRetries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const text = await this.send(method, path, endpoint, options);
        if (schema === null) return undefined as z.output<T>;
        return parseAnswer(schema, text, endpoint, (t) => this.redact(t));
      } catch (err) {
        const retriable = err instanceof UnreachableError && attempt < attempts;
        if (!retriable) throw err;
        await delay(100 * 3 ** (attempt - 1), options.signal, endpoint);
      }
    }
  }

  private async send(method: string, path: string, endpoint: string, options: CallOptions & { body?: unknown }): Promise<string>;
  private async send(method: string, path: string, endpoint: string, options: CallOptions & { body?: unknown }, strict: false): Promise<RawAnswer>;
  private async send(method: string, path: string, endpoint: string, options: CallOptions & { body?: unknown }, strict = true): Promise<string | RawAnswer> {
    if (options.signal?.aborted) throw new CancelledError(endpoint);
    // The key is bound to this.origin: a URL that would leave it is never requested. undici's
    // request() follows no redirects (a 3xx comes back as an ApiError), so it stays there.
    const target = this.origin + this.prefix + path;
    if (new URL(target).origin !== this.origin) throw new RipTideError(l10n.t('Refusing to send {0} outside {1}', endpoint, this.origin), endpoint);
    // One controller for the caller's signal and the timeout. Not AbortSignal.any with
    // AbortSignal.timeout: on Node 20 that timeout can be collected and never fire.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const fail = (err: unknown, sentBytes = 0) => this.transportError(err, endpoint, options.signal, timedOut, sentBytes);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.apiKey) headers['x-api-key'] = this.apiKey;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(target, {
          method: method as Dispatcher.HttpMethod,
          headers,
          body,
          signal: controller.signal,
          dispatcher: this.dispatcher,
        });
      } catch (err) {
        throw fail(err, body === undefined ? 0 : Buffer.byteLength(body));
      }
      const ok = response.statusCode >= 200 && response.statusCode < 300;
      let text: string;
      try {
        text = ok ? await this.readCapped(response, endpoint) : await readStart(response.body, MAX_ERROR_BODY_BYTES);
      } catch (err) {
        throw err instanceof RipTideError ? err : fail(err);
      }
      const answerHeaders = flatHeaders(response.headers);
      if (!strict) return { status: response.statusCode, headers: answerHeaders, text: this.redact(text) };
      if (response.statusCode >= 300 && response.statusCode < 400) {
        throw new RedirectError(response.statusCode, endpoint, answerHeaders.location && this.redact(answerHeaders.location));
      }
      if (!ok) throw apiError(response.statusCode, this.redact(text), endpoint, answerHeaders['retry-after']);
      return text;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  /** The whole answer, refused past `maxResponseBytes` whether declared up front or counted while chunks arrive. */
  private async readCapped(response: Dispatcher.ResponseData, endpoint: string): Promise<string> {
    const declared = Number(response.headers['content-length'] ?? 0);
    if (declared > this.maxResponseBytes) {
      response.body.destroy(); // closes the connection instead of downloading what will not be read
      throw new ResponseTooLargeError(this.maxResponseBytes, endpoint);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.maxResponseBytes) {
        response.body.destroy();
        throw new ResponseTooLargeError(this.maxResponseBytes, endpoint);
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Error text without this client's key or any credential header value a server echoed. */
  private redact(text: string): string {
    return redactSecrets(text, [this.apiKey]);
  }

  private transportError(err: unknown, endpoint: string, user: AbortSignal | undefined, timedOut: boolean, sentBytes: number): RipTideError {
    if (user?.aborted) return new CancelledError(endpoint);
    if (timedOut || err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) {
      return new TimeoutError(l10n.t('RipTide at {0} did not answer {1} within {2} s', this.origin, endpoint, Math.round(this.timeoutMs / 1000)), endpoint);
    }
    const code = errorCode(err);
    if (code && CLOSED_WHILE_SENDING.has(code) && sentBytes >= LARGE_REQUEST_BYTES) return new RequestTooLargeError(this.origin, sentBytes, endpoint);
    if (code && CONNECTION_ERROR_CODES.has(code)) return new UnreachableError(this.origin, code, endpoint);
    // Anything else (a TLS certificate, a protocol error) will not pass on retry: said as it is.
    const detail = this.redact(err instanceof Error ? err.message : String(err));
    const message =
      code && !detail.includes(code)
        ? l10n.t('RipTide at {0} failed on {1}: {2} ({3})', this.origin, endpoint, detail, code)
        : l10n.t('RipTide at {0} failed on {1}: {2}', this.origin, endpoint, detail);
    return new RipTideError(message, endpoint);
  }
}

/** Reads at most `max` bytes of a body and drops the connection if more was coming. */
async function readStart(body: Dispatcher.ResponseData['body'], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= max) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8');
}

function parseAnswer<T extends z.ZodType>(schema: T, text: string, endpoint: string, redact: (text: string) => string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const preview = redact(text.trim().slice(0, 1000)).slice(0, 80); // cleaned before cutting, so no key is cut in half
    throw new InvalidResponseError(preview ? l10n.t('not JSON ("{0}")', preview) : l10n.t('an empty body where JSON was expected'), endpoint);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length ? issue.path.join('.') : l10n.t('(the whole answer)');
  throw new InvalidResponseError(redact(l10n.t("field '{0}': {1}", field, issue.message)), endpoint); // a message may quote the value
}

/** The error code of an undici/Node network error, looking through `cause`. */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR') {
      // AggregateError (happy eyeballs) hides the real codes in `errors`.
      const inner = (e as { errors?: unknown[] }).errors?.[0];
      return inner && typeof (inner as { code?: unknown }).code === 'string' ? (inner as { code: string }).code : code;
    }
    const aggregated = (e as { errors?: unknown[] }).errors?.[0];
    e = (e as { cause?: unknown }).cause ?? aggregated;
  }
  return undefined;
}

function asRipTideError(err: unknown): RipTideError {
  return err instanceof RipTideError ? err : new RipTideError(err instanceof Error ? err.message : String(err));
}

function flatHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** One signal that fires when either does (undefined when neither is given); dispose() detaches it. */
function anySignal(a: AbortSignal | undefined, b: AbortSignal | undefined): (AbortSignal & { dispose(): void }) | undefined {
  const given = [a, b].filter((s): s is AbortSignal => s !== undefined);
  if (given.length === 0) return undefined;
  const controller = new AbortController();
  const abort = () => controller.abort();
  for (const s of given) {
    if (s.aborted) controller.abort();
    else s.addEventListener('abort', abort, { once: true });
  }
  return Object.assign(controller.signal, { dispose: () => given.forEach((s) => s.removeEventListener('abort', abort)) });
}

/** Checks a definition before it is sent, so a bad one never reaches the server. */
function validDefinition<T extends z.ZodType>(schema: T, value: unknown, what: 'job' | 'schedule'): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.map(String).join('.') || l10n.t('(root)');
  throw new RipTideError(what === 'job' ? l10n.t('Invalid job definition: {0}: {1}', where, issue.message) : l10n.t('Invalid schedule definition: {0}: {1}', where, issue.message));
}

/** Waits `ms`, or throws CancelledError as soon as `signal` fires. */
function delay(ms: number, signal: AbortSignal | undefined, endpoint?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError(endpoint));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError(endpoint));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
