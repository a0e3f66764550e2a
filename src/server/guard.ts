// What keeps the server serving whatever arrives: time limits for slow or stalled clients, an
// answer with a body for requests Node's HTTP parser refuses, and a last line of defence that
// logs and counts any failure nothing else caught, answering 500 instead of ending the process.
import { STATUS_CODES, type ServerOptions, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** A request (headers and body) must arrive within this time by default, in seconds. */
export const DEFAULT_REQUEST_TIMEOUT_SECS = 30;
/** Headers arrive at once from any real client: a shorter limit for them. */
const MAX_HEADERS_TIMEOUT_MS = 10_000;

/**
 * node:http options so that a request not received within `requestTimeoutSecs` is answered 408 and
 * closed. Node checks the limits every `connectionsCheckingInterval`, so that is taken off the limit.
 */
export function timeoutOptions(requestTimeoutSecs: number): ServerOptions {
  const totalMs = requestTimeoutSecs * 1000;
  const connectionsCheckingInterval = Math.max(50, Math.min(1000, totalMs / 10));
  const requestTimeout = totalMs - connectionsCheckingInterval;
  // requireHostHeader: off, since node:http answers a missing Host without a body; requestUrl() checks it.
  return { requestTimeout, headersTimeout: Math.min(MAX_HEADERS_TIMEOUT_MS, requestTimeout), connectionsCheckingInterval, requireHostHeader: false };
}

type ClientError = Error & { code?: string; reason?: string };

/** Answers what Node's HTTP parser refused (a `clientError`) with a status and a plain-text body, then closes. */
export function answerClientError(err: ClientError, socket: Duplex, requestTimeoutSecs: number): void {
  // A response already under way on this socket cannot be followed by another one.
  const inProgress = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage?.headersSent;
  if (err.code === 'ECONNRESET' || !socket.writable || inProgress) {
    socket.destroy();
    return;
  }
  const [status, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, `The request was not received within ${requestTimeoutSecs} seconds`]
    : err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'The request headers are larger than the server accepts']
    : [400, `Malformed HTTP request: ${err.reason ?? err.message}`];
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  // A client that keeps sending after the answer does not keep the socket.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** Failures that escaped every handler: logged (even with --quiet) and counted; the server keeps serving. */
export class LastResort {
  private failures = 0;

  constructor(private readonly warn: (line: string) => void) {}

  /** How many failures reached the last line of defence since the start. */
  get count(): number {
    return this.failures;
  }

  record(what: string, err: unknown): void {
    this.failures++;
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    this.warn(`Internal error #${this.failures} in ${what} (the server keeps serving): ${detail}`);
  }

  /** A request whose handling failed: recorded, and answered 500 when its answer has not started. */
  request(res: ServerResponse, err: unknown): void {
    this.record('a request', err);
    try {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const body = 'Internal server error (logged by the server)';
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
      res.end(body);
    } catch {
      res.destroy();
    }
  }
}
