// Runs the bundled local Workers server (dist/server.js) as a child process with the editor's
// own Node, on a free port, and stops it with the window.
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { log } from '../log';
import { urlFromReadyLine } from '../../server/readyLine';

const START_TIMEOUT_MS = 15_000;

export class LocalServer implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private url: string | undefined;
  private starting: Promise<string> | undefined;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the server's URL when it starts and undefined when it stops. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly extensionPath: string, private readonly storagePath: string) {}

  get running(): boolean {
    return this.url !== undefined;
  }

  get serverUrl(): string | undefined {
    return this.url;
  }

  /** Starts the server (or returns the running or starting one's URL). Rejects with a readable reason. */
  start(): Promise<string> {
    if (this.url) return Promise.resolve(this.url);
    // Two quick starts (welcome button and palette) share one server.
    this.starting ??= this.spawnServer().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async spawnServer(): Promise<string> {
    const script = path.join(this.extensionPath, 'dist', 'server.js');
    const dataFile = path.join(this.storagePath, 'local-server.jsonl');
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(this.storagePath));
    // In a desktop VS Code, process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
    // --quiet: no line per request in the log (the refresh loop alone would add one every few seconds).
    const child = spawn(process.execPath, [script, '--port', '0', '--host', '127.0.0.1', '--data-file', dataFile, '--quiet'], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', RIPTIDE_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const url = await new Promise<string>((resolve, reject) => {
      let pending = ''; // a line not complete yet
      let lastLines: string[] = []; // for the message when it fails to start
      const timer = setTimeout(() => fail(new Error(vscode.l10n.t('the local server did not start within {0} s', START_TIMEOUT_MS / 1000))), START_TIMEOUT_MS);
      const fail = (err: Error) => {
        clearTimeout(timer);
        child.kill();
        reject(err);
      };
      const onOutput = (level: 'info' | 'warn') => (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines.map((l) => l.trim()).filter(Boolean)) {
          log()[level](`[local server] ${line}`);
          lastLines = [...lastLines.slice(-4), line];
          const ready = urlFromReadyLine(line);
          if (ready) {
            clearTimeout(timer);
            resolve(ready);
          }
        }
      };
      child.stdout?.setEncoding('utf8').on('data', onOutput('info'));
      child.stderr?.setEncoding('utf8').on('data', onOutput('warn'));
      child.once('error', (err) => fail(new Error(vscode.l10n.t('could not run {0}: {1}', script, err.message))));
      child.once('exit', (code, signal) => fail(new Error(vscode.l10n.t('the local server exited ({0}): {1}', signal ?? vscode.l10n.t('code {0}', String(code)), lastLines.join(' ')))));
    });
    child.removeAllListeners('exit');
    child.once('exit', (code, signal) => {
      log().info(`Local server stopped (${signal ?? `code ${code}`}).`);
      if (this.child === child) this.stopped();
    });
    this.url = url;
    log().info(`Local server running at ${url}`);
    this.changed.fire(url);
    return url;
  }

  /** Stops the server and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(forced);
    if (this.child === child) this.stopped();
  }

  private stopped(): void {
    this.child = undefined;
    if (this.url === undefined) return;
    this.url = undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.child?.kill('SIGTERM');
    this.child = undefined;
    this.changed.dispose();
  }
}
