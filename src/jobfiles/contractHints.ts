// Warnings for definitions the schema accepts but the RipTide server will not run as hoped: facts
// of the RipTide Workers API (known maintenance tasks, at most 50 URLs per batch crawl) and, when
// the target is the RipTide server itself, where it differs from the contract.
import * as l10n from '@vscode/l10n';
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
      message: l10n.t("{0}: the RipTide server ignores a job's own time limit (a fixed {1} s applies to every job there)", 'timeout_secs', DEFAULT_TIMEOUT_SECS),
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
      warn(
        [...at, 'urls'],
        l10n.t('{0}: the server fails batches of more than {1} URLs (this one has {2}); split it into several jobs', [...at, 'urls'].join('.'), MAX_BATCH_URLS, jobType.urls.length),
        'batch-too-large',
      ),
    );
  }
  if (jobType.type === 'maintenance' && !(KNOWN_MAINTENANCE_TASKS as readonly string[]).includes(jobType.task_type)) {
    hints.push(
      warn(
        [...at, 'task_type'],
        l10n.t("{0}: the server knows {1}; '{2}' would complete with success: false", [...at, 'task_type'].join('.'), KNOWN_MAINTENANCE_TASKS.join(', '), jobType.task_type),
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
        l10n.t(
          "{0}: the RipTide server runs only custom jobs named '{1}'; '{2}' is retried and ends in the dead letter queue (\"{3}\")",
          path.join('.'),
          RIPTIDE_CUSTOM_JOB_NAME,
          jobType.job_name,
          'No processor found for job type', // the server's own words, as it writes them in last_error
        ),
        'riptide-custom-name',
      ),
      fix: { title: l10n.t("Change to '{0}'", RIPTIDE_CUSTOM_JOB_NAME), span, newText: writeLike(ctx.text.slice(span.start, span.end), RIPTIDE_CUSTOM_JOB_NAME, ctx.format) },
    });
  }
  const options = jobType.type === 'batch_crawl' || jobType.type === 'single_crawl' ? jobType.options : undefined;
  if (ctx.riptide && options && options.timeout_secs !== undefined && options.timeout_secs !== null) {
    hints.push(
      warn(
        [...at, 'options', 'timeout_secs'],
        l10n.t('{0}: the RipTide server has no timeout_secs crawl option and ignores it', [...at, 'options', 'timeout_secs'].join('.')),
        'riptide-ignores',
      ),
    );
  }
  return hints;
}
