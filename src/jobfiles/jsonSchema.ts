// The exported JSON Schemas for job and schedule files (completion and hover in the editor),
// generated from the same zod schemas that validate them. A file holds one entry or a list.
import { z } from 'zod';
import { JobConfigSchema, PRIORITIES, PrioritySchema, ScheduledJobConfigSchema } from '../api/schemas';
import { fileNamesOf } from './fileKinds';

type JsonSchema = Record<string, unknown>;

/** A pattern matching a word in any case: "Low" -> "[Ll][Oo][Ww]" (JSON Schema patterns have no flags). */
function anyCase(word: string): string {
  return [...word].map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toUpperCase()}${c.toLowerCase()}]`)).join('');
}

function fileSchema(entry: z.ZodType, title: string, fileNames: string): JsonSchema {
  const schema = z.union([entry, z.array(entry).min(1)]).describe(`${title}: one, or a list of them (${fileNames}).`);
  return z.toJSONSchema(schema, {
    io: 'input',
    // draft-07: the dialect both VS Code's JSON support and the YAML extension read fully.
    target: 'draft-7',
    unrepresentable: 'any',
    override: (ctx) => {
      // The priority is a transform (any case in, canonical out), which JSON Schema cannot express:
      // offer the canonical names for completion and accept them in any case.
      if (ctx.zodSchema === PrioritySchema) {
        ctx.jsonSchema.examples = [...PRIORITIES];
        ctx.jsonSchema.pattern = `^\\s*(${PRIORITIES.map(anyCase).join('|')})\\s*$`;
      }
    },
  }) as JsonSchema;
}

function titled(title: string, schema: JsonSchema): JsonSchema {
  return { $schema: schema.$schema, title, ...schema };
}

/** JSON Schema of a job file (*.job.json|yaml|yml). */
export function jobJsonSchema(): JsonSchema {
  return titled('RipTide job file', fileSchema(JobConfigSchema, 'RipTide jobs', fileNamesOf('job', ', ')));
}

/** JSON Schema of a schedule file (*.schedule.json|yaml|yml). */
export function scheduleJsonSchema(): JsonSchema {
  return titled('RipTide schedule file', fileSchema(ScheduledJobConfigSchema, 'RipTide schedules', fileNamesOf('schedule', ', ')));
}

/** The schema file's text as committed in media/schemas/ (stable, with a final newline). */
export function schemaFileText(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** The committed schema files (paths relative to the repository root) and what they hold. */
export const SCHEMA_FILES: ReadonlyArray<{ path: string; schema: () => JsonSchema }> = [
  { path: 'media/schemas/job.schema.json', schema: jobJsonSchema },
  { path: 'media/schemas/schedule.schema.json', schema: scheduleJsonSchema },
];
