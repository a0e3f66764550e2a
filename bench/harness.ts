// Shared pieces for the benchmarks: a local server in its own process, timing, and printing.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

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
