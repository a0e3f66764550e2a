// Walks a value along the zod schema that validates it, to find what zod itself does not report:
// keys the schema does not know (zod strips them silently). Works on any schema built from
// objects, discriminated unions, arrays and wrappers, so it follows src/api/schemas.ts as it changes.
import type { z } from 'zod';
import type { Path } from './sourceTree';

interface ZodDef {
  type: string;
  innerType?: ZodLike;
  in?: ZodLike;
  shape?: Record<string, ZodLike>;
  catchall?: ZodLike;
  options?: ZodLike[];
  discriminator?: string;
  element?: ZodLike;
  values?: unknown[];
}
interface ZodLike {
  _zod: { def: ZodDef };
}

export interface UnknownField {
  path: Path;
  /** The keys the object does accept. */
  known: string[];
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The option of a discriminated union that a value selects, if any. */
function selectedOption(def: ZodDef, value: Record<string, unknown>): ZodLike | undefined {
  const tag = value[def.discriminator!];
  return def.options?.find((option) => option._zod.def.shape?.[def.discriminator!]?._zod.def.values?.includes(tag));
}

function walk(schema: ZodLike, value: unknown, path: Path, out: UnknownField[]): void {
  const def = schema._zod.def;
  if (WRAPPERS.has(def.type) && def.innerType) return walk(def.innerType, value, path, out);
  if (def.type === 'pipe' && def.in) return walk(def.in, value, path, out);
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    value.forEach((item, i) => walk(def.element!, item, [...path, i], out));
    return;
  }
  if (def.type === 'union' && def.discriminator && isPlainObject(value)) {
    const option = selectedOption(def, value);
    if (option) walk(option, value, path, out);
    return;
  }
  if (def.type === 'object' && def.shape && isPlainObject(value)) {
    const loose = def.catchall !== undefined && def.catchall._zod.def.type !== 'never';
    const known = Object.keys(def.shape);
    for (const key of Object.keys(value)) {
      const field = def.shape[key];
      if (field) walk(field, value[key], [...path, key], out);
      else if (!loose) out.push({ path: [...path, key], known });
    }
  }
}

/** Keys of `value` that `schema` does not define (objects that pass extra keys through are skipped). */
export function unknownFields(schema: z.ZodType, value: unknown): UnknownField[] {
  const out: UnknownField[] = [];
  walk(schema as unknown as ZodLike, value, [], out);
  return out;
}
