// Checks a schedule's cron expression with the one cron module (src/api/cron.ts): validity by the
// rules of the dialect it is written in, its meaning in words and next runs (info for the hover
// and CodeLens), and whether the target server's dialect takes it as it is meant.
import * as l10n from '@vscode/l10n';
import { analyzeCron, describeCron, nextRuns, toServerDialect, weekdayHint, type CronDialect as CronDialectName, type CronSpan } from '../api/cron';
import { writeLike } from './edits';
import type { Span } from './positions';
import type { CronDialect, FileFormat, SpanProblem } from './types';

export interface CronCheck {
  problems: SpanProblem[];
  /** Present when the expression is valid in its dialect. */
  info?: { expression: string; dialect: CronDialectName; description: string; nextRuns: Date[]; serverExpression?: string; span: Span };
}

export interface CronCheckInput {
  expression: string;
  /** Where the expression's value is written (quotes included). */
  span: Span;
  text: string;
  format: FileFormat;
  /** The target server's dialect: the one input that decides what is said about the dialect. */
  dialect: CronDialect;
  now: Date;
  runCount: number;
}

/** A place inside the expression as a place in the file, when the value is written without escapes; else the whole value. */
function spanInFile(input: CronCheckInput, at: CronSpan): Span {
  const raw = input.text.slice(input.span.start, input.span.end);
  const written = /\S(.*\S)?/s.exec(input.expression);
  if (!written || (at.start <= written.index && at.end >= written.index + written[0].length)) return input.span; // the whole expression
  const offset = raw === input.expression ? 0 : raw.length === input.expression.length + 2 && raw.slice(1, -1) === input.expression ? 1 : -1;
  return offset < 0 ? input.span : { start: input.span.start + offset + at.start, end: input.span.start + offset + at.end };
}

export function checkCron(input: CronCheckInput): CronCheck {
  const { expression, span } = input;
  const path = ['cron_expression'];
  const problem = (severity: SpanProblem['severity'], code: string, message: string, at: Span = span, replacement?: string, title?: string): SpanProblem => ({
    message: l10n.t('{0}: {1}', 'cron_expression', message),
    severity,
    span: at,
    path,
    code,
    ...(replacement === undefined
      ? {}
      : { fix: { title: title ?? replacement, span, newText: writeLike(input.text.slice(span.start, span.end), replacement, input.format) } }),
  });

  const analysis = analyzeCron(expression);
  if (!analysis.ok) return { problems: [problem('error', 'cron-invalid', analysis.error, spanInFile(input, analysis.span))] };
  let runs: Date[] = [];
  try {
    runs = nextRuns(expression, input.runCount, input.now);
  } catch {
    runs = []; // analyzeCron accepted it; a failure here only means no run times to show
  }
  const conversion = toServerDialect(expression);
  const serverExpression = conversion.ok ? conversion.expression : undefined;
  // The meaning and next runs are no problem: the editor shows them in the hover and the CodeLens
  // (a diagnostic would repeat them in the same hover, with times that go stale).
  const problems: SpanProblem[] = [];

  if (input.dialect === 'server' && analysis.dialect === 'classic') {
    if (!conversion.ok) {
      const message = l10n.t("the RipTide server cannot run '{0}' as classic cron means it: {1}", expression.trim(), conversion.error);
      problems.push(problem('error', 'cron-unconvertible', message, spanInFile(input, conversion.span)));
    } else {
      const message = analysis.nickname
        ? l10n.t("the RipTide server takes the nicknames @yearly, @monthly, @weekly, @daily and @hourly (in lower case) and will reject '{0}'; write '{1}'", expression.trim(), conversion.expression)
        : l10n.t("the RipTide server expects a leading seconds field (sec min hour day month weekday) and will reject '{0}'; write '{1}'", expression.trim(), conversion.expression);
      const title = l10n.t("Convert to the server's cron dialect: {0}", conversion.expression);
      problems.push(problem('warning', 'cron-dialect', message, span, conversion.expression, title));
    }
  } else if (input.dialect === 'classic' && analysis.dialect === 'server' && !analysis.nickname) {
    const message = l10n.t('classic cron has 5 fields (min hour day month weekday); this expression has {0}, with a leading seconds field', analysis.fields);
    problems.push(problem('warning', 'cron-dialect', message));
  }
  const hint = weekdayHint(expression);
  if (hint) {
    problems.push(
      problem('warning', 'cron-weekday-numbers', hint.message, spanInFile(input, hint.span), hint.suggestion, hint.suggestion ? l10n.t('Write the weekdays as names: {0}', hint.suggestion) : undefined),
    );
  }
  return { problems, info: { expression, dialect: analysis.dialect, description: describeCron(expression), nextRuns: runs, serverExpression, span } };
}
