// Activation wires the layers together and returns; no network I/O happens here. The refresh
// loop's first tick runs right after activation.
import * as vscode from 'vscode';
import { registerConnectionCommands } from './commands/connectionCommands';
import { Connection } from './connection';
import { JobWatcher } from './jobWatcher';
import { KnownJobs } from './knownJobs';
import { LocalServer } from './localServer';
import { log } from './log';
import { Refresher } from './refresh/refresher';
import { onDidChangeSettings, readSettings } from './settings';
import { QueueStatusBar } from './ui/statusBar';
import { createSidebar, type Sidebar } from './views/views';
import { registerPlaceholderCommands } from './commands/placeholderCommands';

/** What activate() returns: the extension's parts, for its own tests in the extension host. */
export interface RipTideExtensionApi {
  connection: Connection;
  refresher: Refresher;
  statusBar: QueueStatusBar;
  watcher: JobWatcher;
  knownJobs: KnownJobs;
  localServer: LocalServer;
  /** The Jobs, Schedules and Workers views (their providers and models). */
  sidebar: Sidebar;
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<RipTideExtensionApi> {
  const started = performance.now();
  const connection = new Connection(context.secrets);
  await connection.load();

  const localServer = new LocalServer(context.extensionPath, context.globalStorageUri.fsPath);
  const refresher = new Refresher({
    client: () => connection.client,
    intervalSeconds: () => readSettings().pollIntervalSeconds,
    statusBarWanted: () => readSettings().statusBarEnabled,
    focused: () => vscode.window.state.focused,
    log: (m) => log().info(m),
  });
  const statusBar = new QueueStatusBar(refresher, () => connection.serverUrl);
  const watcher = new JobWatcher(() => refresher.wake());
  const knownJobs = new KnownJobs(context.workspaceState);
  const sidebar = createSidebar({ connection, refresher, knownJobs, watcher });

  context.subscriptions.push(
    connection,
    localServer,
    { dispose: () => refresher.dispose() },
    statusBar,
    watcher,
    refresher.register(watcher),
    connection.watchSecrets(),
    connection.onDidChange(() => refresher.reset()),
    localServer.onDidChange((url) => {
      connection.setLocalServerUrl(url);
      void vscode.commands.executeCommand('setContext', 'riptide.localServer.running', url !== undefined);
    }),
    refresher.onDidRefresh((s) => void vscode.commands.executeCommand('setContext', 'riptide.connection', s.state)),
    onDidChangeSettings(() => {
      connection.settingsChanged();
      statusBar.render();
      refresher.wake();
    }),
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) refresher.wake();
    }),
    sidebar,
    ...registerConnectionCommands(connection, localServer, refresher, () => sidebar.invalidate()),
    ...registerPlaceholderCommands(connection),
  );
  void vscode.commands.executeCommand('setContext', 'riptide.connection', 'connecting');
  void vscode.commands.executeCommand('setContext', 'riptide.localServer.running', false);

  refresher.start();
  const activationMs = performance.now() - started;
  log().info(`RipTide Jobs activated in ${activationMs.toFixed(1)} ms; server ${connection.serverUrl}`);
  return { connection, refresher, statusBar, watcher, knownJobs, localServer, sidebar, activationMs };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions, the local server included.
}
