// Turns zod issues into positioned problems with messages a person understands: the path as it
// is written in the file, what was expected and what was found. Never shows zod's own wording.
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

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  map: 'an object',
  array: 'a list',
  tuple: 'a list',
  null: 'null',
  date: 'a date',
};

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
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 57)}...` : value}'`;
  return String(value);
}

/** ", got 'x'" for a scalar found value (a list or an object is shown by its position alone). */
function got(found: unknown): string {
  return found === null || typeof found !== 'object' ? `, got ${describeValue(found)}` : '';
}

function prefixed(path: Path, message: string): string {
  const where = formatPath(path);
  return where ? `${where}: ${message}` : message;
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
  if (issue.code === 'too_small') return issue.inclusive ? `must be at least ${bound}` : `must be greater than ${bound}`;
  return issue.inclusive ? `must be at most ${bound}` : `must be less than ${bound}`;
}

/** zod's default messages start like this; a schema's own message (e.g. 'must not be empty') does not. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Expected|Unrecognized)/;

function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const small = issue.code === 'too_small';
  switch (issue.origin) {
    case 'string':
      return small ? (n <= 1 ? 'must not be empty' : `must be at least ${n} characters long`) : `must be at most ${n} characters long`;
    case 'array':
    case 'set':
      return small ? `must contain at least ${n} item${n === 1 ? '' : 's'}` : `must contain at most ${n} items`;
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
    const missing = error(prefixed(parentPath, `missing required field ${path[path.length - 1]}`), headSpan(ctx.root, parentPath));
    return { ...missing, code: 'missing-field' };
  }

  const choices = choicesFor(issue);
  if (choices && (issue.code === 'invalid_union' || issue.code === 'invalid_value' || issue.code === 'custom' || issue.code === 'invalid_type')) {
    const problem = error(prefixed(path, `expected one of ${choices.join(', ')}, got ${describeValue(found)}`));
    const suggestion = typeof found === 'string' ? closestMatch(found, choices) : undefined;
    if (suggestion) {
      problem.message += ` (did you mean '${suggestion}'?)`;
      const original = ctx.text.slice(problem.span.start, problem.span.end);
      problem.fix = { title: `Change to '${suggestion}'`, span: problem.span, newText: writeLike(original, suggestion, ctx.format) };
    }
    return problem;
  }

  switch (issue.code) {
    case 'invalid_type': {
      if (path.length === 0) return error(`expected ${ctx.entryNoun}, got ${describeValue(found)}`, headSpan(ctx.root, []));
      const expected = EXPECTED[issue.expected] ?? `a ${issue.expected}`;
      if (issue.expected === 'object' && JOB_TYPE_KEYS.has(String(path[path.length - 1]))) {
        return error(prefixed(path, `expected an object with a type and its fields (e.g. type: batch_crawl with urls), got ${describeValue(found)}`));
      }
      if (issue.expected === 'int' && typeof found === 'number') return error(prefixed(path, `must be a whole number, got ${found}`));
      return error(prefixed(path, `expected ${expected}, got ${describeValue(found)}`));
    }
    case 'too_small':
    case 'too_big':
      return error(prefixed(path, sizeMessage(issue)));
    case 'invalid_format':
      return error(prefixed(path, `${ZOD_DEFAULT.test(issue.message) ? `must be a valid ${issue.format}` : issue.message}${got(found)}`));
    case 'not_multiple_of':
      return error(prefixed(path, `must be a multiple of ${String(issue.divisor)}`));
    case 'unrecognized_keys':
      return { ...error(prefixed(path, `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`)), severity: 'warning', code: 'unknown-field' };
    case 'invalid_key':
      return error(prefixed(path, 'has a key that is not allowed'), keySpan(ctx.root, path));
    default:
      return error(prefixed(path, ZOD_DEFAULT.test(issue.message) ? `is not valid here${got(found)}` : `${issue.message}${got(found)}`));
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
