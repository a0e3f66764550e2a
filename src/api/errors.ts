// Typed errors of the Workers API client. Every message names what was asked and what went
// wrong in words a user can act on; none ever carries the API key.

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
    super(UnreachableError.describe(origin, code), endpoint);
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

/** A short message for any thrown value, for logs and notifications. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
