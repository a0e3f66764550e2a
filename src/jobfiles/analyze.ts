// The one entry point of job-file analysis: a text and its file name in, entries (normalised jobs
// or schedules, cron details) and positioned problems out. Never throws.
import * as l10n from '@vscode/l10n';
import type { z } from 'zod';
import { JobConfigSchema, jobTypeLabel, JobTypeSchema, ScheduledJobConfigSchema, type JobConfig, type ScheduledJobConfig } from '../api/schemas';
import { jobHints, jobTypeHints } from './contractHints';
import { checkCron } from './cronCheck';
import { writeLike } from './edits';
import { fileFormatOf, fileKindOf, fileNamesOf } from './fileKinds';
import { issueProblems, prefixed } from './issues';
import { parseJsonText } from './parseJson';
import { parseYamlText } from './parseYaml';
import { LineIndex } from './positions';
import { isPlainObject, unknownFields } from './schemaWalk';
import { keySpan, valueSpan, type SourceNode } from './sourceTree';
import { closestMatch } from './suggest';
import type { AnalyzeOptions, FileFormat, FileKind, JobFileAnalysis, JobFileEntry, ParsedDocument, Problem, SpanProblem } from './types';

/** Files larger than this (in characters) are not parsed. */
export const MAX_FILE_CHARS = 5 * 1024 * 1024;

const ENTRY_SCHEMAS: Record<FileKind, z.ZodType> = { job: JobConfigSchema, schedule: ScheduledJobConfigSchema };

/** What one entry is, for messages about the entry itself; looked up when used. */
function entryNoun(kind: FileKind): string {
  return kind === 'job' ? l10n.t('a job (an object with job_type)') : l10n.t('a schedule (an object with name, cron_expression and job_template)');
}

/** Keys people write for another one, too far apart for the edit distance to catch. */
const KNOWN_CONFUSIONS: Record<string, string> = {
  job_type: 'job_template',
  job_template: 'job_type',
  cron: 'cron_expression',
  schedule: 'cron_expression',
  timeout: 'timeout_secs',
  retry: 'retry_config',
  retries: 'retry_config',
};

/** One entry to validate: a document, or an item of a top-level list. */
interface RawEntry {
  root: SourceNode;
  value: unknown;
}

function fileProblem(message: string, start: number, end: number, code: string): SpanProblem {
  return { message, severity: 'error', span: { start, end }, path: [], code };
}

function unknownFieldProblems(kind: FileKind, entry: RawEntry, text: string, format: FileFormat): SpanProblem[] {
  return unknownFields(ENTRY_SCHEMAS[kind], entry.value).map(({ path, known }) => {
    const key = String(path[path.length - 1]);
    const span = keySpan(entry.root, path);
    const confusion = KNOWN_CONFUSIONS[key];
    const suggestion = confusion && known.includes(confusion) ? confusion : closestMatch(key, known);
    const message = suggestion
      ? l10n.t("unknown field '{0}' (did you mean '{1}'?)", key, suggestion)
      : key === 'type' && path.length === 1 && known.includes('job_type')
        ? l10n.t("unknown field '{0}': the job type goes inside job_type ({1})", key, 'job_type: { type: batch_crawl, urls: [...] }')
        : l10n.t("unknown field '{0}': it is ignored and not sent", key);
    const problem: SpanProblem = { message: prefixed(path.slice(0, -1), message), severity: 'warning', span, path, code: 'unknown-field' };
    if (suggestion) {
      problem.fix = { title: l10n.t("Rename to '{0}'", suggestion), span, newText: writeLike(text.slice(span.start, span.end), suggestion, format) };
    }
    return problem;
  });
}

/** A missing-field message with "(this looks like a schedule ...)" when the entry has the other kind's required field. */
function withKindMismatchHint(kind: FileKind, value: unknown, message: string): string {
  if (!isPlainObject(value)) return message;
  if (kind === 'job' && 'cron_expression' in value && !('job_type' in value)) {
    return l10n.t('{0} (this looks like a schedule: schedule files are named {1})', message, fileNamesOf('schedule'));
  }
  if (kind === 'schedule' && 'job_type' in value && !('cron_expression' in value)) {
    return l10n.t('{0} (this looks like a job: job files are named {1})', message, fileNamesOf('job'));
  }
  return message;
}

function labelOf(kind: FileKind, value: unknown, index: number): string {
  if (isPlainObject(value)) {
    if (kind === 'schedule' && typeof value.name === 'string' && value.name) return value.name;
    const jobType = value[kind === 'job' ? 'job_type' : 'job_template'];
    if (isPlainObject(jobType) && typeof jobType.type === 'string') {
      // The full label ("maintenance:cache_cleanup") only from a valid job type; else its type alone.
      const valid = JobTypeSchema.safeParse(jobType);
      const label = valid.success ? jobTypeLabel(valid.data) : jobType.type;
      if (!Array.isArray(jobType.urls)) return label;
      return jobType.urls.length === 1 ? l10n.t('{0} (1 URL)', label) : l10n.t('{0} ({1} URLs)', label, jobType.urls.length);
    }
  }
  return kind === 'job' ? l10n.t('job {0}', index + 1) : l10n.t('schedule {0}', index + 1);
}

interface EntryAnalysis {
  problems: SpanProblem[];
  job?: JobConfig;
  schedule?: ScheduledJobConfig;
  cron?: ReturnType<typeof checkCron>['info'];
}

function analyzeEntry(kind: FileKind, entry: RawEntry, text: string, format: FileFormat, options: AnalyzeOptions): EntryAnalysis {
  const parsed = ENTRY_SCHEMAS[kind].safeParse(entry.value);
  const problems: SpanProblem[] = parsed.success
    ? []
    : issueProblems(parsed.error.issues, { text, format, root: entry.root, value: entry.value, entryNoun: entryNoun(kind) });
  for (const p of problems) if (p.code === 'missing-field' && p.path.length === 1) p.message = withKindMismatchHint(kind, entry.value, p.message);
  problems.push(...unknownFieldProblems(kind, entry, text, format));

  const result: EntryAnalysis = { problems };
  const dialect = options.cronDialect ?? 'server';
  if (parsed.success) {
    const jobTypePath = kind === 'job' ? 'job_type' : 'job_template';
    const data = parsed.data as JobConfig & ScheduledJobConfig;
    const hintContext = { root: entry.root, text, format, riptide: dialect === 'server' };
    problems.push(...jobTypeHints(data[jobTypePath], [jobTypePath], hintContext));
    if (kind === 'job') problems.push(...jobHints(data, hintContext));
  }
  if (kind === 'schedule' && isPlainObject(entry.value) && typeof entry.value.cron_expression === 'string' && entry.value.cron_expression.trim()) {
    const cron = checkCron({
      expression: entry.value.cron_expression,
      span: valueSpan(entry.root, ['cron_expression']),
      text,
      format,
      dialect,
      now: options.now ?? new Date(),
      runCount: options.nextRunCount ?? 5,
    });
    problems.push(...cron.problems);
    result.cron = cron.info;
  }
  problems.sort((a, b) => a.span.start - b.span.start);
  if (parsed.success && !problems.some((p) => p.severity === 'error')) {
    if (kind === 'job') result.job = parsed.data as JobConfig;
    else {
      const schedule = parsed.data as ScheduledJobConfig;
      // Normalised like the priority: a server gets its own dialect (a classic 5-field cron gains a
      // leading seconds field and weekday names), whoever sends the schedule.
      const serverExpression = result.cron?.serverExpression;
      result.schedule = dialect === 'server' && serverExpression ? { ...schedule, cron_expression: serverExpression } : schedule;
    }
  }
  return result;
}

/** The entries of a document: the document itself, or each item when it is a list. */
function entriesOf(doc: ParsedDocument, kind: FileKind, out: { entries: RawEntry[]; problems: SpanProblem[] }): void {
  if (doc.root.kind === 'array' && Array.isArray(doc.value)) {
    if (doc.value.length === 0) {
      const message = kind === 'job' ? l10n.t('the list is empty: expected at least one job') : l10n.t('the list is empty: expected at least one schedule');
      out.problems.push(fileProblem(message, doc.root.span.start, doc.root.span.end, 'empty'));
    }
    doc.value.forEach((value, i) => out.entries.push({ root: doc.root.items?.[i] ?? doc.root, value }));
  } else {
    out.entries.push({ root: doc.root, value: doc.value });
  }
}

function toProblem(lines: LineIndex, p: SpanProblem, entry?: number): Problem {
  return {
    message: p.message,
    severity: p.severity,
    range: lines.rangeOf(p.span),
    path: p.path,
    ...(entry === undefined ? {} : { entry }),
    ...(p.code ? { code: p.code } : {}),
    ...(p.fix ? { fix: { title: p.fix.title, range: lines.rangeOf(p.fix.span), newText: p.fix.newText } } : {}),
  };
}

function sniffFormat(text: string): FileFormat {
  return /^\s*[[{]/.test(text) ? 'json' : 'yaml';
}

function analyze(text: string, fileName: string, options: AnalyzeOptions): JobFileAnalysis {
  const kind = options.kind ?? fileKindOf(fileName);
  const format = options.format ?? fileFormatOf(fileName) ?? sniffFormat(text.slice(0, 1000));
  const lines = new LineIndex(text.length > MAX_FILE_CHARS ? '' : text);
  const fileProblems: SpanProblem[] = [];
  const rawEntries: RawEntry[] = [];

  const finish = (entries: JobFileEntry[]): JobFileAnalysis => {
    const problems = [...fileProblems.map((p) => toProblem(lines, p)), ...entries.flatMap((e) => e.problems)];
    return { kind: kind ?? 'unknown', format, entries, problems, ok: entries.length > 0 && !problems.some((p) => p.severity === 'error') };
  };

  if (!kind) {
    const message = l10n.t('not a job or schedule file: name it {0} (jobs) or {1} (schedules)', fileNamesOf('job'), fileNamesOf('schedule'));
    fileProblems.push({ ...fileProblem(message, 0, 0, 'unknown-kind'), severity: 'info' });
    return finish([]);
  }
  if (text.length > MAX_FILE_CHARS) {
    const message = l10n.t('the file is too large to check ({0} MB; the limit is {1} MB): split it into smaller files', (text.length / 1024 / 1024).toFixed(1), MAX_FILE_CHARS / 1024 / 1024);
    fileProblems.push(fileProblem(message, 0, 0, 'too-large'));
    return finish([]);
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const language = format === 'json' ? 'JSON' : 'YAML';
    const message =
      kind === 'job'
        ? l10n.t('the file looks binary (it contains a NUL character): a job file must be {0} text', language)
        : l10n.t('the file looks binary (it contains a NUL character): a schedule file must be {0} text', language);
    fileProblems.push(fileProblem(message, nul, nul + 1, 'binary'));
    return finish([]);
  }

  const parsed = format === 'json' ? parseJsonText(text) : parseYamlText(text);
  fileProblems.push(...parsed.problems);
  for (const doc of parsed.documents) {
    if (doc.problems.some((p) => p.severity === 'error')) fileProblems.push(...doc.problems);
    else {
      fileProblems.push(...doc.problems);
      entriesOf(doc, kind, { entries: rawEntries, problems: fileProblems });
    }
  }
  if (parsed.documents.length === 0 && !fileProblems.some((p) => p.severity === 'error')) {
    const message =
      kind === 'job'
        ? l10n.t("the file is empty: add a job (job_type and its fields), or use the 'New job file' command for a template")
        : l10n.t("the file is empty: add a schedule (name, cron_expression, job_template), or use the 'New job file' command for a template");
    fileProblems.push(fileProblem(message, 0, 0, 'empty'));
  }

  const entries = rawEntries.map((raw, index): JobFileEntry => {
    const result = analyzeEntry(kind, raw, text, format, options);
    const problems = result.problems.map((p) => toProblem(lines, p, index));
    return {
      index,
      range: lines.rangeOf(raw.root.span),
      value: raw.value,
      label: labelOf(kind, raw.value, index),
      ...(result.job ? { job: result.job } : {}),
      ...(result.schedule ? { schedule: result.schedule } : {}),
      ...(result.cron
        ? {
            cron: {
              expression: result.cron.expression,
              dialect: result.cron.dialect,
              description: result.cron.description,
              nextRuns: result.cron.nextRuns,
              ...(result.cron.serverExpression === undefined ? {} : { serverExpression: result.cron.serverExpression }),
              range: lines.rangeOf(result.cron.span),
            },
          }
        : {}),
      problems,
    };
  });
  return finish(entries);
}

/**
 * Parses and checks a job or schedule file. `fileName` decides the kind (*.job.* or *.schedule.*)
 * and the format (.json or .yaml/.yml) unless `options` say otherwise. Never throws.
 */
export function analyzeJobFile(text: string, fileName: string, options: AnalyzeOptions = {}): JobFileAnalysis {
  try {
    return analyze(typeof text === 'string' ? text : String(text ?? ''), fileName ?? '', options ?? {});
  } catch (err) {
    // A bug here must not break the editor: report it as a problem instead.
    const problem: Problem = {
      message: l10n.t('internal error while checking this file: {0}', (err as Error)?.message ?? String(err)),
      severity: 'error',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      path: [],
      code: 'internal-error',
    };
    return { kind: fileKindOf(fileName ?? '') ?? 'unknown', format: 'yaml', entries: [], problems: [problem], ok: false };
  }
}
