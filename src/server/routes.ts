// The route table: the contract's server dialect under /workers, the SDK's dialect under
// /api/v1/workers, and the demo pages under /demo (the only routes that need no API key).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JobConfigSchema, PRIORITIES, ScheduledJobConfigSchema } from '../api/schemas';
import { demoIndex, demoPage, hostilePage } from './demoPages';
import type { Engine } from './engine';
import { HttpError, hasApiKey, readJsonBody, requestUrl, sendEmpty, sendError, sendHtml, sendJson, validationError } from './http';
import type { Job } from './jobs';
import { parseListQuery } from './listQuery';
import type { RiptideMode } from './riptideMode';
import { healthView, isHealth, MiddlewareError, riptideGate, sendRiptideError, type RateLimiter } from './riptideGate';
import type { Scheduler } from './schedules';
import {
  listItemView,
  metricsView,
  queueStatsView,
  resultView,
  scheduleView,
  statusView,
  submitView,
  workerStatsView,
  type Dialect,
} from './views';

export interface RouteContext {
  engine: Engine;
  scheduler: Scheduler;
  apiKey?: string;
  maxBodyBytes: number;
  /** Set in RipTide mode: answer as the real RipTide server does. */
  riptide?: RiptideMode;
  /** Set in RipTide mode: its rate limit's counts. */
  limiter?: RateLimiter;
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  dialect: Dialect;
  params: string[];
}

type Handler = (call: Call, ctx: RouteContext) => void | Promise<void>;

interface Route {
  method: string;
  /** Path segments; `:id` matches a UUID, `:page` any segment. */
  segments: string[];
  dialect: Dialect;
  handler: Handler;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------
// Handlers (shared by both dialects)

/** A body the schema refuses: 422, in RipTide mode in its error envelope (type validation_error). */
function refusedBody(error: Parameters<typeof validationError>[0], riptide: RouteContext['riptide']): HttpError {
  const refused = validationError(error);
  return riptide ? new MiddlewareError(422, 'validation_error', refused.message, false) : refused;
}

/** RipTide reads the priority with serde: exactly Low, Normal, High or Critical (the contract takes any case). */
function checkRiptidePriority(body: unknown, riptide: RouteContext['riptide']): void {
  const priority = body && typeof body === 'object' ? (body as { priority?: unknown }).priority : undefined;
  if (riptide && priority !== undefined && !(PRIORITIES as readonly unknown[]).includes(priority)) {
    throw new MiddlewareError(422, 'validation_error', `priority: unknown variant ${JSON.stringify(priority)}, expected one of ${PRIORITIES.join(', ')}`, false);
  }
}

const submitJob: Handler = async ({ req, res }, { engine, maxBodyBytes, riptide }) => {
  const body = await readJsonBody(req, maxBodyBytes);
  checkRiptidePriority(body, riptide);
  const parsed = JobConfigSchema.safeParse(body);
  if (!parsed.success) throw refusedBody(parsed.error, riptide);
  sendJson(res, 200, submitView(await engine.submit(parsed.data)));
};

const listJobs: Handler = ({ res, url, dialect }, { engine }) => {
  const q = parseListQuery(url.searchParams);
  const jobs = engine.store.list(q.queues, q.match, q.offset, q.limit);
  sendJson(res, 200, { jobs: jobs.map((j) => listItemView(j, dialect)), total: jobs.length, limit: q.limit, offset: q.offset });
};

function findJob(engine: Engine, id: string): Job {
  const job = engine.store.get(id.toLowerCase());
  if (!job) throw new HttpError(404, `Job not found: ${id}`);
  return job;
}

const jobStatus: Handler = ({ res, params, dialect }, { engine }) => {
  sendJson(res, 200, statusView(findJob(engine, params[0]), dialect));
};

const jobResult: Handler = ({ res, params }, { engine }) => {
  const job = findJob(engine, params[0]);
  const result = engine.resultOf(job);
  if (!result) {
    throw new HttpError(404, job.result ? `The result of job ${job.id} has expired` : `Job ${job.id} has no result yet`);
  }
  sendJson(res, 200, resultView(job, result));
};

const queueStats: Handler = ({ res }, { engine }) => sendJson(res, 200, queueStatsView(engine));

const workerStats: Handler = ({ res }, { engine, riptide }) => {
  if (!engine.isRunning) throw new HttpError(503, 'The worker pool has not started');
  const view = workerStatsView(engine);
  // RipTide's dropped worker loop: the pool says it runs while nothing is processed.
  sendJson(res, 200, riptide?.stalledWorkers ? { ...view, is_running: true, total_jobs_processed: 0, total_jobs_failed: 0 } : view);
};

const metrics: Handler = ({ res }, { engine, riptide }) => {
  const view = metricsView(engine);
  // RipTide creates its workers without a metrics collector: every counter stays 0.
  if (!riptide?.stalledWorkers) return sendJson(res, 200, view);
  const zero = { jobs_submitted: 0, jobs_completed: 0, jobs_failed: 0, jobs_retried: 0, jobs_dead_letter: 0, avg_processing_time_ms: 0, p95_processing_time_ms: 0, p99_processing_time_ms: 0 };
  sendJson(res, 200, { ...view, ...zero, success_rate: 0, job_type_stats: {}, total_workers: 0, healthy_workers: 0 });
};

const createSchedule: Handler = async ({ req, res, dialect }, { scheduler, maxBodyBytes, riptide }) => {
  const body = await readJsonBody(req, maxBodyBytes);
  checkRiptidePriority(body, riptide);
  const parsed = ScheduledJobConfigSchema.safeParse(body);
  if (!parsed.success) throw refusedBody(parsed.error, riptide);
  const created = await scheduler.create(parsed.data);
  if ('error' in created) throw new HttpError(400, created.error); // a handler's answer: plain text in RipTide too
  sendJson(res, 200, scheduleView(created, dialect));
};

const listSchedules: Handler = ({ res, dialect }, { scheduler }) => {
  sendJson(res, 200, scheduler.list().map((s) => scheduleView(s, dialect)));
};

const deleteSchedule: Handler = async ({ res, params, dialect }, { scheduler }) => {
  const id = params[0].toLowerCase();
  if (!(await scheduler.delete(id))) throw new HttpError(404, `Scheduled job not found: ${params[0]}`);
  // The SDK expects 200 on every success; the server answers 204.
  if (dialect === 'sdk') sendJson(res, 200, { message: 'Scheduled job deleted', id });
  else sendEmpty(res, 204);
};

const demo: Handler = ({ res, params }) => {
  const which = params[0];
  const html = which === undefined ? demoIndex() : which === 'hostile' ? hostilePage() : /^\d+$/.test(which) ? demoPage(Number(which)) : undefined;
  if (html === undefined) throw new HttpError(404, `No demo page '${which}'`);
  sendHtml(res, 200, html);
};

// ---------------------------------------------------------------------------------------------
// The table

function route(method: string, path: string, dialect: Dialect, handler: Handler): Route {
  return { method, segments: path.split('/').filter(Boolean), dialect, handler };
}

const ROUTES: Route[] = [
  route('POST', '/workers/jobs', 'server', submitJob),
  route('GET', '/workers/jobs', 'server', listJobs),
  route('GET', '/workers/jobs/:id', 'server', jobStatus),
  route('GET', '/workers/jobs/:id/result', 'server', jobResult),
  route('GET', '/workers/stats/queue', 'server', queueStats),
  route('GET', '/workers/stats/workers', 'server', workerStats),
  route('GET', '/workers/metrics', 'server', metrics),
  route('POST', '/workers/schedule', 'server', createSchedule),
  route('GET', '/workers/schedule', 'server', listSchedules),
  route('DELETE', '/workers/schedule/:id', 'server', deleteSchedule),

  route('POST', '/api/v1/workers/jobs', 'sdk', submitJob),
  route('GET', '/api/v1/workers/jobs', 'sdk', listJobs),
  route('GET', '/api/v1/workers/jobs/:id', 'sdk', jobStatus),
  route('GET', '/api/v1/workers/jobs/:id/result', 'sdk', jobResult),
  route('GET', '/api/v1/workers/queue/stats', 'sdk', queueStats),
  route('GET', '/api/v1/workers/stats', 'sdk', workerStats),
  route('GET', '/api/v1/workers/metrics', 'sdk', metrics),
  route('POST', '/api/v1/workers/scheduled', 'sdk', createSchedule),
  route('GET', '/api/v1/workers/scheduled', 'sdk', listSchedules),
  route('DELETE', '/api/v1/workers/scheduled/:id', 'sdk', deleteSchedule),

  route('GET', '/demo/pages', 'server', demo),
  route('GET', '/demo/pages/:page', 'server', demo),
];

/** Matches path segments; returns the parameters, or undefined. A malformed UUID is a 400. */
function match(r: Route, segments: string[]): string[] | undefined {
  if (r.segments.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const want = r.segments[i];
    if (want.startsWith(':')) params.push(segments[i]);
    else if (want !== segments[i]) return undefined;
  }
  return params;
}

export async function handle(req: IncomingMessage, res: ServerResponse, ctx: RouteContext): Promise<void> {
  const dialect: Dialect = req.url?.startsWith('/api/') ? 'sdk' : 'server';
  try {
    const url = requestUrl(req);
    let segments: string[];
    try {
      segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw new HttpError(400, `Malformed path: ${url.pathname}`);
    }
    if (ctx.riptide && ctx.limiter) {
      riptideGate(req, segments, { riptide: ctx.riptide, limiter: ctx.limiter, apiKey: ctx.apiKey });
      if (isHealth(segments) && req.method === 'GET') {
        const health = healthView(ctx.riptide, ctx.engine.uptimeSeconds());
        return sendJson(res, health.status, health.body);
      }
    }
    // Everything but the demo pages needs the key, unknown paths included (they reveal nothing then).
    else if (segments[0] !== 'demo' && ctx.apiKey !== undefined && !hasApiKey(req, ctx.apiKey)) {
      throw new HttpError(401, 'Missing or invalid API key (send X-API-Key or Authorization: Bearer)', { 'www-authenticate': 'Bearer' });
    }
    const candidates = ROUTES.map((r) => ({ r, params: match(r, segments) })).filter((c) => c.params !== undefined);
    if (candidates.length === 0) {
      if (ctx.riptide) throw new MiddlewareError(404, 'not_found', `Not found: ${url.pathname}`);
      throw new HttpError(404, `No route for ${req.method} ${url.pathname}`);
    }
    const chosen = candidates.find((c) => c.r.method === req.method);
    if (!chosen) {
      const allow = [...new Set(candidates.map((c) => c.r.method))].join(', ');
      const message = `Method ${req.method} not allowed on ${url.pathname} (allowed: ${allow})`;
      throw ctx.riptide ? new MiddlewareError(405, 'method_not_allowed', message, false, { allow }) : new HttpError(405, message, { allow });
    }
    const params = chosen.params!;
    chosen.r.segments.forEach((s, i) => {
      if (s === ':id' && !UUID.test(segments[i])) throw new HttpError(400, `Invalid id in path: '${segments[i]}' is not a UUID`);
    });
    await chosen.r.handler({ req, res, url, dialect, params }, ctx);
  } catch (e) {
    const err = e instanceof HttpError ? e : new HttpError(500, `Internal server error: ${(e as Error)?.message ?? String(e)}`);
    if (ctx.riptide) sendRiptideError(res, err);
    else sendError(res, dialect, err);
    // Whatever the client still sends of a rejected body is read and dropped, so the socket stays usable.
    if (!req.complete) req.resume();
  }
}
