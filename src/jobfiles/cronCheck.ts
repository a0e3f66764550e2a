// Checks a schedule's cron expression with the one cron module (src/api/cron.ts): validity, its
// meaning in words, the next runs, and whether the target server's dialect accepts it.
import { analyzeCron, describeCron, nextRuns, toServerDialect } from '../api/cron';
import { writeLike } from './edits';
import type { Span } from './positions';
import type { CronDialect, FileFormat, SpanProblem } from './types';

export interface CronCheck {
  problems: SpanProblem[];
  /** Present when the expression is valid in either dialect. */
  info?: { expression: string; description: string; nextRuns: Date[]; serverExpression: string; span: Span };
}

export interface CronCheckInput {
  expression: string;
  /** Where the expression's value is written (quotes included). */
  span: Span;
  text: string;
  format: FileFormat;
  dialect: CronDialect;
  now: Date;
  runCount: number;
}

function formatRun(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/:00\.000Z$/, ' UTC').replace(/\.000Z$/, ' UTC');
}

export function checkCron(input: CronCheckInput): CronCheck {
  const { expression, span } = input;
  const path = ['cron_expression'];
  const analysis = analyzeCron(expression);
  if (!analysis.ok) {
    return { problems: [{ message: `cron_expression: ${analysis.error}`, severity: 'error', span, path, code: 'cron-invalid' }] };
  }
  let runs: Date[] = [];
  try {
    runs = nextRuns(expression, input.runCount, input.now);
  } catch {
    runs = []; // analyzeCron accepted it; a failure here only means no run times to show
  }
  const description = describeCron(expression);
  const serverExpression = toServerDialect(expression);
  const problems: SpanProblem[] = [];
  const when = runs.length > 0 ? `; next runs: ${runs.slice(0, 3).map(formatRun).join(', ')}` : '; it never runs again';
  problems.push({ message: `cron_expression: ${description} (UTC)${when}`, severity: 'info', span, path, code: 'cron-info' });

  if (input.dialect === 'server' && !analysis.hasSeconds) {
    const original = input.text.slice(span.start, span.end);
    problems.push({
      message: `cron_expression: the RipTide server expects a leading seconds field (sec min hour day month weekday) and will reject '${expression.trim()}'; write '${serverExpression}'`,
      severity: 'warning',
      span,
      path,
      code: 'cron-dialect',
      fix: { title: `Convert to the server's cron dialect: ${serverExpression}`, span, newText: writeLike(original, serverExpression, input.format) },
    });
  } else if (input.dialect === 'classic' && analysis.hasSeconds) {
    problems.push({
      message: `cron_expression: classic cron has 5 fields (min hour day month weekday); this expression has ${analysis.fields}, with a leading seconds field`,
      severity: 'warning',
      span,
      path,
      code: 'cron-dialect',
    });
  }
  return { problems, info: { expression, description, nextRuns: runs, serverExpression, span } };
}
