// What the real RipTide server's middleware answers before a Workers handler runs, for the local
// server's RipTide mode: its rate limit (fixed windows per client, 429 with Retry-After), its
// capacity (503 with Retry-After), its builds without or with a disabled Workers API, its request
// validation (400 on SQL words in a query string; the 405 on GET /workers/jobs), its API-key checks, and the shapes of its error
// bodies. Workers handlers there answer plain text or nothing, as the default mode does.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { refusedQueryWordInTarget } from '../api/riptideQuery';
import { HttpError, hasApiKey, keysPresented } from './http';
import type { RiptideMode } from './riptideMode';

/** An error raised by RipTide's middleware: answered with its JSON envelope. */
export class MiddlewareError extends HttpError {
  constructor(
    status: number,
    readonly type: string,
    message: string,
    readonly retryable = false,
    headers: Record<string, string> = {},
  ) {
    super(status, message, headers);
  }
}

/** A 401 of RipTide's auth middleware. */
export class UnauthorizedError extends HttpError {
  constructor(readonly reason: 'Missing API key' | 'Invalid API key') {
    super(401, reason, { 'www-authenticate': 'Bearer' });
  }
}

/** RipTide's auth middleware answers 429 from the 10th failed attempt of an address in a minute. */
const MAX_AUTH_FAILURES = 10;
/** RipTide's limit on the X-API-Key header. */
const MAX_KEY_LENGTH = 128;

/** Fixed windows from the server's start: every client's count starts again together. */
export class RateLimiter {
  private windowStart = Date.now();
  private readonly perClient = new Map<string, number>();
  private readonly authFailures = new Map<string, number>();
  private total = 0;

  constructor(private readonly mode: RiptideMode) {}

  /** Counts one request of `client`; the error to answer when over a limit. */
  take(client: string, now = Date.now()): MiddlewareError | undefined {
    this.roll(now);
    const { rateLimitPerMinute: perClient, capacityPerMinute: capacity, rateWindowMs } = this.mode;
    const used = (this.perClient.get(client) ?? 0) + 1;
    this.perClient.set(client, used);
    if (perClient > 0 && used > perClient) {
      // RipTide always says 60 s (its window), whatever is left of the window.
      const retryAfter = String(Math.ceil(rateWindowMs / 1000));
      return new MiddlewareError(429, 'rate_limited', `Rate limit exceeded: ${perClient} requests per minute`, true, { 'retry-after': retryAfter });
    }
    this.total++;
    if (capacity > 0 && this.total > capacity) {
      const retryAfter = String(Math.ceil(rateWindowMs / 2000)); // RipTide: 30 s
      return new MiddlewareError(503, 'service_unavailable', 'Server at capacity, try again later', true, { 'retry-after': retryAfter });
    }
    return undefined;
  }

  /** Whether the address has failed authentication too often in this window. */
  authBlocked(address: string, now = Date.now()): boolean {
    this.roll(now);
    return (this.authFailures.get(address) ?? 0) >= MAX_AUTH_FAILURES;
  }

  authFailed(address: string): void {
    this.authFailures.set(address, (this.authFailures.get(address) ?? 0) + 1);
  }

  private roll(now: number): void {
    const windowMs = this.mode.rateWindowMs;
    if (now - this.windowStart < windowMs) return;
    this.windowStart += Math.floor((now - this.windowStart) / windowMs) * windowMs;
    this.perClient.clear();
    this.authFailures.clear();
    this.total = 0;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function address(req: IncomingMessage): string {
  const forwarded = header(req, 'x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || req.socket.remoteAddress || 'unknown';
}

/** RipTide's client id: the X-API-Key, else the Bearer token, else the (forwarded) address. */
export function clientId(req: IncomingMessage): string {
  const [key] = keysPresented(req);
  return key ? `key:${key}` : `ip:${address(req)}`;
}

export interface GateContext {
  riptide: RiptideMode;
  limiter: RateLimiter;
  apiKey?: string;
}

/** Throws what RipTide's middleware would answer for this request, in its order; nothing when it reaches a handler. */
export function riptideGate(req: IncomingMessage, segments: string[], ctx: GateContext): void {
  if (segments[0] === 'demo' || isHealth(segments)) return; // local fixtures and the public health check
  const limited = ctx.limiter.take(clientId(req));
  if (limited) throw limited;
  if (refusedQueryWordInTarget(req.url ?? '') !== undefined) throw new MiddlewareError(400, 'validation_error', 'Invalid query parameters: the query string contains a forbidden pattern');
  if (segments[0] === 'workers') {
    if (ctx.riptide.workersApi === 'missing') throw new MiddlewareError(404, 'not_found', `Not found: ${req.url?.split('?')[0] ?? ''}`);
    if (ctx.riptide.workersApi === 'disabled') throw new MiddlewareError(503, 'service_unavailable', 'Worker service is not enabled');
    if (ctx.riptide.refuseJobReads && req.method === 'GET' && segments[1] === 'jobs') {
      throw new MiddlewareError(405, 'method_not_allowed', `Method GET not allowed for /workers/jobs`, false, { allow: 'POST' });
    }
  }
  if (ctx.apiKey !== undefined) checkKey(req, ctx);
}

function checkKey(req: IncomingMessage, ctx: GateContext): void {
  const from = address(req);
  if (ctx.limiter.authBlocked(from)) {
    throw new MiddlewareError(429, 'rate_limited', 'Too many failed authentication attempts', true, { 'retry-after': String(Math.ceil(ctx.riptide.rateWindowMs / 1000)) });
  }
  const key = header(req, 'x-api-key');
  if (key !== undefined && (key.length > MAX_KEY_LENGTH || /\s/.test(key))) {
    throw new MiddlewareError(400, 'validation_error', 'Invalid API key format');
  }
  if (hasApiKey(req, ctx.apiKey!)) return;
  ctx.limiter.authFailed(from);
  const sent = key !== undefined || header(req, 'authorization') !== undefined;
  throw new UnauthorizedError(sent ? 'Invalid API key' : 'Missing API key');
}

export function isHealth(segments: string[]): boolean {
  return segments.length === 1 && segments[0] === 'healthz';
}

/** GET /healthz as RipTide answers it, with what it says of the worker service. */
export function healthView(riptide: RiptideMode, uptimeSeconds: number): { status: number; body: unknown } {
  const dependencies: Record<string, unknown> = {};
  if (riptide.workersApi === 'present') dependencies.worker_service = { status: 'healthy', message: 'Worker service is running' };
  if (riptide.workersApi === 'disabled') dependencies.worker_service = { status: 'unhealthy', message: 'Worker service is not enabled' };
  return {
    status: 200,
    body: { status: riptide.workersApi === 'disabled' ? 'degraded' : 'healthy', version: 'local', timestamp: new Date().toISOString(), uptime: uptimeSeconds, dependencies },
  };
}

/** An error as RipTide writes it: the envelope for middleware, its own body for 401, plain text from handlers. */
export function sendRiptideError(res: ServerResponse, err: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  let body: unknown;
  if (err instanceof UnauthorizedError) body = { error: 'Unauthorized', message: err.reason };
  else if (err instanceof MiddlewareError) body = { error: { type: err.type, message: err.message, retryable: err.retryable, status: err.status } };
  else if (ENVELOPED.has(err.status)) body = { error: { type: envelopeType(err.status), message: err.message, retryable: false, status: err.status } };
  if (body === undefined) {
    res.writeHead(err.status, { ...err.headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(err.message) });
    res.end(err.message);
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(err.status, { ...err.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Statuses RipTide's extractors and router answer themselves (body too large, wrong content type). */
const ENVELOPED = new Set([413, 415]);

function envelopeType(status: number): string {
  return status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'error';
}
