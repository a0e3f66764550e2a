// Shared pieces for the benchmarks: a local server in its own process, timing, and printing.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

export interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** Runs dist/server.js in a child process (as users run it), on a free port. */
export async function startServerProcess(args: string[] = []): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'dist/server.js'), '--port', '0', '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
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
