// Which files are job files and schedule files, by name.
import type { FileFormat, FileKind } from './types';

/** Glob of every job and schedule file, for file watchers and `contributes.jsonValidation`-like wiring. */
export const JOB_FILE_GLOB = '**/*.{job,schedule}.{json,yaml,yml}';

const NAME = /\.(job|schedule)\.(json|ya?ml)$/i;

/** 'job' for *.job.json|yaml|yml, 'schedule' for *.schedule.json|yaml|yml, else undefined. */
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
