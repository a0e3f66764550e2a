// A server's origin (scheme, host and port) is what an API key and an approval belong to: a
// path prefix, a query or a fragment never changes where a request goes, the origin does.

/** The origin of an http(s) URL (`https://host[:port]`, lowercased, default port dropped), or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return parsed.origin;
  } catch {
    return undefined;
  }
}

/** Whether a host name or address is this machine (loopback). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}

/** A key for this origin would travel in clear text over a network: plain http to another machine. */
export function keyTravelsInClearText(origin: string): boolean {
  const url = new URL(origin);
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}
