// Timestamps on the wire: RFC 3339 in UTC with fractional seconds.
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : iso(ms);
}
