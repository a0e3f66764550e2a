// Child processes that must never outlive the harness, and free ports. Importing it installs
// signal handlers: plain waiting with a deadline lives in ./wait, free of side effects.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as net from 'node:net';


/** Process groups started here; killed on exit whatever happens. */
const groups = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

const shutdownHooks: Array<() => Promise<void>> = [];
let shuttingDown = false;

/** Runs `hook` (e.g. closing a browser or a server) when the process is interrupted. */
export function onShutdown(hook: () => Promise<void>): void {
  shutdownHooks.push(hook);
}

function killAll(): void {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
}

// Last line of defence: whatever way the harness ends, its process groups end with it.
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (shuttingDown) {
      // A second Ctrl-C: stop waiting for a clean shutdown.
      killAll();
      process.exit(code);
    }
    shuttingDown = true;
    const hooks = Promise.allSettled(shutdownHooks.map((hook) => hook()));
    void Promise.race([hooks, delay(15_000)]).then(() => process.exit(code));
  });
}

export interface Started {
  readonly child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr, last 200 kB). */
  output(): string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns a process in its own process group (so its children, e.g. code-server's extension
 * host, are stopped with it), capturing its output and optionally echoing it with a prefix.
 */
export function startProcess(command: string, args: string[], options: SpawnOptions & { echo?: string } = {}): Started {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  groups.add(pid);
  let captured = '';
  const capture = (chunk: Buffer) => {
    const text = chunk.toString();
    captured = (captured + text).slice(-200_000);
    if (options.echo) process.stderr.write(text.replace(/^(?=.)/gm, options.echo));
  };
  child.stdout?.on('data', capture);
  child.stderr?.on('data', capture);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  // The group leader's exit does not mean its children are gone; the group is killed in stop().
  return {
    child,
    output: () => captured,
    exited,
    async stop(graceMs = 5000) {
      killGroup(pid, 'SIGTERM');
      const gone = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
      killGroup(pid, 'SIGKILL');
      if (!gone) await exited;
      groups.delete(pid);
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True when something on 127.0.0.1 accepts connections on `port`. */
export function isPortTaken(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
