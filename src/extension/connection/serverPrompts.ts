// What the user is asked and told about servers and keys: whether to contact a server that the
// workspace settings name, and whether a server refused its key. Each is said once per cause,
// in a notification, with the action that fixes it.
import * as vscode from 'vscode';
import type { Refresher, RefreshSnapshot } from '../../core/refresh/refresher';
import type { ProbeOutcome } from '../../core/servers/probe';
import type { Approval, ServerEntry } from '../../core/servers/serverList';
import { log } from '../log';
import { showInfoText, showWarningText } from '../text';
import type { Connection } from './connection';
import type { ServerRegistry } from './servers';

export interface ApprovalAsked {
  origin: string;
  settingsFile: string | undefined;
  message: string;
}

/** Asks about a workspace-named server when it becomes the active one, once per origin and window. */
export class ApprovalPrompt implements vscode.Disposable {
  private readonly askedOrigins = new Set<string>();
  /** Every question asked, for tests. */
  readonly asked: ApprovalAsked[] = [];
  private readonly disposable: vscode.Disposable;

  constructor(private readonly connection: Connection) {
    this.disposable = connection.onDidChange(() => this.askIfNeeded());
  }

  /** Called after the connection first loaded, and on every change. */
  askIfNeeded(): void {
    const { server, access } = this.connection;
    if (access.contact || access.reason !== 'needsApproval' || this.askedOrigins.has(server.origin)) return;
    void this.ask(server);
  }

  /** Asks now (the user picked the server, or ran "Review Workspace Server"). */
  async ask(server: ServerEntry): Promise<Approval | undefined> {
    this.askedOrigins.add(server.origin);
    const connect = vscode.l10n.t('Connect');
    const withoutKey = vscode.l10n.t('Connect Without Key');
    const ignore = vscode.l10n.t('Ignore');
    const message = vscode.l10n.t(
      'The workspace settings ({0}) point RipTide at {1}, a server you have not used from here. Nothing has been sent to it. Connect to it?',
      server.settingsFile ?? vscode.l10n.t('the workspace settings'),
      server.origin,
    );
    this.asked.push({ origin: server.origin, settingsFile: server.settingsFile, message });
    const choice = await showWarningText(message, connect, withoutKey, ignore);
    const approval: Approval | undefined = choice === connect ? 'connect' : choice === withoutKey ? 'connectWithoutKey' : choice === ignore ? 'ignore' : undefined;
    if (!approval) return undefined; // dismissed: asked again with "Review Workspace Server"
    await this.connection.servers.approve(server.origin, approval);
    log().info(`${server.origin} (from ${server.settingsFile}): ${approval === 'connect' ? 'allowed' : approval === 'connectWithoutKey' ? 'allowed without a key' : 'ignored'}, as the user chose.`);
    return approval;
  }

  dispose(): void {
    this.disposable.dispose();
  }
}

/**
 * Says it when the server refuses the key it was sent (or wants one): in the log, without the
 * key, and in a notification with "Set API Key", once until the server or its key changes.
 */
export class KeyRefusalNotice implements vscode.Disposable {
  private told: string | undefined;
  /** Every notice given, for tests. */
  readonly notices: string[] = [];
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly connection: Connection, refresher: Refresher) {
    this.disposables = [
      refresher.onDidRefresh((s) => this.refreshed(s)),
      connection.onDidChange(() => (this.told = undefined)),
    ];
  }

  private refreshed(snapshot: RefreshSnapshot): void {
    if (snapshot.state === 'online') this.told = undefined;
    if (snapshot.state !== 'unauthorized') return;
    const { origin } = this.connection.server;
    const cause = `${origin}|${this.connection.hasApiKey}`;
    if (this.told === cause) return;
    this.told = cause;
    const message = this.connection.hasApiKey
      ? vscode.l10n.t('RipTide at {0} refused the API key stored for it.', origin)
      : vscode.l10n.t('RipTide at {0} needs an API key.', origin);
    log().warn(`${message} ${snapshot.error?.message ?? ''}`.trim());
    this.notices.push(message);
    const setKey = vscode.l10n.t('Set API Key');
    const showLog = vscode.l10n.t('Show Log');
    void showWarningText(message, setKey, showLog).then((choice) => {
      if (choice === setKey) void vscode.commands.executeCommand('riptide.setApiKey');
      else if (choice === showLog) log().show();
    });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

/** Tells the user that the key they just set works (or not), by one read with it. */
export async function reportKeyTest(origin: string, outcome: ProbeOutcome): Promise<void> {
  if (outcome.kind === 'ok') {
    log().info(`RipTide at ${origin} accepted the API key.`);
    void showInfoText(vscode.l10n.t('RipTide at {0} accepted the API key.', origin));
    return;
  }
  const message =
    outcome.kind === 'refused'
      ? vscode.l10n.t('RipTide at {0} refused the API key (HTTP {1}). It is stored; set another with "RipTide: Set API Key".', origin, outcome.status)
      : vscode.l10n.t('The API key for {0} is stored, but it could not be tested: {1}', origin, outcome.reason);
  log().warn(message);
  const showLog = vscode.l10n.t('Show Log');
  // Not awaited: Set API Key is done once the outcome is said, whether or not this is answered.
  void showWarningText(message, showLog).then((choice) => choice === showLog && log().show());
}

/** Server entries in the settings that could not be used: logged, and said once in a notification. */
export class SettingsProblems implements vscode.Disposable {
  private readonly said = new Set<string>();
  private readonly disposable: vscode.Disposable;

  constructor(private readonly servers: ServerRegistry) {
    this.disposable = servers.onDidChange(() => this.report());
    this.report();
  }

  private report(): void {
    const fresh = this.servers.problems.filter((p) => !this.said.has(p));
    if (fresh.length === 0) return;
    fresh.forEach((p) => {
      this.said.add(p);
      log().warn(`Server setting skipped: ${p}`);
    });
    const open = vscode.l10n.t('Open Settings');
    const message =
      fresh.length === 1
        ? vscode.l10n.t('RipTide skipped a server setting: {0}', fresh[0])
        : vscode.l10n.t('RipTide skipped {0} server settings; the first: {1}. The log lists them all.', fresh.length, fresh[0]);
    void showWarningText(message, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'riptide.servers');
    });
  }

  dispose(): void {
    this.disposable.dispose();
  }
}
