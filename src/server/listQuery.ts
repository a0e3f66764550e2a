// GET /workers/jobs query parameters, as the contract defines them.
import { QUEUE_NAMES, type Job, type QueueName } from './jobs';
import { HttpError } from './http';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export interface ListQuery {
  queues: readonly QueueName[];
  match: ((job: Job) => boolean) | null;
  limit: number;
  offset: number;
}

const STATUS_QUEUES: Record<string, QueueName> = {
  pending: 'pending',
  processing: 'processing',
  completed: 'completed',
  failed: 'dead_letter',
  dead_letter: 'dead_letter',
  retry: 'retry',
  retrying: 'retry',
  delayed: 'delayed',
  scheduled: 'delayed',
};

export function parseListQuery(params: URLSearchParams): ListQuery {
  const limit = Math.min(count(params, 'limit', DEFAULT_LIMIT), MAX_LIMIT);
  const offset = count(params, 'offset', 0);
  // Anything that is not a queue name means every queue.
  const queue = STATUS_QUEUES[(params.get('status') ?? '').trim().toLowerCase()];
  const filters = [typeFilter(params.get('job_type')), searchFilter(params.get('search'))].filter((f) => f !== null);
  return {
    queues: queue ? [queue] : QUEUE_NAMES,
    match: filters.length ? (job) => filters.every((f) => f(job)) : null,
    limit,
    offset,
  };
}

function count(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new HttpError(400, `Invalid query parameter \`${name}\`: expected a non-negative integer, got '${raw}'`);
  }
  return Math.min(Number(raw.trim()), Number.MAX_SAFE_INTEGER);
}

/** `batch_crawl`, `maintenance` or `maintenance:<task>`, `custom` or `custom:<name>`; case-insensitive. */
function typeFilter(raw: string | null): ((job: Job) => boolean) | null {
  const wanted = raw?.trim().toLowerCase();
  if (!wanted) return null;
  return wanted.includes(':')
    ? (job) => job.label.toLowerCase() === wanted
    : (job) => job.definition.type === wanted;
}

/** Case-insensitive substring of the worker id, a metadata key, or a string metadata value. */
function searchFilter(raw: string | null): ((job: Job) => boolean) | null {
  const needle = raw?.trim().toLowerCase();
  if (!needle) return null;
  return (job) =>
    (job.workerId ?? '').toLowerCase().includes(needle) ||
    Object.entries(job.metadata).some(([k, v]) => k.toLowerCase().includes(needle) || (typeof v === 'string' && v.toLowerCase().includes(needle)));
}
