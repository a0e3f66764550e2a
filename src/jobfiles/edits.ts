// Replacement text for quick fixes that keeps the quoting style of what it replaces.
import type { FileFormat } from './types';

const PLAIN_YAML = /^[A-Za-z0-9_./][A-Za-z0-9_ ./@+*,?-]*$/;

/** `value` written the way `original` (a key or a scalar, as it appears in the text) is written. */
export function writeLike(original: string, value: string, format: FileFormat): string {
  if (format === 'json' || original.startsWith('"')) return JSON.stringify(value);
  if (original.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  const plainIsSafe = PLAIN_YAML.test(value) && !/\s$/.test(value) && !/^(true|false|null|~|[-+]?[0-9.]+([eE][-+]?\d+)?)$/i.test(value);
  return plainIsSafe ? value : JSON.stringify(value);
}
