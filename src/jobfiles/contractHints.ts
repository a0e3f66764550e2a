// Warnings for definitions the schema accepts but the RipTide server will not run as hoped
// (facts of the RipTide Workers API: known maintenance tasks, at most 50 URLs per batch crawl).
import { KNOWN_MAINTENANCE_TASKS, MAX_BATCH_URLS, type JobType } from '../api/schemas';
import { valueSpan, type Path, type SourceNode } from './sourceTree';
import type { SpanProblem } from './types';

export { KNOWN_MAINTENANCE_TASKS, MAX_BATCH_URLS }; // the contract's facts live in the wire schema module

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
