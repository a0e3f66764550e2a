// The local server as a process (the compiled CLI entry), for the tests that need a real process:
// its output, its URL from the ready line, and how it exited.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { urlFromReadyLine } from '../../src/server/readyLine';
import { until } from './serverTestUtil';

const MAIN = path.resolve(__dirname, '../../src/server/main.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Launched {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output: () => string;
  url: () => string | undefined;
  exit: Promise<Exit>;
}

export interface Running extends Omit<Launched, 'url'> {
  url: string;
}

/** Runs the CLI with `args` (no API key from the environment unless `env` sets one). */
export function run(args: string[], env: Record<string, string> = {}): Launched {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, RIPTIDE_API_KEY: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let url: string | undefined;
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => (url ??= urlFromReadyLine(line)));
  const exit = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, url: () => url, exit };
}

/** Starts the server process on a free port, quiet, and waits for its ready line. */
export async function start(args: string[], env: Record<string, string> = {}, timeoutMs = 10_000): Promise<Running> {
  const p = run(['--port', '0', '--quiet', ...args], env);
  let exited = false;
  void p.exit.then(() => (exited = true));
  const url = await until(() => {
    if (exited) throw new Error(`server exited: ${p.output()}`);
    return p.url();
  }, 'the server to print its URL', timeoutMs);
  return { ...p, url };
}

/**
 * For a suite that starts server processes: a temporary folder (one per suite, or a fresh one per
 * test with `perTest`) and `track(child)`, which kills the child after the test if it still runs.
 * Registers its own mocha hooks; call it at the top of a `describe`.
 */
export function serverProcessFixture(prefix: string, options: { perTest?: boolean } = {}): { dir: () => string; track: (child: ChildProcess) => void } {
  const children: ChildProcess[] = [];
  let dir: string | undefined;
  const makeDir = () => (dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`)));
  const removeDir = () => dir && fs.rmSync(dir, { recursive: true, force: true });
  if (options.perTest) beforeEach(makeDir);
  else before(makeDir);
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (options.perTest) removeDir();
  });
  if (!options.perTest) after(removeDir);
  return {
    dir: () => dir ?? assert.fail('the fixture folder exists only inside tests'),
    track: (child) => void children.push(child),
  };
}
