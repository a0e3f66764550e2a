// Small throwaway HTTP servers for the client's error paths: the ways a real deployment (or
// something in front of it) can misbehave that the local server never does.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ThrowawayServer {
  url: string;
  close: () => Promise<void>;
  hits: () => number;
}

/** A throwaway HTTP server on loopback answering every request with `handler`. */
export async function misbehavingServer(handler: http.RequestListener): Promise<ThrowawayServer> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Rejects with an error of `type` whose message matches `message`; returns the error. */
export async function rejectsWith<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E, message?: RegExp): Promise<E> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof type)) {
      throw new Error(`expected ${type.name}, got ${(err as Error)?.constructor?.name}: ${(err as Error)?.message}`);
    }
    if (message && !message.test(err.message)) throw new Error(`expected a message matching ${message}, got: ${err.message}`);
    return err;
  }
  throw new Error(`expected ${type.name}, but the call succeeded`);
}
