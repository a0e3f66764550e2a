// The one cron module: both dialects (the SDK's classic 5 fields, and the RipTide server's 6 or 7
// with a leading seconds field and an optional trailing year), evaluated in UTC. Next runs come
// from croner; croner has no year field, so a 7th field is matched here.
import { Cron } from 'croner';
import cronstrue from 'cronstrue';

export type CronAnalysis =
  | { ok: true; fields: 5 | 6 | 7; hasSeconds: boolean }
  | { ok: false; error: string };

const NICKNAMES = /^@(yearly|annually|monthly|weekly|daily|hourly)$/i;

function splitFields(expr: string): string[] {
  return expr.trim().split(/\s+/).filter(Boolean);
}

/** Parses a year field (`*`, `2025`, `2025-2030`, `2025,2027`, `*​/2`, `2025/2`) into a predicate. */
function yearMatcher(field: string): ((year: number) => boolean) | string {
  const parts = field.split(',');
  const tests: Array<(y: number) => boolean> = [];
  for (const part of parts) {
    const m = /^(\*|\?|(\d{4})(?:-(\d{4}))?)(?:\/(\d+))?$/.exec(part);
    if (!m) return `year field '${field}' is not a year, a range or a list of years`;
    const from = m[2] ? Number(m[2]) : 1970;
    const to = m[3] ? Number(m[3]) : m[2] && !m[4] ? Number(m[2]) : 2099;
    const step = m[4] ? Number(m[4]) : 1;
    if (from < 1970 || to > 2099 || from > to || step < 1) return `year field '${field}' is out of range (1970-2099)`;
    tests.push((y) => y >= from && y <= to && (y - from) % step === 0);
  }
  return (y) => tests.some((t) => t(y));
}

function croner(pattern: string): Cron {
  // legacyMode (day-of-month OR day-of-week) is the classic cron behaviour both dialects follow.
  // utcOffset 0 gives the same dates as timezone 'UTC' without going through Intl (about 25x faster).
  return new Cron(pattern, { utcOffset: 0, paused: true, legacyMode: true });
}

/** Checks an expression in either dialect and says which it is. Never throws. */
export function analyzeCron(expr: string): CronAnalysis {
  const fields = splitFields(expr);
  if (fields.length === 1 && NICKNAMES.test(fields[0])) return { ok: true, fields: 5, hasSeconds: false };
  if (fields.length < 5 || fields.length > 7) {
    return { ok: false, error: `expected 5 fields (min hour day month weekday) or 6-7 with leading seconds, got ${fields.length}` };
  }
  if (fields.length === 7) {
    const year = yearMatcher(fields[6]);
    if (typeof year === 'string') return { ok: false, error: year };
  }
  try {
    croner(fields.slice(0, 6).join(' '));
  } catch (err) {
    return { ok: false, error: String((err as Error).message ?? err).replace(/^CronPattern: /, '') };
  }
  return { ok: true, fields: fields.length as 5 | 6 | 7, hasSeconds: fields.length >= 6 };
}

/** The next `count` run times after `from` (UTC). Throws an Error naming the problem for an invalid expression. */
export function nextRuns(expr: string, count: number, from: Date = new Date()): Date[] {
  const analysis = analyzeCron(expr);
  if (!analysis.ok) throw new Error(`Invalid cron expression '${expr}': ${analysis.error}`);
  const fields = splitFields(expr);
  const job = croner(fields.slice(0, 6).join(' '));
  const inYear = fields.length === 7 ? (yearMatcher(fields[6]) as (y: number) => boolean) : () => true;
  const runs: Date[] = [];
  let cursor: Date | null = from;
  while (runs.length < count && cursor) {
    cursor = job.nextRun(cursor);
    if (!cursor) break;
    const year = cursor.getUTCFullYear();
    if (inYear(year)) {
      runs.push(cursor);
      continue;
    }
    // Jump to the start of the next year the year field allows, or stop when none is left.
    let next = year + 1;
    while (next <= 2099 && !inYear(next)) next++;
    cursor = next <= 2099 ? new Date(Date.UTC(next, 0, 1) - 1) : null;
  }
  return runs;
}

/** The expression in words ("At 02:00 AM"); a fallback sentence for one cronstrue cannot read. */
export function describeCron(expr: string): string {
  try {
    return cronstrue.toString(expr.trim(), { use24HourTimeFormat: false, verbose: false });
  } catch {
    return `'${expr}' (no description available)`;
  }
}

/** Converts a classic 5-field expression to the server's form with a leading seconds field. */
export function toServerDialect(expr: string): string {
  const fields = splitFields(expr);
  if (fields.length === 1 && NICKNAMES.test(fields[0])) {
    const map: Record<string, string> = {
      yearly: '0 0 0 1 1 *',
      annually: '0 0 0 1 1 *',
      monthly: '0 0 0 1 * *',
      weekly: '0 0 0 * * 0',
      daily: '0 0 0 * * *',
      hourly: '0 0 * * * *',
    };
    return map[fields[0].slice(1).toLowerCase()];
  }
  return fields.length === 5 ? ['0', ...fields].join(' ') : fields.join(' ');
}
