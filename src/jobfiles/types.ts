// The public shapes of an analysis. Ranges are 0-based lines and characters, like VS Code's, so
// the editor layer maps them one to one.
import type { JobConfig, ScheduledJobConfig } from '../api/schemas';
import type { Range, Span } from './positions';
import type { Path } from './sourceTree';

export type { Position, Range } from './positions';
export type { Path, PathSegment } from './sourceTree';

export type Severity = 'error' | 'warning' | 'info';
export type FileKind = 'job' | 'schedule';
export type FileFormat = 'json' | 'yaml';
export type CronDialect = 'server' | 'classic' | 'both';

/** A text edit that fixes a problem: replace `range` with `newText`. */
export interface Fix {
  title: string;
  range: Range;
  newText: string;
}

export interface Problem {
  message: string;
  severity: Severity;
  range: Range;
  /** Path of the offending key or value inside its entry (job or schedule); [] for the entry or the file. */
  path: Path;
  /** Index of the entry the problem belongs to; absent for file-level problems (syntax, empty file). */
  entry?: number;
  /** Stable identifier of the kind of problem, e.g. 'unknown-field', 'cron-dialect'. */
  code?: string;
  fix?: Fix;
}

export interface CronInfo {
  expression: string;
  /** The dialect the expression is written in (5 fields: classic; 6 or 7: the server's), which decides its meaning. */
  dialect: 'classic' | 'server';
  /** The expression in words, e.g. "At 02:00 AM". Cron runs in UTC. */
  description: string;
  /** The next runs (UTC), from `options.now`. */
  nextRuns: Date[];
  /** The same schedule in the RipTide server's dialect (leading seconds field, weekday names); absent when its meaning cannot be kept there. */
  serverExpression?: string;
  /** Where the expression is written. */
  range: Range;
}

export interface JobFileEntry {
  index: number;
  /** The whole entry (object) in the text; CodeLens goes on `range.start.line`. */
  range: Range;
  /** The entry as written (plain JSON value), before normalisation. */
  value: unknown;
  /** The job, normalised to the wire contract; present only when the entry has no errors. */
  job?: JobConfig;
  /** The schedule, normalised to the wire contract; present only when the entry has no errors. */
  schedule?: ScheduledJobConfig;
  /** Present for a schedule whose cron expression is valid (in either dialect). */
  cron?: CronInfo;
  /** A short name for the entry: "batch_crawl (3 URLs)", "daily_crawl". */
  label: string;
  problems: Problem[];
}

export interface JobFileAnalysis {
  kind: FileKind | 'unknown';
  format: FileFormat;
  entries: JobFileEntry[];
  /** Every problem of the file: file-level ones and those of every entry. */
  problems: Problem[];
  /** True when there is at least one entry and no problem of severity 'error'. */
  ok: boolean;
}

export interface AnalyzeOptions {
  /** The cron dialect of the target server (default 'server': 6 or 7 fields with leading seconds). */
  cronDialect?: CronDialect;
  /** The time next runs are counted from (default: now). */
  now?: Date;
  /** Overrides the kind the file name implies (e.g. for an untitled document). */
  kind?: FileKind;
  /** Overrides the format the file name implies. */
  format?: FileFormat;
  /** How many next runs to compute per schedule (default 5). */
  nextRunCount?: number;
}

/** A problem while its position is still an offset span (converted to ranges at the end). */
export interface SpanProblem {
  message: string;
  severity: Severity;
  span: Span;
  path: Path;
  code?: string;
  fix?: { title: string; span: Span; newText: string };
}

/** What a reader (JSON or YAML) makes of a text: documents with their trees, and syntax problems. */
export interface ParsedDocument {
  root: import('./sourceTree').SourceNode;
  value: unknown;
  /** Problems of this document's syntax; when there are errors the value is not validated. */
  problems: SpanProblem[];
}

export interface ParsedText {
  /** The documents (YAML stream) or the top-level value (JSON). */
  documents: ParsedDocument[];
  /** Problems not tied to one document. */
  problems: SpanProblem[];
}
