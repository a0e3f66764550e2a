// Raw HTTP over a socket, for requests fetch refuses to send (malformed targets, broken syntax,
// stalled uploads): what came back, and when the server closed the connection.
import * as net from 'node:net';

export interface RawAnswer {
  /** The status code, or 0 when the server closed without answering. */
  status: number;
  head: string;
  body: string;
  /** When the server closed the connection, ms after the request started; undefined if still open. */
  closedAfterMs?: number;
}

export interface RawOptions {
  /** Keep the socket open after writing (a stalled client) until the server closes it. */
  stall?: boolean;
  /** Give up after this long (the answer then has no closedAfterMs). */
  timeoutMs?: number;
}

/** Sends `request` as it is to the server at `url` and reads the answer (one response, or until closed). */
export function rawRequest(url: string, request: string | Buffer, options: RawOptions = {}): Promise<RawAnswer> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const text = data.toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body: split < 0 ? '' : text.slice(split + 4), closedAfterMs: closed ? Date.now() - started : undefined });
      socket.destroy();
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 10_000);
    socket.on('connect', () => socket.write(request));
    socket.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (!options.stall && completeResponse(data)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', (err) => (data.length ? finish(true) : reject(err)));
  });
}

function completeResponse(data: Buffer): boolean {
  const text = data.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split))?.[1];
  return length !== undefined && data.length - split - 4 >= Number(length);
}
