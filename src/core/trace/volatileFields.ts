// Results compared side by side differ in what changes on every run: timestamps, ids and
// processing times. This leaves them out so the diff shows what the job actually produced.

/** Keys whose values change from run to run: *_id, *_at, *_ms, timestamps, durations. */
const VOLATILE_KEY = /^(id|timestamp|duration|elapsed|uptime_seconds)$|_(id|at|ms|timestamp|iso)$/i;
/** RFC 3339 date-times and UUIDs found under other keys (a custom job's payload, say). */
const TIMESTAMP_VALUE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const UUID_VALUE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isVolatileKey(key: string): boolean {
  return VOLATILE_KEY.test(key);
}

/** A copy of `value` without volatile keys, and with timestamp and UUID strings replaced by a placeholder. */
export function withoutVolatileFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatileFields);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!isVolatileKey(k)) out[k] = withoutVolatileFields(v);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (TIMESTAMP_VALUE.test(value)) return '<timestamp>';
    if (UUID_VALUE.test(value)) return '<id>';
  }
  return value;
}
