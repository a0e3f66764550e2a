// Reads a JSON (with comments) text into a source tree and its value, keeping offsets.
import * as l10n from '@vscode/l10n';
import { parseTree, ParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { SourceNode, SourceProperty } from './sourceTree';
import type { ParsedText, SpanProblem } from './types';

/** What a JSON syntax error means, in words; looked up when used. */
function syntaxWords(code: ParseErrorCode): string {
  switch (code) {
    case ParseErrorCode.InvalidSymbol:
      return l10n.t('unexpected character or word (strings need double quotes; true, false and null are lowercase)');
    case ParseErrorCode.InvalidNumberFormat:
      return l10n.t('this is not a valid number');
    case ParseErrorCode.PropertyNameExpected:
      return l10n.t('expected a property name in double quotes');
    case ParseErrorCode.ValueExpected:
      return l10n.t('expected a value');
    case ParseErrorCode.ColonExpected:
      return l10n.t("expected ':' after the property name");
    case ParseErrorCode.CommaExpected:
      return l10n.t("expected ',' between items");
    case ParseErrorCode.CloseBraceExpected:
      return l10n.t("expected '{0}' to close the object", '}'); // a lone brace in the text would read as a placeholder
    case ParseErrorCode.CloseBracketExpected:
      return l10n.t("expected ']' to close the list");
    case ParseErrorCode.EndOfFileExpected:
      return l10n.t('unexpected text after the end of the JSON value');
    case ParseErrorCode.InvalidCommentToken:
      return l10n.t('this comment is not closed');
    case ParseErrorCode.UnexpectedEndOfComment:
      return l10n.t("this comment is not closed ('*/' missing)");
    case ParseErrorCode.UnexpectedEndOfString:
      return l10n.t('this string is not closed (a double quote is missing)');
    case ParseErrorCode.UnexpectedEndOfNumber:
      return l10n.t('this number is not complete');
    case ParseErrorCode.InvalidUnicode:
      return l10n.t('invalid {0} escape in this string', '\\u');
    case ParseErrorCode.InvalidEscapeCharacter:
      return l10n.t('invalid escape in this string (use {0} for a backslash)', '\\\\');
    case ParseErrorCode.InvalidCharacter:
      return l10n.t('control characters must be escaped in a string');
    default:
      return l10n.t('invalid JSON');
  }
}

function toSourceNode(node: JsonNode): SourceNode {
  const span = { start: node.offset, end: node.offset + node.length };
  if (node.type === 'object') {
    const properties: SourceProperty[] = [];
    for (const prop of node.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (!key) continue;
      properties.push({
        key: String(key.value),
        keySpan: { start: key.offset, end: key.offset + key.length },
        value: value ? toSourceNode(value) : undefined,
      });
    }
    return { kind: 'object', span, properties };
  }
  if (node.type === 'array') return { kind: 'array', span, items: (node.children ?? []).map(toSourceNode) };
  return { kind: 'scalar', span };
}

/** The node's value with ordinary objects (the parser's own has null prototypes); the last duplicate key wins. */
function plainValue(node: JsonNode): unknown {
  if (node.type === 'array') return (node.children ?? []).map(plainValue);
  if (node.type !== 'object') return node.value;
  const object: Record<string, unknown> = {};
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || !value) continue;
    // defineProperty, so that a "__proto__" key stays a plain key.
    Object.defineProperty(object, String(key.value), { value: plainValue(value), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** The previous character that is not white space, or -1. */
function previousSignificant(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return i;
}

function syntaxProblem(text: string, error: ParseError): SpanProblem {
  const span = { start: error.offset, end: error.offset + error.length };
  // A trailing comma shows up as "value expected" at the closing bracket: say what it really is.
  const closing = text[error.offset];
  const comma = previousSignificant(text, error.offset);
  if (
    (error.error === ParseErrorCode.ValueExpected || error.error === ParseErrorCode.PropertyNameExpected) &&
    (closing === '}' || closing === ']') &&
    comma >= 0 &&
    text[comma] === ','
  ) {
    const commaSpan = { start: comma, end: comma + 1 };
    return {
      message: l10n.t('JSON syntax: trailing comma before the closing bracket'),
      severity: 'error',
      span: commaSpan,
      path: [],
      code: 'syntax',
      fix: { title: l10n.t('Remove the trailing comma'), span: commaSpan, newText: '' },
    };
  }
  return { message: l10n.t('JSON syntax: {0}', syntaxWords(error.error)), severity: 'error', span, path: [], code: 'syntax' };
}

function duplicateKeys(node: SourceNode, out: SpanProblem[]): void {
  const seen = new Set<string>();
  for (const prop of node.properties ?? []) {
    if (seen.has(prop.key)) {
      out.push({ message: l10n.t("duplicate key '{0}' (only the last one counts)", prop.key), severity: 'error', span: prop.keySpan, path: [], code: 'duplicate-key' });
    }
    seen.add(prop.key);
    if (prop.value) duplicateKeys(prop.value, out);
  }
  for (const item of node.items ?? []) duplicateKeys(item, out);
}

/** A JSON text as one document (its top-level value); an array of jobs is split later. */
export function parseJsonText(text: string): ParsedText {
  // A byte-order mark becomes a space: the offsets stay those of the editor's text.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const errors: ParseError[] = [];
  const tree = parseTree(source, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true });
  const problems = errors.map((e) => syntaxProblem(source, e));
  // One message per place: the parser often reports a follow-up error at the same spot.
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.span.start === p.span.start) === i);
  if (!tree) return { documents: [], problems: unique };
  const root = toSourceNode(tree);
  // Duplicate keys are file-level errors that leave the value readable (the last one counts), so
  // they refuse a submit without hiding the entries, their other problems and their CodeLens.
  const duplicates: SpanProblem[] = [];
  duplicateKeys(root, duplicates);
  return { documents: [{ root, value: plainValue(tree), problems: unique }], problems: duplicates };
}
