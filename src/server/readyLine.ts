// The line the server CLI prints once it listens, and how to read the URL back from it. Its own
// module so that the extension can import it without bundling the server.
export function readyLine(url: string): string {
  return `RipTide Workers server listening on ${url}\n`;
}

/** The URL in a complete ready line, or undefined. */
export function urlFromReadyLine(line: string): string | undefined {
  return /^RipTide Workers server listening on (http:\/\/\S+)$/.exec(line.trim())?.[1];
}
