// The one place error text is cleaned of credentials before anyone shows or logs it. A server
// may echo the request's headers in an error body (a proxy's debug page, a framework's error
// dump), so both the key in use and any value given to a credential header are hidden.

export const REDACTED = '[redacted]';

/**
 * A credential header's name, its separator as written in a header dump, JSON, a Python dict or
 * a raw header list (`X-API-Key: v`, `"x-api-key":"v"`, `'authorization', 'Bearer v'`,
 * `api_key=v`, also inside an escaped JSON string), an optional auth scheme (kept, so "Bearer [redacted]" still says what it was),
 * and the value.
 */
const CREDENTIAL_VALUE =
  /\b(x-api-key|api[-_]key|apikey|proxy-authorization|authorization)(\\?["']?\s*[:=,]\s*\\?["']?)((?:bearer|basic|token|digest)\s+)?([^\s"'\\,;&<>{}[\]()]+)/gi;

/** Keys shorter than this cannot be told from ordinary words; the header rule still hides them. */
const MIN_SECRET_LENGTH = 4;

/**
 * `text` without the given secrets (as written, URL-encoded or JSON-escaped) and without any value
 * of an `X-API-Key`, `Authorization` or `api_key` field, each replaced by "[redacted]".
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  // The known secrets first, whole: the header rule could otherwise take only part of one.
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      out = out.split(form).join(REDACTED);
    }
  }
  return out.replace(CREDENTIAL_VALUE, (_all, name: string, sep: string, scheme: string | undefined) => `${name}${sep}${scheme ?? ''}${REDACTED}`);
}
