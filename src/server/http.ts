// Request and response plumbing for node:http: bounded JSON bodies, answers in either dialect's
// error style (server: plain text; SDK: {"message": ...}), API-key checks in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodError } from 'zod';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './jsonDepth';
import type { Dialect } from './views';

/** A request rejected with a status and a message naming the problem. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export function sendError(res: ServerResponse, dialect: Dialect, err: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (dialect === 'sdk') {
    const text = JSON.stringify({ message: err.message });
    res.writeHead(err.status, { ...err.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  } else {
    res.writeHead(err.status, { ...err.headers, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(err.message) });
    res.end(err.message);
  }
}

/**
 * The request target as a URL; 400 for one that is not an origin-form path (`//`, `*`, `http://[`),
 * and for an HTTP/1.1 request without a Host header (checked here rather than by node:http, which answers it without a body).
 */
export function requestUrl(req: IncomingMessage): URL {
  if (req.httpVersion === '1.1' && req.headers.host === undefined) throw new HttpError(400, 'Missing Host header (required in HTTP/1.1)');
  const target = req.url ?? '';
  const base = 'http://localhost';
  if (target.startsWith('/') && !target.startsWith('//') && URL.canParse(target, base)) return new URL(target, base);
  throw new HttpError(400, `Malformed request target: ${JSON.stringify(target.slice(0, 200))} (expected a path such as /workers/jobs)`);
}

/**
 * The parsed JSON body: 415 without a JSON content type, 413 over `maxBytes`, 400 when not JSON
 * or nested deeper than MAX_JSON_DEPTH (such a value could not be written back).
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, `Expected request with \`Content-Type: application/json\`${type ? `, got '${type}'` : ''}`);
  }
  const tooLarge = () => new HttpError(413, `Request body is larger than the limit of ${maxBytes} bytes`, { connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new HttpError(400, `Request body is nested more than ${MAX_JSON_DEPTH} levels deep (the limit for objects and arrays)`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, `Failed to parse the request body as JSON: ${(e as Error).message}`);
  }
}

/** 422 with every problem, each naming its field: "job_type.urls: must contain at least one URL". */
export function validationError(error: ZodError): HttpError {
  const problems = error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : 'body';
    const message = / received undefined$/.test(issue.message) ? 'is required' : issue.message;
    return `${field}: ${message}`;
  });
  return new HttpError(422, problems.join('; '));
}

/** Whether the request carries the key, as `X-API-Key` or `Authorization: Bearer`. */
export function hasApiKey(req: IncomingMessage, apiKey: string): boolean {
  return keysPresented(req).some((k) => sameSecret(k, apiKey));
}

/** The keys a request presents, in the order RipTide reads them: its X-API-Key, then its Bearer token. */
export function keysPresented(req: IncomingMessage): string[] {
  const headerKey = req.headers['x-api-key'];
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
  return [Array.isArray(headerKey) ? headerKey[0] : headerKey, bearer].filter((k): k is string => typeof k === 'string' && k !== '');
}

/** Constant-time comparison (hashing first makes the lengths equal). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
