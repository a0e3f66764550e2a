// Turns zod issues into positioned problems with messages a person understands: the path as it
// is written in the file, what was expected and what was found. Never shows zod's own wording.
// Texts go through @vscode/l10n when a problem is made.
import * as l10n from '@vscode/l10n';
import type { z } from 'zod';
import { PRIORITIES } from '../api/schemas';
import { writeLike } from './edits';
import { formatPath, headSpan, keySpan, valueSpan, type Path, type SourceNode } from './sourceTree';
import { closestMatch } from './suggest';
import { isPlainObject } from './schemaWalk';
import type { FileFormat, SpanProblem } from './types';

type Issue = z.core.$ZodIssue;

export interface IssueContext {
  text: string;
  format: FileFormat;
  root: SourceNode;
  value: unknown;
  /** What one entry is, for messages about the entry itself: "a job (an object with job_type)". */
  entryNoun: string;
}

/** What a zod type is called in a message: "a string", "a whole number", "a list". */
function expectedWords(expected: string): string {
  switch (expected) {
    case 'string':
      return l10n.t('a string');
    case 'number':
      return l10n.t('a number');
    case 'int':
    case 'bigint':
      return l10n.t('a whole number');
    case 'boolean':
      return l10n.t('true or false');
    case 'object':
    case 'record':
    case 'map':
      return l10n.t('an object');
    case 'array':
    case 'tuple':
      return l10n.t('a list');
    case 'null':
      return 'null';
    case 'date':
      return l10n.t('a date');
    default:
      return l10n.t('a {0}', expected);
  }
}

/** Keys whose value is a job type, the contract's tagged object. */
const JOB_TYPE_KEYS = new Set(['job_type', 'job_template']);

function valueAt(value: unknown, path: Path): unknown {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isPlainObject(current) && typeof segment === 'string' && Object.prototype.hasOwnProperty.call(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A found value in a message: 'urgent', 3, true, null, a list, an object. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? l10n.t('an empty list') : l10n.t('a list');
  if (typeof value === 'object') return l10n.t('an object');
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return String(value);
}

/** "<message>, got 'x'" for a scalar found value (a list or an object is shown by its position alone). */
function withFound(message: string, found: unknown): string {
  return found === null || typeof found !== 'object' ? l10n.t('{0}, got {1}', message, describeValue(found)) : message;
}

/** A message about the value at `path`, after the path as written in the file: "job_type.urls: ...". */
export function prefixed(path: Path, message: string): string {
  const where = formatPath(path);
  return where ? l10n.t('{0}: {1}', where, message) : message;
}

/** The fixed set of values the schema allows at this issue, when there is one. */
function choicesFor(issue: Issue): readonly string[] | undefined {
  if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) return issue.options.map(String);
  if (issue.code === 'invalid_value') return issue.values.map(String);
  if (issue.path[issue.path.length - 1] === 'priority') return PRIORITIES;
  return undefined;
}

function numberBound(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  if (issue.code === 'too_small') return issue.inclusive ? l10n.t('must be at least {0}', bound) : l10n.t('must be greater than {0}', bound);
  return issue.inclusive ? l10n.t('must be at most {0}', bound) : l10n.t('must be less than {0}', bound);
}

/** zod's default messages start like this; a schema's own message (e.g. 'must not be empty') does not. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Expected|Unrecognized)/;

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const small = issue.code === 'too_small';
  switch (issue.origin) {
    case 'string':
      if (!small) return l10n.t('must be at most {0} characters long', n);
      return n <= 1 ? l10n.t('must not be empty') : l10n.t('must be at least {0} characters long', n);
    case 'array':
    case 'set':
      if (!small) return l10n.t('must contain at most {0} items', n);
      return n === 1 ? l10n.t('must contain at least 1 item') : l10n.t('must contain at least {0} items', n);
    default:
      return numberBound(issue);
  }
}

function problemFor(issue: Issue, ctx: IssueContext): SpanProblem {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const found = valueAt(ctx.value, path);
  const parentPath = path.slice(0, -1);
  const error = (message: string, span = valueSpan(ctx.root, path)): SpanProblem => ({ message, severity: 'error', span, path, code: 'schema' });

  // A required field that is absent: point at the object that lacks it.
  if (found === undefined && path.length > 0 && isPlainObject(valueAt(ctx.value, parentPath))) {
    const missing = error(prefixed(parentPath, l10n.t('missing required field {0}', path[path.length - 1])), headSpan(ctx.root, parentPath));
    return { ...missing, code: 'missing-field' };
  }

  const choices = choicesFor(issue);
  if (choices && (issue.code === 'invalid_union' || issue.code === 'invalid_value' || issue.code === 'custom' || issue.code === 'invalid_type')) {
    const suggestion = typeof found === 'string' ? closestMatch(found, choices) : undefined;
    const message = suggestion
      ? l10n.t("expected one of {0}, got {1} (did you mean '{2}'?)", choices.join(', '), describeValue(found), suggestion)
      : l10n.t('expected one of {0}, got {1}', choices.join(', '), describeValue(found));
    const problem = error(prefixed(path, message));
    if (suggestion) {
      const original = ctx.text.slice(problem.span.start, problem.span.end);
      problem.fix = { title: l10n.t("Change to '{0}'", suggestion), span: problem.span, newText: writeLike(original, suggestion, ctx.format) };
    }
    return problem;
  }

  switch (issue.code) {
    case 'invalid_type': {
      if (path.length === 0) return error(l10n.t('expected {0}, got {1}', ctx.entryNoun, describeValue(found)), headSpan(ctx.root, []));
      if (issue.expected === 'object' && JOB_TYPE_KEYS.has(String(path[path.length - 1]))) {
        return error(prefixed(path, l10n.t('expected an object with a type and its fields (e.g. type: batch_crawl with urls), got {0}', describeValue(found))));
      }
      if (issue.expected === 'int' && typeof found === 'number') return error(prefixed(path, l10n.t('must be a whole number, got {0}', found)));
      return error(prefixed(path, l10n.t('expected {0}, got {1}', expectedWords(issue.expected), describeValue(found))));
    }
    case 'too_small':
    case 'too_big':
      return error(prefixed(path, sizeMessage(issue)));
    case 'invalid_format':
      return error(prefixed(path, withFound(ZOD_DEFAULT.test(issue.message) ? l10n.t('must be a valid {0}', issue.format) : issue.message, found)));
    case 'not_multiple_of':
      return error(prefixed(path, l10n.t('must be a multiple of {0}', String(issue.divisor))));
    case 'unrecognized_keys': {
      const message = issue.keys.length > 1 ? l10n.t('unknown fields {0}', issue.keys.join(', ')) : l10n.t('unknown field {0}', issue.keys.join(', '));
      return { ...error(prefixed(path, message)), severity: 'warning', code: 'unknown-field' };
    }
    case 'invalid_key':
      return error(prefixed(path, l10n.t('has a key that is not allowed')), keySpan(ctx.root, path));
    default:
      return error(prefixed(path, withFound(ZOD_DEFAULT.test(issue.message) ? l10n.t('is not valid here') : issue.message, found)));
  }
}

/** Positioned problems for a failed zod parse of one entry, one per distinct place and message. */
export function issueProblems(issues: readonly Issue[], ctx: IssueContext): SpanProblem[] {
  const out: SpanProblem[] = [];
  for (const issue of issues) {
    const problem = problemFor(issue, ctx);
    if (!out.some((p) => p.message === problem.message && p.span.start === problem.span.start)) out.push(problem);
  }
  return out;
}
