// Activation wires the layers together and returns; no network I/O happens here. The refresh
// loop's first tick runs right after activation.
import * as vscode from 'vscode';
import { errorMessage } from '../api';
import { ApiKeys } from './connection/apiKeys';
import { registerConnectionCommands } from './connection/connectionCommands';
import { registerDiagnoseCommand, type DiagnoseApi } from './connection/diagnoseCommand';
import { Connection } from './connection/connection';
import { registerServerCommands } from './connection/serverCommands';
import { ApprovalPrompt, KeyRefusalNotice, SettingsProblems } from './connection/serverPrompts';
import { ServerRegistry } from './connection/servers';
import { JobWatcher } from './jobs/jobWatcher';
import { KnownJobs, KnownSchedules } from './jobs/knownJobs';
import { JobTrace, knownLabel } from './jobs/jobTrace';
import { registerSourceCommands } from './jobs/sourceLinks';
import { JobDocuments } from './jobs/resultDocuments';
import { TraceCommands } from './jobs/traceCommands';
import { LocalServer } from './connection/localServer';
import { configureL10n } from './l10n';
import { log } from './log';
import { CompletedFailures } from '../core/jobs/completedFailures';
import { Refresher } from '../core/refresh/refresher';
import { StatsHistory } from '../core/refresh/statsHistory';
import { offlineReason } from '../core/refresh/offlineReason';
import { onDidChangeSettings, readSettings, useServerSettings } from './settings';
import { QueueStatusBar } from './statusBar/statusBar';
import { ServerStatusItem } from './statusBar/serverItem';
import { registerJobFiles, type JobFilesApi } from './jobfilesEditor';
import { createSidebar, type Sidebar } from './views/views';
import { registerPanelCommands } from './panels/panelCommands';
import { Dashboard } from './panels/dashboardPanel';
import { JobPanels } from './panels/jobPanel';
import { registerWalkthrough } from './walkthrough';

/** What activate() returns: the extension's parts, for its own tests in the extension host. */
export interface RipTideExtensionApi {
  /** The server in use, its key and client; `connection.servers` and `connection.keys` behind it. */
  connection: Connection;
  /** The status-bar item naming the server in use. */
  serverItem: ServerStatusItem;
  /** The questions asked about servers that workspace settings name. */
  approvalPrompt: ApprovalPrompt;
  /** The notices given when a server refused its key. */
  keyRefusals: KeyRefusalNotice;
  refresher: Refresher;
  /** The last hour of queue stats read by the refresher (the dashboard's charts). */
  statsHistory: StatsHistory;
  statusBar: QueueStatusBar;
  watcher: JobWatcher;
  knownJobs: KnownJobs;
  knownSchedules: KnownSchedules;
  /** The runs of each job file on this server. */
  trace: JobTrace;
  /** Results and definitions as read-only documents (riptide-job:). */
  documents: JobDocuments;
  /** Compare, save as files, submit dead-letter jobs again. */
  traceCommands: TraceCommands;
  /** Completed jobs with a failed result seen in this window (counted beside the server's totals). */
  completedFailures: CompletedFailures;
  localServer: LocalServer;
  /** The Jobs, Schedules and Workers views (their providers and models). */
  sidebar: Sidebar;
  /** Open job panels (each records the messages it posted) and their serializer. */
  jobPanels: JobPanels;
  /** The queue dashboard (its current panel, if open) and its serializer. */
  dashboard: Dashboard;
  /** Job-file diagnostics, CodeLens and submission. */
  jobFiles: JobFilesApi;
  /** "Diagnose Connection" and its last report. */
  diagnose: DiagnoseApi;
  activationMs: number;
  /** The refresh state when activate() returned: 'connecting', since activation waits on no network. */
  stateAtActivation: string;
  /** Where the log channel writes, so tests can check what was logged. */
  logUri: vscode.Uri;
}

export async function activate(context: vscode.ExtensionContext): Promise<RipTideExtensionApi> {
  const started = performance.now();
  configureL10n();
  const servers = new ServerRegistry(context.workspaceState, context.globalState);
  const keys = new ApiKeys(context.secrets, context.globalState);
  const connection = new Connection(servers, keys);
  useServerSettings({ cronDialect: () => connection.cronDialect, requestsPerMinute: () => connection.server.requestsPerMinute });
  contextValues.clear();

  const localServer = new LocalServer(context.extensionPath, context.globalStorageUri.fsPath);
  const refresher = new Refresher({
    client: () => connection.client,
    intervalSeconds: () => readSettings().pollIntervalSeconds,
    requestBudgetPerMinute: () => readSettings().requestBudgetPerMinute,
    statusBarWanted: () => readSettings().statusBarEnabled,
    focused: () => vscode.window.state.focused,
    log: (m) => log().info(m),
  });
  // The queue stats of every tick, for the dashboard's last hour: no request of its own.
  const statsHistory = new StatsHistory();
  const diagnose = registerDiagnoseCommand(connection);
  const completedFailures = new CompletedFailures();
  const statusBar = new QueueStatusBar(refresher, () => connection.serverUrl, completedFailures);
  const serverItem = new ServerStatusItem(connection);
  const approvalPrompt = new ApprovalPrompt(connection);
  const keyRefusals = new KeyRefusalNotice(connection, refresher);
  const settingsProblems = new SettingsProblems(servers);
  // Records of jobs, schedules and runs, and watched jobs, are filed under the server they were
  // sent to (see serverIdentity: the local server is one server across its restarts).
  const currentServer = () => connection.serverIdentity;
  const watcher = new JobWatcher(() => refresher.wake(), completedFailures, currentServer);
  const knownJobs = new KnownJobs(context.workspaceState, currentServer);
  const knownSchedules = new KnownSchedules(context.workspaceState, currentServer);
  const trace = new JobTrace(context.workspaceState, currentServer, watcher);
  const documents = new JobDocuments(connection, knownJobs);
  const traceCommands = new TraceCommands({ connection, refresher, knownJobs, knownSchedules, watcher, trace, documents });
  const sidebar = createSidebar({ connection, refresher, knownJobs, watcher, completedFailures, trace, traceCommands, documents });
  const jobFiles = registerJobFiles(connection, knownJobs, watcher, refresher, (created) => sidebar.schedules.schedulesChanged(created), trace, knownSchedules);
  const jobPanels = new JobPanels({
    extensionUri: context.extensionUri,
    connection,
    refresher,
    knownJobs,
    knownSchedules,
    completedFailures,
    listed: (jobId) => sidebar.jobs.hintsFor(jobId),
  });
  const dashboard = new Dashboard({ extensionUri: context.extensionUri, refresher, history: statsHistory, completedFailures });

  context.subscriptions.push(
    servers,
    keys,
    connection,
    serverItem,
    approvalPrompt,
    keyRefusals,
    settingsProblems,
    localServer,
    { dispose: () => refresher.dispose() },
    statusBar,
    watcher,
    refresher.register(watcher),
    trace,
    documents,
    connection.onDidChange(() => {
      statsHistory.clear(); // another server's readings are not this one's
      refresher.reset(); // nothing read from the previous server is shown as this one's
      dashboard.current?.serverChanged(connection.server.name);
      setContext('riptide.server.needsApproval', !connection.access.contact);
      void jobFiles.api.runDiagnostics.updateAll(); // this server's failures, not the last one's
      jobFiles.api.codeLens.refresh();
      trace.rewatch(watcher, (id) => knownLabel(knownJobs.get(id), id));
    }),
    refresher.onDidReadStats((stats) => statsHistory.record(stats)),
    localServer.onDidChange((url) => {
      servers.setLocalServerUrl(url);
      setContext('riptide.localServer.running', url !== undefined);
    }),
    // Trusting the workspace lets its server settings count (they are still asked about).
    vscode.workspace.onDidGrantWorkspaceTrust(() => servers.reload()),
    refresher.onDidRefresh((s) => {
      setContext('riptide.connection', s.state);
      setContext('riptide.offlineReason', offlineReason(s));
    }),
    onDidChangeSettings(() => {
      servers.reload(); // another server or URL resets the loop, which reads at once
      statusBar.render();
      serverItem.render();
      refresher.reschedule(); // a new interval or status-bar setting moves the next tick
    }),
    vscode.window.onDidChangeWindowState(() => refresher.reschedule()),
    sidebar,
    ...diagnose.disposables,
    ...registerConnectionCommands(connection, localServer, refresher, () => sidebar.invalidate()),
    ...registerServerCommands({ connection, localServer, approvalPrompt, globalState: context.globalState }),
    jobPanels,
    dashboard,
    ...registerPanelCommands(jobPanels, dashboard),
    ...registerSourceCommands(knownJobs),
    ...jobFiles.disposables,
    ...registerWalkthrough({
      extensionId: context.extension.id,
      connection,
      localServer,
      knownJobs,
      jobPanels,
      dashboard,
      onUntitledJobFile: (doc) => {
        jobFiles.api.diagnostics.update(doc);
        jobFiles.api.codeLens.refresh();
      },
    }),
  );
  setContext('riptide.connection', 'connecting');
  setContext('riptide.localServer.running', false);
  setContext('riptide.server.needsApproval', !connection.access.contact);
  setContext('riptide.workspace.trusted', vscode.workspace.isTrusted);
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => setContext('riptide.workspace.trusted', true)));

  // The key comes from secret storage, which may be slow: everything is registered already, and
  // the loop starts once the key is known, so no request goes out without it.
  trace.rewatch(watcher, (id) => knownLabel(knownJobs.get(id), id));
  void connection
    .load()
    .catch((err: unknown) => log().error(`Reading the API key from secret storage failed: ${errorMessage(err)}`))
    .then(() => {
      refresher.start();
      approvalPrompt.askIfNeeded();
    });
  const activationMs = performance.now() - started;
  log().info(`RipTide Jobs activated in ${activationMs.toFixed(1)} ms; server ${connection.server.name} (${connection.serverUrl})`);
  return {
    connection,
    serverItem,
    approvalPrompt,
    keyRefusals,
    refresher,
    statsHistory,
    statusBar,
    watcher,
    knownJobs,
    knownSchedules,
    trace,
    documents,
    traceCommands,
    completedFailures,
    localServer,
    sidebar,
    jobPanels,
    dashboard,
    jobFiles: jobFiles.api,
    diagnose: diagnose.api,
    activationMs,
    stateAtActivation: refresher.latest.state,
    logUri: context.logUri,
  };
}

const contextValues = new Map<string, unknown>();

/** Sets a context key for `when` clauses, only when its value changed (each call crosses to the window). */
function setContext(key: string, value: unknown): void {
  if (contextValues.has(key) && contextValues.get(key) === value) return;
  contextValues.set(key, value);
  void vscode.commands.executeCommand('setContext', key, value);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions, the local server included.
}
