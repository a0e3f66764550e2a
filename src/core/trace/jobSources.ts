// Where a job came from: the job file, the entry's index in it (YAML document or JSON array
// element) and its line when it was sent, with a fingerprint of its definition so the entry is
// found again after the file was edited. Plain data, kept in workspace state by the extension.
import { createHash } from 'node:crypto';
import * as l10n from '@vscode/l10n';

export interface JobSource {
  /** The file's URI as a string. */
  file: string;
  /** The entry's index in the file (0 for a file of one job). */
  index: number;
  /** The entry's first line (0-based) when it was sent. */
  line: number;
  /** fingerprintOf(the definition sent). */
  fingerprint: string;
}

/** An entry of the file as it is now. */
export interface EntryPlace {
  index: number;
  line: number;
  fingerprint: string;
}

/** A short hash of a definition that does not depend on key order or formatting. */
export function fingerprintOf(definition: unknown): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The entry a recorded source stands for in the file as it is now: the same definition at the
 * same index; else the same definition elsewhere (entries were added or moved above it; the
 * nearest to the old index); else whatever is at the same index (it was edited in place, e.g. a
 * fix); else none (the file has fewer entries now).
 */
export function locateEntry<E extends EntryPlace>(source: Pick<JobSource, 'index' | 'fingerprint'>, entries: readonly E[]): E | undefined {
  const atIndex = entries.find((e) => e.index === source.index);
  if (atIndex && atIndex.fingerprint === source.fingerprint) return atIndex;
  let moved: E | undefined;
  for (const e of entries) {
    if (e.fingerprint !== source.fingerprint) continue;
    if (!moved || Math.abs(e.index - source.index) < Math.abs(moved.index - source.index)) moved = e;
  }
  return moved ?? atIndex;
}

/**
 * What records of one server are filed under: the URL's origin and path prefix (two servers
 * behind one host differ by prefix), so jobs of another server are never shown as this one's.
 */
export function serverKey(serverUrl: string): string {
  try {
    const url = new URL(serverUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return serverUrl.trim();
  }
}

/** The last path segment of a file URI or path: "crawl.job.yaml". */
export function fileLabel(file: string): string {
  const clean = file.split(/[?#]/)[0].replace(/\/+$/, '');
  const name = clean.slice(clean.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** "Defined in `crawl.job.yaml`, line 4" as plain words (the Markdown form adds the code span). */
export function sourceWords(source: Pick<JobSource, 'file' | 'line'>): string {
  return l10n.t('Defined in {0}, line {1}', fileLabel(source.file), source.line + 1);
}

/** The entries of an analysed job file as places to find recorded sources in (invalid entries have no fingerprint). */
export function placesOf<E extends { index: number; range: { start: { line: number } }; job?: unknown; schedule?: unknown }>(entries: readonly E[]): Array<EntryPlace & { entry: E }> {
  return entries.map((entry) => {
    const definition = entry.job ?? entry.schedule;
    return { index: entry.index, line: entry.range.start.line, fingerprint: definition === undefined ? '' : fingerprintOf(definition), entry };
  });
}
