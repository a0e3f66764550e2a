// Shared pieces for the benchmarks: a local server in its own process, timing, and printing.
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { urlFromReadyLine } from '../../src/server/readyLine';
import { repoRoot } from '../harness/paths';
import { startProcess } from '../harness/processes';
import { GiveUp, waitFor } from '../harness/wait';

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs dist/server.js in a child process (as users run it), on a free port. With `onLogLine`
 * the server logs each request and every line of its output goes there; else it runs --quiet.
 */
export async function startServerProcess(args: string[] = [], onLogLine?: (line: string) => void): Promise<ServerProcess> {
  const server = startProcess(process.execPath, [path.join(repoRoot, 'dist', 'server.js'), '--port', '0', ...(onLogLine ? [] : ['--quiet']), ...args]);
  let ready: string | undefined;
  readline.createInterface({ input: server.child.stdout! }).on('line', (line) => {
    ready ??= urlFromReadyLine(line);
    onLogLine?.(line);
  });
  let exitCode: number | null | undefined;
  void server.exited.then((code) => (exitCode = code));
  try {
    const url = await waitFor('dist/server.js to print its URL', 30_000, () => {
      if (exitCode !== undefined) throw new GiveUp(`dist/server.js exited (code ${exitCode}) before listening:\n${server.output().slice(-3000)}`);
      return ready;
    }, 25);
    // stop() returns at once when the server has already exited.
    return { url, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** A full garbage collection, also where node runs without --expose-gc; false when none could run. */
export function forceGc(): boolean {
  try {
    let gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    }
    gc();
    gc(); // a second pass collects what the first one's finalizers released
    return true;
  } catch {
    return false;
  }
}

export function heading(title: string): void {
  console.log(`\n## ${title}`);
}

export function row(label: string, value: string): void {
  console.log(`  ${label.padEnd(58)} ${value}`);
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * A loopback TCP proxy that holds every chunk `oneWayMs` in each direction: a stand-in for the
 * network between an editor and a remote RipTide, where sequential round trips add up.
 */
export async function latencyProxy(targetUrl: string, oneWayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const net = await import('node:net');
  const target = new URL(targetUrl);
  const sockets = new Set<import('node:net').Socket>();
  const relay = (from: import('node:net').Socket, to: import('node:net').Socket) =>
    from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), oneWayMs));
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    relay(client, upstream);
    relay(upstream, client);
    const end = () => (client.destroy(), upstream.destroy());
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  };
}
