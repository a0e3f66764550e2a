// Commands about which server is used and with which key: Switch Server, Add Server…, Set and
// Clear API Key (for the server in use only), Review Workspace Server and Manage Server Approvals.
import * as vscode from 'vscode';
import { keyTravelsInClearText, originOf } from '../../core/servers/origin';
import { probeServer, type ProbeOutcome } from '../../core/servers/probe';
import { urlProblem, type ServerEntry } from '../../core/servers/serverList';
import { log } from '../log';
import { askModal, labelText, showInfoText, showWarningText, withProgressText } from '../text';
import type { Connection } from './connection';
import type { LocalServer } from './localServer';
import { reportKeyTest, type ApprovalPrompt } from './serverPrompts';

const CLEAR_TEXT_WARNED_STATE = 'riptide.clearTextWarned';
const MAX_NAME_LENGTH = 60;

export interface ServerCommandsDeps {
  connection: Connection;
  localServer: LocalServer;
  approvalPrompt: ApprovalPrompt;
  globalState: vscode.Memento;
}

export function registerServerCommands(deps: ServerCommandsDeps): vscode.Disposable[] {
  const { connection, approvalPrompt } = deps;
  return [
    vscode.commands.registerCommand('riptide.switchServer', () => switchServer(deps)),
    vscode.commands.registerCommand('riptide.addServer', () => addServer(deps)),
    vscode.commands.registerCommand('riptide.setApiKey', () => setApiKey(deps)),
    vscode.commands.registerCommand('riptide.clearApiKey', async () => {
      const { origin } = connection.server;
      await connection.setApiKey(undefined);
      void showInfoText(vscode.l10n.t('The API key for {0} was cleared.', origin));
    }),
    vscode.commands.registerCommand('riptide.reviewWorkspaceServer', async () => {
      const { server } = connection;
      if (server.source !== 'workspace') {
        void showInfoText(vscode.l10n.t('The server in use ({0}) comes from your own settings: there is nothing to review.', server.origin));
        return;
      }
      void approvalPrompt.ask(server); // a notification: the command is done once it shows
    }),
    vscode.commands.registerCommand('riptide.manageServerApprovals', () => manageApprovals(deps)),
  ];
}

type ServerPick = vscode.QuickPickItem & { run: () => unknown };

async function switchServer(deps: ServerCommandsDeps): Promise<void> {
  const { connection, localServer, approvalPrompt } = deps;
  const active = connection.server.id;
  const items: ServerPick[] = connection.servers.servers.map((server) => ({
    label: `${server.id === active ? '$(check)' : '$(blank)'} ${labelText(server.name)}`,
    description: labelText(server.url),
    detail: labelText(describeSource(server, connection)),
    run: async () => {
      await connection.servers.choose(server.id);
      await connection.update();
      if (!connection.access.contact) void approvalPrompt.ask(connection.server); // asked in a notification, answered whenever
    },
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, run: () => undefined });
  items.push({ label: `$(add) ${vscode.l10n.t('Add Server…')}`, run: () => vscode.commands.executeCommand('riptide.addServer') });
  if (!localServer.running) {
    items.push({ label: `$(play) ${vscode.l10n.t('Start Local Server')}`, run: () => vscode.commands.executeCommand('riptide.startLocalServer') });
  }
  items.push({ label: `$(shield) ${vscode.l10n.t('Manage Server Approvals…')}`, run: () => vscode.commands.executeCommand('riptide.manageServerApprovals') });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('RipTide: Switch Server'),
    placeHolder: vscode.l10n.t('In use: {0} ({1})', labelText(connection.server.name), labelText(connection.server.url)),
    matchOnDescription: true,
  });
  await picked?.run();
}

function describeSource(server: ServerEntry, connection: Connection): string {
  const access = connection.servers.accessOf(server);
  switch (server.source) {
    case 'local':
      return vscode.l10n.t('The local server on this machine (runs until you stop it)');
    case 'default':
      return vscode.l10n.t('The default server URL (riptide.serverUrl is not set)');
    case 'workspace': {
      const from = vscode.l10n.t('From {0}', server.settingsFile ?? '');
      if (!access.contact) return `${from}: ${vscode.l10n.t('not contacted until you allow it')}`;
      return access.sendKey ? from : `${from}: ${vscode.l10n.t('allowed without a key')}`;
    }
    default:
      return server.unnamed ? vscode.l10n.t('The riptide.serverUrl setting') : vscode.l10n.t('Your settings (riptide.servers)');
  }
}

async function addServer(deps: ServerCommandsDeps): Promise<void> {
  const { connection } = deps;
  const config = vscode.workspace.getConfiguration('riptide');
  const existing = config.inspect<unknown[]>('servers')?.globalValue;
  const list = Array.isArray(existing) ? existing : [];
  const taken = new Set(list.map((s) => String((s as { name?: unknown })?.name ?? '').trim().toLowerCase()));
  const title = vscode.l10n.t('RipTide: Add Server');
  const name = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('A short name for the status bar, e.g. Staging'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (!v.trim()) return vscode.l10n.t('Enter a name.');
      if (v.trim().length > MAX_NAME_LENGTH) return vscode.l10n.t('At most {0} characters.', MAX_NAME_LENGTH);
      if (taken.has(v.trim().toLowerCase())) return vscode.l10n.t('A server is already named so.');
      return undefined;
    },
  });
  if (name === undefined) return;
  let url: string | undefined = '';
  let key: string | undefined;
  for (;;) {
    url = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Base URL of the RipTide server (may include a path prefix, e.g. https://riptide.example.com/api)'),
      value: url,
      ignoreFocusOut: true,
      validateInput: (v) => urlProblem(v.trim()),
    });
    if (url === undefined) return;
    url = url.trim();
    const origin = originOf(url)!;
    let outcome = await probeWithProgress(url, undefined);
    if (outcome.kind === 'refused') {
      key = await askKey(deps, origin, vscode.l10n.t('{0} wants an API key (it answered HTTP {1}).', origin, outcome.status));
      if (key === undefined) return;
      outcome = await probeWithProgress(url, key);
    }
    if (outcome.kind === 'ok') break;
    const again = vscode.l10n.t('Edit URL');
    const anyway = vscode.l10n.t('Save Anyway');
    const problem =
      outcome.kind === 'refused'
        ? vscode.l10n.t('{0} refused the API key (HTTP {1}).', origin, outcome.status)
        : vscode.l10n.t('{0} could not be reached: {1}', url, outcome.reason);
    // Modal: the answer decides what Add Server does next, so it must not wait unseen in the notification centre.
    const choice = await askModal(problem, vscode.l10n.t('Edit the URL and test again, or save the server as it is.'), again, anyway);
    if (choice === anyway) break;
    if (choice !== again) return;
  }
  await config.update('servers', [...list, { name: name.trim(), url }], vscode.ConfigurationTarget.Global);
  const origin = originOf(url)!;
  if (key) await connection.keys.set(origin, key);
  connection.servers.reload();
  await connection.servers.choose(`user:${name.trim()}`);
  await connection.update();
  log().info(`Added server ${name.trim()} (${url})${key ? ', with an API key' : ''}.`);
  void showInfoText(vscode.l10n.t('Added {0} ({1}) and switched to it.', name.trim(), url));
}

function probeWithProgress(url: string, key: string | undefined): Thenable<ProbeOutcome> {
  return withProgressText(vscode.l10n.t('Testing the connection to {0}…', url), {}, () => probeServer(url, key));
}

/** Asks for a key for `origin`, after the one-time clear-text warning for plain http to another machine. */
async function askKey(deps: ServerCommandsDeps, origin: string, prompt: string): Promise<string | undefined> {
  if (keyTravelsInClearText(origin)) {
    const warned = deps.globalState.get<string[]>(CLEAR_TEXT_WARNED_STATE, []);
    if (!warned.includes(origin)) {
      const go = vscode.l10n.t('Use a Key Anyway');
      const choice = await askModal(
        vscode.l10n.t('An API key for {0} would travel in clear text.', origin),
        vscode.l10n.t('The server URL is plain http:// to another machine: anyone on the way can read the key. Use https:// if the server offers it. You are warned once for this server.'),
        go,
      );
      if (choice !== go) return undefined;
      await deps.globalState.update(CLEAR_TEXT_WARNED_STATE, [...warned, origin]);
    }
  }
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('API key for {0}', origin),
    prompt: `${prompt} ${vscode.l10n.t('It is kept in the editor\'s secret storage and sent only to {0}.', origin)}`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a key, or press Escape.')),
  });
  return key?.trim() || undefined;
}

async function setApiKey(deps: ServerCommandsDeps): Promise<void> {
  const { connection } = deps;
  const server = connection.server;
  if (!server.origin) {
    void showWarningText(vscode.l10n.t('The server URL in use is not usable ({0}): set a server first.', server.url));
    return;
  }
  const key = await askKey(deps, server.origin, vscode.l10n.t('The API key of {0} ({1}).', labelText(server.name), server.origin));
  if (key === undefined) return;
  // Setting a key for a workspace's server is the user's own choice to send it there.
  if (server.source === 'workspace' && !(connection.access.contact && connection.access.sendKey)) await connection.servers.approve(server.origin, 'connect');
  await connection.setApiKey(key);
  await reportKeyTest(server.origin, await probeWithProgress(server.url, key));
}

async function manageApprovals(deps: ServerCommandsDeps): Promise<void> {
  const registry = deps.connection.servers;
  const approvals = [...registry.approvals()];
  if (approvals.length === 0) {
    void showInfoText(vscode.l10n.t('You have not allowed or ignored any server from workspace settings.'));
    return;
  }
  const words = { connect: vscode.l10n.t('allowed'), connectWithoutKey: vscode.l10n.t('allowed without a key'), ignore: vscode.l10n.t('ignored') };
  const picked = await vscode.window.showQuickPick(
    approvals.map(([origin, approval]) => ({ label: labelText(origin), description: words[approval], origin })),
    { title: vscode.l10n.t('RipTide: Forget these choices (the workspace\'s server is asked about again)'), canPickMany: true },
  );
  if (!picked?.length) return;
  await registry.forget(picked.map((p) => p.origin));
  await deps.connection.update();
  void showInfoText(vscode.l10n.t('Forgot your choice for {0}.', picked.map((p) => p.origin).join(', ')));
}
