// Timestamps on the wire: RFC 3339 in UTC with fractional seconds.
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** setTimeout's longest delay: Node fires a longer one after 1 ms (the due-queue timers cap at it and re-arm when they fire). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface LongTimeout {
  clear(): void;
}

/**
 * setTimeout for any delay: calls `fn` once at least `ms` later by the wall clock, re-arming in
 * chunks of at most `maxChunkMs` (and when a timer wakes a millisecond early).
 */
export function setLongTimeout(fn: () => void, ms: number, maxChunkMs = MAX_TIMER_MS): LongTimeout {
  const until = Date.now() + ms;
  let timer: NodeJS.Timeout;
  const wake = () => {
    const left = until - Date.now();
    if (left > 0) timer = setTimeout(wake, Math.min(left, maxChunkMs));
    else fn();
  };
  timer = setTimeout(wake, Math.min(Math.max(0, ms), maxChunkMs));
  return { clear: () => clearTimeout(timer) };
}
