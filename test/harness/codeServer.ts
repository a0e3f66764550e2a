// A real VS Code on this machine: code-server (provisioned into .vscode-test/) started on a
// free port with fresh user-data and extensions folders.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import { freePort, startProcess, type Started } from './processes';
import { GiveUp, waitFor } from './wait';

export interface CodeServerInstall {
  /** Node 24, which code-server requires. */
  node: string;
  /** code-server's entry script. */
  codeServer: string;
}

/** Installs code-server once (cached; about a second when it is already there). */
export function provisionCodeServer(): CodeServerInstall {
  const script = path.join(repoRoot, 'test', 'harness', 'provision-code-server.mjs');
  const stdout = execFileSync(process.execPath, [script, '--json'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as CodeServerInstall;
}

/** Installs a VSIX (or an extension id) into `extensionsDir` with code-server's own CLI. */
export function installExtension(install: CodeServerInstall, vsix: string, extensionsDir: string, userDataDir: string): void {
  execFileSync(install.node, [install.codeServer, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
}

/**
 * Places an unpackaged extension folder into `extensionsDir` the way VS Code expects a
 * side-loaded one: `<publisher>.<name>-<version>`. Must happen before code-server first starts
 * (and before any `--install-extension`, which writes extensions.json).
 */
export function copyExtensionFolder(sourceDir: string, extensionsDir: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  fs.cpSync(sourceDir, target, { recursive: true });
  return target;
}

/** User settings that keep a fresh workbench quiet and predictable for tests and demos. */
export const quietUserSettings: Record<string, unknown> = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  // A web workbench otherwise follows the browser's colour scheme, which headless Chromium reports as light.
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  // The Chat panel on the right covers part of the editor area; keep it closed.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  // The sample workspace sits inside this repo; do not offer to open the parent repository.
  'git.openRepositoryInParentFolders': 'never',
};

/** Where VS Code keeps the user settings of a user-data folder. */
export function userSettingsFile(userDataDir: string): string {
  return path.join(userDataDir, 'User', 'settings.json');
}

/** User settings for a session whose workspace must open in Restricted Mode, with no trust prompt. */
export const restrictedUserSettings: Record<string, unknown> = {
  ...quietUserSettings,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  // The side-loaded test runner must run there too (its manifest says so as well).
  'extensions.supportUntrustedWorkspaces': { 'riptide.riptide-jobs-test-runner': { supported: true } },
};

export function writeUserSettings(userDataDir: string, settings: Record<string, unknown> = quietUserSettings): void {
  const file = userSettingsFile(userDataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
}

export interface CodeServerOptions {
  install: CodeServerInstall;
  userDataDir: string;
  extensionsDir: string;
  workspace: string;
  /** Extra environment for code-server, inherited by its extension host. */
  env?: Record<string, string>;
  /** Port to bind; a free one when omitted. */
  port?: number;
  /** Prefix for echoing code-server's output; silent when omitted. */
  echo?: string;
  /** The display language (code-server's --locale), e.g. qps-ploc; VS Code's default (English) when omitted. */
  locale?: string;
  /** Leave workspace trust on, so the workspace opens in Restricted Mode (default: trust is off). */
  restricted?: boolean;
}

export interface RunningCodeServer {
  /** e.g. http://127.0.0.1:34567 */
  readonly url: string;
  /** The workbench with the workspace folder open. */
  readonly workspaceUrl: string;
  readonly process: Started;
  stop(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const args = [
    options.install.codeServer,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.restricted ? [] : ['--disable-workspace-trust']),
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
    ...(options.locale ? ['--locale', options.locale] : []),
    options.workspace,
  ];
  const started = startProcess(options.install.node, args, {
    env: { ...process.env, ...options.env },
    cwd: options.workspace,
    echo: options.echo,
  });
  let exitCode: number | null | undefined;
  void started.exited.then((code) => (exitCode = code));
  try {
    await waitFor(`code-server to answer on ${url}/healthz`, 60_000, async () => {
      if (exitCode !== undefined) throw new GiveUp(`code-server exited (code ${exitCode}) before answering:\n${started.output().slice(-3000)}`);
      const response = await fetch(`${url}/healthz`);
      return response.ok ? true : undefined;
    });
  } catch (error) {
    await started.stop();
    throw error;
  }
  return {
    url,
    workspaceUrl: `${url}/?folder=${encodeURIComponent(options.workspace)}`,
    process: started,
    stop: () => started.stop(),
  };
}
