// Timestamps on the wire: RFC 3339 in UTC with fractional seconds.
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}

/** setTimeout's longest delay; longer waits re-arm when the timer fires. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
