// Typed errors of the Workers API client. Every message names what was asked and what went
// wrong in words a user can act on; none ever carries the API key (see redact.ts). The words go
// through @vscode/l10n when the error is made; the endpoint, status and server's text stay as sent.
import * as l10n from '@vscode/l10n';
import { refusedQueryWordInTarget, RIPTIDE_REFUSED_QUERY_WORDS } from './riptideQuery';
import { redactSecrets } from './redact';

/** Base class: `endpoint` is "METHOD /path" (without the base URL), when one is involved. */
export class RipTideError extends Error {
  constructor(message: string, readonly endpoint?: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The server answered with a non-success status. `body` is whatever text came (may be empty). */
export class ApiError extends RipTideError {
  /** What the body says, whatever its shape (see errorBody). */
  readonly detail: ErrorBody;

  constructor(readonly status: number, readonly body: string, endpoint: string) {
    const detail = errorBody(body);
    super(ApiError.describe(status, detail, endpoint), endpoint);
    this.detail = detail;
  }

  private static describe(status: number, detail: ErrorBody, endpoint: string): string {
    if (status === 413) {
      return detail.message
        ? l10n.t('HTTP 413 from {0}: request too large ({1})', endpoint, detail.message)
        : l10n.t('HTTP 413 from {0}: request too large', endpoint);
    }
    const hint = knownAnswer(status, detail, endpoint);
    if (detail.message && hint) return l10n.t('HTTP {0} from {1}: {2} ({3})', status, endpoint, detail.message, hint);
    if (detail.message) return l10n.t('HTTP {0} from {1}: {2}', status, endpoint, detail.message);
    if (hint) return l10n.t('HTTP {0} from {1} ({2})', status, endpoint, hint);
    return l10n.t('HTTP {0} from {1}', status, endpoint);
  }
}

/**
 * A redirect (3xx). It is never followed, so the API key stays with the origin it was stored
 * for; the message says where the server pointed, so the user can set that URL if it is right.
 */
export class RedirectError extends ApiError {
  constructor(status: number, endpoint: string, readonly location: string | undefined) {
    super(status, '', endpoint);
    this.message = location
      ? l10n.t('HTTP {0} from {1}: the server redirects to {2}. Redirects are not followed, so the API key stays with this server: set the server URL to the address the server means', status, endpoint, location)
      : l10n.t('HTTP {0} from {1}: the server redirects. Redirects are not followed, so the API key stays with this server: set the server URL to the address the server means', status, endpoint);
  }
}

/**
 * `429` (rate limited) or `503` (at capacity) with `Retry-After`: the request was not accepted
 * and may be sent again once `retryAfterMs` has passed.
 */
export class RetryLaterError extends ApiError {
  constructor(status: number, body: string, endpoint: string, readonly retryAfterMs: number) {
    super(status, body, endpoint);
    this.message = l10n.t('{0} (the server asks to wait {1} s)', this.message, Math.ceil(retryAfterMs / 1000));
  }

  get rateLimited(): boolean {
    return this.status === 429;
  }
}

/** What an error body says, from each shape servers send. */
export interface ErrorBody {
  /** The message, or '' for an empty body. Never raw JSON. */
  message: string;
  /** The envelope's `type` (RipTide's middleware), when there is one. */
  type?: string;
  /** The envelope's `retryable`, when there is one. */
  retryable?: boolean;
  /** Which shape it was. */
  shape: 'empty' | 'text' | 'envelope' | 'unauthorized' | 'message' | 'json';
}

/**
 * The one parser of error bodies: RipTide's middleware envelope `{"error": {"type", "message",
 * "retryable", "status"}}`, its 401 body `{"error": "Unauthorized", "message": "..."}`, the SDK
 * dialect's `{"message": "..."}` (or `detail`), plain text, and nothing at all. JSON of another
 * shape is named as such rather than shown.
 */
export function errorBody(body: string): ErrorBody {
  const trimmed = body.trim();
  if (!trimmed) return { message: '', shape: 'empty' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { message: shorten(trimmed), shape: 'text' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return typeof parsed === 'string' ? { message: shorten(parsed), shape: 'text' } : { message: l10n.t('an answer without a message'), shape: 'json' };
  }
  const o = parsed as Record<string, unknown>;
  const error = o.error;
  if (error && typeof error === 'object' && !Array.isArray(error)) {
    const e = error as Record<string, unknown>;
    const message = typeof e.message === 'string' ? e.message : typeof e.type === 'string' ? e.type : l10n.t('an error without a message');
    return {
      message: shorten(message),
      type: typeof e.type === 'string' ? e.type : undefined,
      retryable: typeof e.retryable === 'boolean' ? e.retryable : undefined,
      shape: 'envelope',
    };
  }
  if (typeof error === 'string') {
    const message = typeof o.message === 'string' && o.message ? `${error}: ${o.message}` : error;
    return { message: shorten(message), shape: 'unauthorized' };
  }
  for (const key of ['message', 'detail'] as const) {
    if (typeof o[key] === 'string') return { message: shorten(o[key] as string), shape: 'message' };
  }
  return { message: l10n.t('an answer without a message'), shape: 'json' };
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 300)}…` : oneLine;
}

/** What a status means where the server's own message does not say it. */
function knownAnswer(status: number, detail: ErrorBody, endpoint: string): string | undefined {
  if (status === 401 && !detail.message) return l10n.t('an API key is required or the one set was refused');
  if (status === 405 && isJobRead(endpoint)) return jobReadsRefused();
  // A JSON 404 from the router on a Workers route: the route itself is not there.
  if (status === 404 && detail.shape === 'envelope' && endpoint.includes(' /workers/')) return l10n.t('this server has no Workers API: a RipTide build without its `workers` feature');
  if (status === 503 && !detail.message) return l10n.t('the worker service is not running');
  const refusedWord = status === 400 ? refusedQueryWordInTarget(endpoint.slice(endpoint.indexOf(' ') + 1)) : undefined;
  if (refusedWord !== undefined) {
    return l10n.t('a RipTide server refuses "{0}" in a query string (its request validation refuses {1}): search or filter for other words', refusedWord, RIPTIDE_REFUSED_QUERY_WORDS.join(', '));
  }
  return undefined;
}

/** Why a RipTide server answers 405 to GET /workers/jobs..., in words (looked up when used). */
export function jobReadsRefused(): string {
  return l10n.t('this RipTide server refuses GET /workers/jobs, a known defect of its request validation: counts, schedules and submission still work');
}

function isJobRead(endpoint: string): boolean {
  return /^GET \/workers\/jobs(\/|$)/.test(endpoint);
}

/** Whether an error is the 405 a RipTide server answers to every job read (list, status, result). */
export function isJobReadRefused(err: unknown): err is ApiError {
  return err instanceof ApiError && err.status === 405 && err.endpoint !== undefined && isJobRead(err.endpoint);
}

/** Milliseconds from a Retry-After value (seconds or an HTTP date), or undefined when it is not one. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** The error for a non-success answer: a RetryLaterError when the server said how long to wait. */
export function apiError(status: number, body: string, endpoint: string, retryAfter?: string): ApiError {
  const wait = status === 429 || status === 503 ? retryAfterMs(retryAfter) : undefined;
  return wait !== undefined ? new RetryLaterError(status, body, endpoint, wait) : new ApiError(status, body, endpoint);
}

/** The server could not be reached at all (refused, unknown host, reset). */
export class UnreachableError extends RipTideError {
  constructor(readonly origin: string, readonly code: string, endpoint?: string) {
    const reason = UnreachableError.describe(origin, code);
    super(endpoint ? l10n.t('{0}: {1}', endpoint, reason) : reason, endpoint);
  }

  private static describe(origin: string, code: string): string {
    switch (code) {
      case 'ECONNREFUSED':
        return l10n.t('RipTide at {0} refused the connection: is the server running?', origin);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return l10n.t('RipTide at {0} could not be found: check the server URL', origin);
      case 'ECONNRESET':
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_CLOSED':
        return l10n.t('RipTide at {0} closed the connection unexpectedly', origin);
      default:
        return l10n.t('RipTide at {0} could not be reached ({1})', origin, code);
    }
  }
}

/** No answer within the per-request timeout, or a wait that ran past its own timeout. */
export class TimeoutError extends RipTideError {
  constructor(message: string, endpoint?: string) {
    super(message, endpoint);
  }
}

/** The answer did not have the shape the client relies on. */
export class InvalidResponseError extends RipTideError {
  constructor(detail: string, endpoint: string) {
    super(l10n.t('Unexpected answer from {0}: {1}', endpoint, detail), endpoint);
  }
}

/** The answer was larger than the client reads (declared, or counted while reading a chunked one). */
export class ResponseTooLargeError extends RipTideError {
  constructor(readonly limitBytes: number, endpoint: string) {
    super(l10n.t('{0}: response too large (more than {1}); the client stopped reading it', endpoint, formatBytes(limitBytes)), endpoint);
  }
}

/**
 * The server closed the connection while a large request body was still being sent: what a
 * server does that refuses a body over its limit without reading it (some answer no 413 at all).
 */
export class RequestTooLargeError extends RipTideError {
  constructor(readonly origin: string, readonly sentBytes: number, endpoint: string) {
    super(l10n.t('{0}: request too large? RipTide at {1} closed the connection while the request ({2}) was being sent', endpoint, origin, formatBytes(sentBytes)), endpoint);
  }
}

/** "64 MiB", "1.5 MiB", "900 KiB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return l10n.t('{0} MiB', +(bytes / (1024 * 1024)).toFixed(1));
  if (bytes >= 1024) return l10n.t('{0} KiB', +(bytes / 1024).toFixed(1));
  return l10n.t('{0} bytes', bytes);
}

/** The caller's AbortSignal fired. */
export class CancelledError extends RipTideError {
  constructor(endpoint?: string) {
    super(endpoint ? l10n.t('Cancelled: {0}', endpoint) : l10n.t('Cancelled'), endpoint);
  }
}

/** `waitForJob` saw the job end as failed or dead-lettered. */
export class JobFailedError extends RipTideError {
  constructor(readonly jobId: string, readonly status: string, readonly lastError: string | null) {
    super(lastError ? l10n.t('Job {0} ended as {1}: {2}', jobId, status, lastError) : l10n.t('Job {0} ended as {1}', jobId, status));
  }
}

/**
 * A short message for any thrown value, for logs and notifications: cleaned of credential header
 * values and of `secrets` (the client's own errors are already cleaned of its key).
 */
export function errorMessage(err: unknown, secrets: readonly (string | undefined)[] = []): string {
  return redactSecrets(err instanceof Error ? err.message : String(err), secrets);
}
