// Checks a schedule's cron expression with the one cron module (src/api/cron.ts): validity, its
// meaning in words and next runs (as info for the hover and CodeLens), and whether the target
// server's dialect accepts it.
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
  // The meaning and next runs are no problem: the editor shows them in the hover and the CodeLens
  // (a diagnostic would repeat them in the same hover, with times that go stale).
  const problems: SpanProblem[] = [];

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
