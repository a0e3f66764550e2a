// Warnings for definitions the schema accepts but the RipTide server will not run as hoped
// (facts from the wire contract, shared/riptide-workers-api.md).
import type { JobType } from '../api/schemas';
import { valueSpan, type Path, type SourceNode } from './sourceTree';
import type { SpanProblem } from './types';

/** The server fails a batch crawl of more than this many URLs when it runs it. */
export const MAX_BATCH_URLS = 50;

/** The maintenance tasks the server knows; any other completes with success: false. */
export const KNOWN_MAINTENANCE_TASKS = ['cache_cleanup', 'health_check', 'log_rotation'] as const;

/** Warnings for one valid job type written at `at` (job_type or job_template). */
export function jobTypeHints(jobType: JobType, at: Path, root: SourceNode): SpanProblem[] {
  const warn = (path: Path, message: string, code: string): SpanProblem => ({
    message,
    severity: 'warning',
    span: valueSpan(root, path),
    path,
    code,
  });
  const hints: SpanProblem[] = [];
  if (jobType.type === 'batch_crawl' && jobType.urls.length > MAX_BATCH_URLS) {
    hints.push(
      warn([...at, 'urls'], `${[...at, 'urls'].join('.')}: the server fails batches of more than ${MAX_BATCH_URLS} URLs (this one has ${jobType.urls.length}); split it into several jobs`, 'batch-too-large'),
    );
  }
  if (jobType.type === 'maintenance' && !(KNOWN_MAINTENANCE_TASKS as readonly string[]).includes(jobType.task_type)) {
    hints.push(
      warn(
        [...at, 'task_type'],
        `${[...at, 'task_type'].join('.')}: the server knows ${KNOWN_MAINTENANCE_TASKS.join(', ')}; '${jobType.task_type}' would complete with success: false`,
        'unknown-task-type',
      ),
    );
  }
  return hints;
}
