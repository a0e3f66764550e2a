// Warnings for definitions the schema accepts but the RipTide server will not run as hoped: facts
// of the RipTide Workers API (known maintenance tasks, at most 50 URLs per batch crawl) and, when
// the target is the RipTide server itself, where it differs from the contract.
import { DEFAULT_TIMEOUT_SECS, KNOWN_MAINTENANCE_TASKS, MAX_BATCH_URLS, type JobType } from '../api/schemas';
import { writeLike } from './edits';
import { valueSpan, type Path, type SourceNode } from './sourceTree';
import type { FileFormat, SpanProblem } from './types';

export { KNOWN_MAINTENANCE_TASKS, MAX_BATCH_URLS }; // the contract's facts live in the wire schema module

/** The only custom job name the RipTide server has a processor for. */
export const RIPTIDE_CUSTOM_JOB_NAME = 'Custom';

export interface HintContext {
  root: SourceNode;
  text: string;
  format: FileFormat;
  /** The target is the RipTide server (its cron dialect): say where it differs from the contract. */
  riptide: boolean;
}

/** Warnings for a valid job's own fields (not its job type). */
export function jobHints(job: { timeout_secs?: number | null }, ctx: HintContext): SpanProblem[] {
  if (!ctx.riptide || job.timeout_secs === undefined || job.timeout_secs === null) return [];
  return [
    {
      message: `timeout_secs: the RipTide server ignores a job's own time limit (a fixed ${DEFAULT_TIMEOUT_SECS} s applies to every job there)`,
      severity: 'warning',
      span: valueSpan(ctx.root, ['timeout_secs']),
      path: ['timeout_secs'],
      code: 'riptide-ignores',
    },
  ];
}

/** Warnings for one valid job type written at `at` (job_type or job_template). */
export function jobTypeHints(jobType: JobType, at: Path, ctx: HintContext): SpanProblem[] {
  const { root } = ctx;
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
  if (ctx.riptide && jobType.type === 'custom' && jobType.job_name !== RIPTIDE_CUSTOM_JOB_NAME) {
    const path = [...at, 'job_name'];
    const span = valueSpan(root, path);
    hints.push({
      ...warn(
        path,
        `${path.join('.')}: the RipTide server runs only custom jobs named '${RIPTIDE_CUSTOM_JOB_NAME}'; '${jobType.job_name}' is retried and ends in the dead letter queue ("No processor found for job type")`,
        'riptide-custom-name',
      ),
      fix: { title: `Change to '${RIPTIDE_CUSTOM_JOB_NAME}'`, span, newText: writeLike(ctx.text.slice(span.start, span.end), RIPTIDE_CUSTOM_JOB_NAME, ctx.format) },
    });
  }
  const options = jobType.type === 'batch_crawl' || jobType.type === 'single_crawl' ? jobType.options : undefined;
  if (ctx.riptide && options && options.timeout_secs !== undefined && options.timeout_secs !== null) {
    hints.push(
      warn(
        [...at, 'options', 'timeout_secs'],
        `${[...at, 'options', 'timeout_secs'].join('.')}: the RipTide server has no timeout_secs crawl option and ignores it`,
        'riptide-ignores',
      ),
    );
  }
  return hints;
}
