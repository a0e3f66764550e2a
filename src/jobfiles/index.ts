// Job and schedule files: parsing with positions, validation against the wire contract's zod
// schemas, cron checks, JSON Schema export and templates. No `vscode` here: the editor layer maps
// these results onto diagnostics, CodeLens and commands.
export { analyzeJobFile, MAX_FILE_CHARS } from './analyze';
export { fileFormatOf, fileGlobOf, fileKindOf, fileNamesOf, JOB_FILE_GLOB } from './fileKinds';
export type {
  AnalyzeOptions,
  CronDialect,
  CronInfo,
  FileFormat,
  FileKind,
  Fix,
  JobFileAnalysis,
  JobFileEntry,
  Path,
  PathSegment,
  Position,
  Problem,
  Range,
  Severity,
} from './types';
export { jobJsonSchema, scheduleJsonSchema, SCHEMA_FILES } from './jsonSchema';
export { jobTemplate, sampleJob, scheduleTemplate } from './templates';
export { MAX_BATCH_URLS, KNOWN_MAINTENANCE_TASKS } from './contractHints';
