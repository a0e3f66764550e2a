// Reads a YAML text (a stream of one or more documents) into source trees and values, keeping offsets.
import * as l10n from '@vscode/l10n';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type YAMLError } from 'yaml';
import type { SourceNode, SourceProperty } from './sourceTree';
import type { ParsedDocument, ParsedText, SpanProblem } from './types';

type Ranged = { range?: [number, number, number] | null };

function spanOf(node: Ranged | null | undefined, fallback: number): { start: number; end: number } {
  const range = node?.range;
  return range ? { start: range[0], end: range[1] } : { start: fallback, end: fallback };
}

function toSourceNode(node: unknown, text: string, fallback: number): SourceNode {
  const span = spanOf(node as Ranged, fallback);
  if (isMap(node)) {
    const properties: SourceProperty[] = node.items.map((pair) => {
      const keySpan = spanOf(pair.key as Ranged, span.start);
      const key = isScalar(pair.key) ? String(pair.key.value) : text.slice(keySpan.start, keySpan.end);
      return { key, keySpan, value: pair.value == null ? undefined : toSourceNode(pair.value, text, keySpan.end) };
    });
    return { kind: 'object', span, properties };
  }
  if (isSeq(node)) return { kind: 'array', span, items: node.items.map((item) => toSourceNode(item, text, span.start)) };
  return { kind: 'scalar', span };
}

/** True when a value refers back to itself (possible with YAML anchors and aliases). */
function hasCycle(value: unknown, ancestors = new Set<unknown>()): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (ancestors.has(value)) return true;
  ancestors.add(value);
  const children = Array.isArray(value) ? value : Object.values(value);
  const found = children.some((child) => hasCycle(child, ancestors));
  ancestors.delete(value);
  return found;
}

const UNQUOTED_STAR = /^(\s*(?:-\s+)?[^#\s][^#]*?:\s+)(\*[^#]*?)\s*(?:#.*)?$/;

/**
 * YAML reads a plain value that starts with `*` as an alias, which is what an unquoted cron
 * expression such as `* * * * *` runs into: one clear message with a fix instead of a cascade.
 */
function unquotedStarProblem(text: string, error: YAMLError): SpanProblem | undefined {
  if (!/alias/i.test(error.message)) return undefined;
  const lineStart = text.lastIndexOf('\n', error.pos[0] - 1) + 1;
  const newline = text.indexOf('\n', error.pos[0]);
  const lineEnd = newline < 0 ? text.length : newline;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const match = UNQUOTED_STAR.exec(line);
  if (!match) return undefined;
  const start = lineStart + match[1].length;
  const span = { start, end: start + match[2].length };
  return {
    message: l10n.t('YAML syntax: a value starting with \'*\' must be quoted (YAML reads \'*\' as an alias): write "{0}"', match[2]),
    severity: 'error',
    span,
    path: [],
    code: 'yaml-unquoted-star',
    fix: { title: l10n.t('Quote the value'), span, newText: JSON.stringify(match[2]) },
  };
}

function errorProblems(text: string, errors: YAMLError[], severity: 'error' | 'warning'): SpanProblem[] {
  const out: SpanProblem[] = [];
  for (const error of errors) {
    const special = severity === 'error' ? unquotedStarProblem(text, error) : undefined;
    const span = { start: error.pos[0], end: error.pos[1] };
    let detail = error.message.split('\n')[0];
    if (error.code === 'DUPLICATE_KEY') {
      // yaml points at the key's first character: widen to the whole key for the squiggle.
      const key = /^("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(text.slice(span.start, span.start + 200))?.[1] ?? text.slice(span.start, span.end);
      span.end = span.start + key.length;
      detail = key.startsWith('"') || key.startsWith("'") ? l10n.t('duplicate key {0}', key) : l10n.t("duplicate key '{0}'", key);
    }
    const problem: SpanProblem = special ?? {
      message: severity === 'error' ? l10n.t('YAML syntax: {0}', detail) : l10n.t('YAML: {0}', detail),
      severity,
      span,
      path: [],
      code: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : severity === 'error' ? 'syntax' : 'yaml-warning',
    };
    // One message per place: an unquoted cron expression alone gives one error per '*'.
    if (!out.some((p) => p.span.start === problem.span.start && p.message === problem.message)) out.push(problem);
  }
  return out;
}

function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents as YamlNode | null;
  if (!contents) return true;
  return isScalar(contents) && contents.value == null && !!contents.range && contents.range[0] === contents.range[1];
}

function readDocument(text: string, doc: Document): ParsedDocument {
  const problems = [...errorProblems(text, doc.errors, 'error'), ...errorProblems(text, doc.warnings, 'warning')];
  const contents = doc.contents as YamlNode;
  const root = toSourceNode(contents, text, doc.range?.[0] ?? 0);
  let value: unknown = undefined;
  if (!problems.some((p) => p.severity === 'error')) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
      if (hasCycle(value)) throw new Error(l10n.t('an alias refers to the node that contains it (a cycle)'));
    } catch (err) {
      problems.push({ message: l10n.t('YAML: {0}', (err as Error).message), severity: 'error', span: root.span, path: [], code: 'syntax' });
    }
  }
  return { root, value, problems };
}

/** A YAML stream: one parsed document per non-empty `---` document. */
export function parseYamlText(text: string): ParsedText {
  const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true });
  if (!Array.isArray(docs)) return { documents: [], problems: errorProblems(text, (docs as { errors?: YAMLError[] }).errors ?? [], 'error') };
  const documents: ParsedDocument[] = [];
  const problems: SpanProblem[] = [];
  for (const doc of docs) {
    if (isEmptyDocument(doc)) problems.push(...errorProblems(text, doc.errors, 'error'));
    else documents.push(readDocument(text, doc));
  }
  return { documents, problems };
}
