// Typed errors of the Workers API client. Every message names what was asked and what went
// wrong in words a user can act on; none ever carries the API key (see redact.ts).
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
  constructor(readonly status: number, readonly body: string, endpoint: string) {
    super(ApiError.describe(status, body, endpoint), endpoint);
  }

  private static describe(status: number, body: string, endpoint: string): string {
    const text = ApiError.bodyMessage(body);
    if (status === 413) return `HTTP 413 from ${endpoint}: request too large${text ? ` (${text})` : ''}`;
    const hint =
      status === 401 ? ' (an API key is required or the one set was refused)' : status === 503 ? ' (the worker service is not running)' : '';
    return `HTTP ${status} from ${endpoint}${text ? `: ${text}` : hint}`;
  }

  /** The body's own message: `message` of a JSON body (the SDK dialect), else its text, shortened. */
  static bodyMessage(body: string): string {
    const trimmed = body.trim();
    if (!trimmed) return '';
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (parsed && typeof parsed === 'object' && typeof (parsed as { message?: unknown }).message === 'string') {
        return (parsed as { message: string }).message;
      }
    } catch {
      // not JSON: the text itself is the message
    }
    return trimmed.length > 300 ? `${trimmed.slice(0, 300)}…` : trimmed;
  }
}

/** The server could not be reached at all (refused, unknown host, reset). */
export class UnreachableError extends RipTideError {
  constructor(readonly origin: string, readonly code: string, endpoint?: string) {
    const reason = UnreachableError.describe(origin, code);
    super(endpoint ? `${endpoint}: ${reason}` : reason, endpoint);
  }

  private static describe(origin: string, code: string): string {
    switch (code) {
      case 'ECONNREFUSED':
        return `RipTide at ${origin} refused the connection: is the server running?`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `RipTide at ${origin} could not be found: check the server URL`;
      case 'ECONNRESET':
      case 'UND_ERR_SOCKET':
      case 'UND_ERR_CLOSED':
        return `RipTide at ${origin} closed the connection unexpectedly`;
      default:
        return `RipTide at ${origin} could not be reached (${code})`;
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
    super(`Unexpected answer from ${endpoint}: ${detail}`, endpoint);
  }
}

/** The answer was larger than the client reads (declared, or counted while reading a chunked one). */
export class ResponseTooLargeError extends RipTideError {
  constructor(readonly limitBytes: number, endpoint: string) {
    super(`${endpoint}: response too large (more than ${formatBytes(limitBytes)}); the client stopped reading it`, endpoint);
  }
}

/**
 * The server closed the connection while a large request body was still being sent: what a
 * server does that refuses a body over its limit without reading it (some answer no 413 at all).
 */
export class RequestTooLargeError extends RipTideError {
  constructor(readonly origin: string, readonly sentBytes: number, endpoint: string) {
    super(`${endpoint}: request too large? RipTide at ${origin} closed the connection while the request (${formatBytes(sentBytes)}) was being sent`, endpoint);
  }
}

/** "64 MiB", "1.5 MiB", "900 KiB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** The caller's AbortSignal fired. */
export class CancelledError extends RipTideError {
  constructor(endpoint?: string) {
    super(endpoint ? `Cancelled: ${endpoint}` : 'Cancelled', endpoint);
  }
}

/** `waitForJob` saw the job end as failed or dead-lettered. */
export class JobFailedError extends RipTideError {
  constructor(readonly jobId: string, readonly status: string, readonly lastError: string | null) {
    super(`Job ${jobId} ended as ${status}${lastError ? `: ${lastError}` : ''}`);
  }
}

/**
 * A short message for any thrown value, for logs and notifications: cleaned of credential header
 * values and of `secrets` (the client's own errors are already cleaned of its key).
 */
export function errorMessage(err: unknown, secrets: readonly (string | undefined)[] = []): string {
  return redactSecrets(err instanceof Error ? err.message : String(err), secrets);
}
