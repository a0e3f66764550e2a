// RipTide's request validation answers 400 to any query string that contains one of these words,
// in any case and inside longer words too ("selection", "created"): a search term or a type
// filter may. One list, for the local server's RipTide mode and for the extension's messages.

const REFUSED = ['select', 'update', 'delete', 'drop', 'create', 'alter', 'exec', '--'] as const;
const REFUSED_PATTERN = new RegExp(REFUSED.map((w) => w.replace(/-/g, '\\-')).join('|'), 'i');

/** The words as a list for messages: `select`, `update`, … and `--`. */
export const RIPTIDE_REFUSED_QUERY_WORDS: readonly string[] = REFUSED;

/** The first refused word in `text` (as written there), if any. */
export function refusedQueryWord(text: string): string | undefined {
  return REFUSED_PATTERN.exec(text)?.[0];
}

/** The refused word in a request target's query string (decoded), if any. */
export function refusedQueryWordInTarget(target: string): string | undefined {
  const at = target.indexOf('?');
  if (at < 0) return undefined;
  const query = target.slice(at + 1).replace(/\+/g, ' ');
  let decoded = query;
  try {
    decoded = decodeURIComponent(query);
  } catch {
    // A malformed escape: checked as it came.
  }
  return refusedQueryWord(decoded);
}
