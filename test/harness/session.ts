// One real VS Code session for tests and `npm start`: the packaged extension installed into
// code-server (with fresh user-data and extensions folders), a copy of the sample workspace,
// user settings pointing at the local Workers server, and everything stopped again by dispose().
// The server URL goes in the USER settings, never the workspace's: the extension does not
// contact a server that a workspace names until the user approves it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyEdits, modify } from 'jsonc-parser';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import {
  copyExtensionFolder,
  installExtension,
  provisionCodeServer,
  quietUserSettings,
  restrictedUserSettings,
  startCodeServer,
  userSettingsFile,
  writeUserSettings,
  type RunningCodeServer,
} from './codeServer';
import type { SessionServerOptions } from './serverMode';
import { product, productExtensionId, productVsix, runnerExtensionDir, sampleWorkspace } from './paths';
import { unexpectedVsixEntries } from './vsixContents';

export interface SessionOptions {
  /** Environment for code-server, inherited by the extension host (e.g. the suites to run). */
  env?: Record<string, string>;
  /** Install the test-runner extension next to the product (extension-host tests). */
  withTestRunner?: boolean;
  /** Prefix for echoing code-server's output; silent when omitted. */
  echo?: string;
  /** Open this folder itself; by default a temporary copy of sample-workspace/. */
  workspace?: string;
  /** Keep user data and extensions here across runs; by default a temporary folder, removed by dispose(). */
  stateDir?: string;
  /** Ports to bind; free ones when omitted. */
  codeServerPort?: number;
  workersServerPort?: number;
  /** How the local Workers server answers, e.g. `{ riptide: {} }` for its RipTide mode; by default the contract. */
  workersServerOptions?: SessionServerOptions;
  /** Receives the local Workers server's request log. */
  workersServerLog?: (line: string) => void;
  /** The display language (code-server's --locale), e.g. qps-ploc. */
  locale?: string;
  /** Runs on the installed extension's folder before code-server starts (e.g. to add a test-only translation). */
  prepareInstalled?: (installedDir: string) => void;
  /** Open the workspace untrusted (Restricted Mode); by default workspace trust is off. */
  restricted?: boolean;
  /** More user settings, written next to the harness's own (e.g. a test run's request budget). */
  userSettings?: Record<string, unknown>;
}

export interface Session {
  readonly codeServer: RunningCodeServer;
  readonly workersServer: WorkersServer;
  /** The temporary copy of sample-workspace/ that the workbench has open. */
  readonly workspace: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  dispose(): Promise<void>;
}

/** Lists the files of a directory tree, relative to it, `/`-separated. */
function listFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix + entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), relative + '/') : [relative];
  });
}

/** Installs the VSIX built by `npm run package` and checks what got installed is what may ship. */
function installProduct(install: ReturnType<typeof provisionCodeServer>, extensionsDir: string, userDataDir: string): string {
  if (!fs.existsSync(productVsix)) throw new Error(`${path.basename(productVsix)} not found: run \`npm run package\` first`);
  installExtension(install, productVsix, extensionsDir, userDataDir);
  const installed = path.join(extensionsDir, `${productExtensionId}-${product.version}`);
  if (!fs.existsSync(path.join(installed, 'package.json'))) throw new Error(`installing ${productVsix} did not create ${installed}`);
  const unexpected = unexpectedVsixEntries(listFiles(installed));
  if (unexpected.length > 0) throw new Error(`the VSIX ships files it should not (fix .vscodeignore): ${unexpected.join(', ')}`);
  return installed;
}

/** Sets `riptide.serverUrl` in the user settings (user-data/User/settings.json), keeping everything else there. */
export function pointUserSettingsAt(userDataDir: string, serverUrl: string): void {
  const settingsFile = userSettingsFile(userDataDir);
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  const text = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : '{}';
  const edits = modify(text, ['riptide.serverUrl'], serverUrl, { formattingOptions: { insertSpaces: true, tabSize: 2 } });
  fs.writeFileSync(settingsFile, applyEdits(text, edits));
}

/**
 * Removes `riptide.serverUrl` from a workspace's .vscode/settings.json, where older versions of
 * this harness wrote it (a stale value there would shadow the user setting and ask for approval).
 */
export function dropWorkspaceServerUrl(workspace: string): void {
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  if (!fs.existsSync(settingsFile)) return;
  const text = fs.readFileSync(settingsFile, 'utf8');
  const edits = modify(text, ['riptide.serverUrl'], undefined, {});
  if (edits.length > 0) fs.writeFileSync(settingsFile, applyEdits(text, edits));
}

export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const install = provisionCodeServer();
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-vscode-'));
  const stateDir = options.stateDir ?? tempRoot;
  const userDataDir = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  const workspace = options.workspace ?? path.join(tempRoot, 'workspace');
  const cleanups: Array<() => Promise<void> | void> = [() => fs.rmSync(tempRoot, { recursive: true, force: true })];
  const dispose = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    fs.mkdirSync(extensionsDir, { recursive: true });
    writeUserSettings(userDataDir, { ...(options.restricted ? restrictedUserSettings : quietUserSettings), ...options.userSettings });
    // A side-loaded folder must be in place before the first --install-extension writes extensions.json.
    if (options.withTestRunner) copyExtensionFolder(runnerExtensionDir, extensionsDir);
    const installed = installProduct(install, extensionsDir, userDataDir);
    options.prepareInstalled?.(installed);

    const workersServer = await startWorkersServer({ ...options.workersServerOptions, port: options.workersServerPort ?? 0, host: '127.0.0.1', log: options.workersServerLog });
    cleanups.push(() => workersServer.close());

    if (!options.workspace) fs.cpSync(sampleWorkspace, workspace, { recursive: true });
    dropWorkspaceServerUrl(workspace);
    pointUserSettingsAt(userDataDir, workersServer.url);

    const codeServer = await startCodeServer({
      install,
      userDataDir,
      extensionsDir,
      workspace,
      port: options.codeServerPort,
      echo: options.echo,
      locale: options.locale,
      restricted: options.restricted,
      env: { RIPTIDE_TEST_SERVER_URL: workersServer.url, ...options.env },
    });
    cleanups.push(() => codeServer.stop());
    return { codeServer, workersServer, workspace, userDataDir, extensionsDir, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
