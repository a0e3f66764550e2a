// Which files are job files and schedule files, by name. Every pattern, glob and message about
// these names derives from the lists here.
import * as l10n from '@vscode/l10n';
import type { FileFormat, FileKind } from './types';

const KINDS: readonly FileKind[] = ['job', 'schedule'];
const EXTENSIONS = ['json', 'yaml', 'yml'] as const;

/** Glob of every job and schedule file, for file searches and watchers. */
export const JOB_FILE_GLOB = `**/*.{${KINDS.join(',')}}.{${EXTENSIONS.join(',')}}`;

/** Glob of the files of one kind: `**\/*.schedule.{json,yaml,yml}`. */
export function fileGlobOf(kind: FileKind): string {
  return `**/*.${kind}.{${EXTENSIONS.join(',')}}`;
}

/** The file names of one kind as a person reads them: "*.job.json, *.job.yaml or *.job.yml" (or joined by `beforeLast`). */
export function fileNamesOf(kind: FileKind, beforeLast?: string): string {
  const names = EXTENSIONS.map((extension) => `*.${kind}.${extension}`);
  const head = names.slice(0, -1).join(', ');
  const last = names[names.length - 1];
  return beforeLast === undefined ? l10n.t('{0} or {1}', head, last) : `${head}${beforeLast}${last}`;
}

const NAME = new RegExp(`\\.(${KINDS.join('|')})\\.(${EXTENSIONS.join('|')})$`, 'i');

/** 'job' for *.job.json|yaml|yml, 'schedule' for *.schedule.json|yaml|yml (any case), else undefined. */
export function fileKindOf(fileName: string): FileKind | undefined {
  const match = NAME.exec(fileName);
  return match ? (match[1].toLowerCase() as FileKind) : undefined;
}

/** 'json' or 'yaml' by extension (any file name), else undefined. */
export function fileFormatOf(fileName: string): FileFormat | undefined {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.ya?ml$/i.test(fileName)) return 'yaml';
  return undefined;
}
