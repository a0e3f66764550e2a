// Commands about where and how to reach RipTide: server URL, API key, the local server, the log.
import * as vscode from 'vscode';
import { errorMessage } from '../../api';
import type { Connection } from './connection';
import type { LocalServer } from './localServer';
import { log } from '../log';
import type { Refresher } from '../../core/refresh/refresher';

export function registerConnectionCommands(
  connection: Connection,
  localServer: LocalServer,
  refresher: Refresher,
  /** Called before a user-asked refresh, so views fetch again whatever the counts say. */
  onUserRefresh: () => void = () => {},
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('riptide.setServerUrl', async () => {
      const config = vscode.workspace.getConfiguration('riptide');
      const value = await vscode.window.showInputBox({
        title: vscode.l10n.t('RipTide: Set Server URL'),
        prompt: vscode.l10n.t('Base URL of the RipTide server (may include a path prefix, e.g. https://riptide.example.com/api)'),
        value: config.get<string>('serverUrl'),
        ignoreFocusOut: true,
        validateInput: validateServerUrl,
      });
      if (value === undefined) return;
      // Write where the setting is defined now, so a workspace value is not silently shadowing.
      const inspected = config.inspect<string>('serverUrl');
      const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
      await config.update('serverUrl', value.trim(), target);
      if (localServer.running) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The local server is still running and stays in use until you stop it.'));
      }
    }),

    vscode.commands.registerCommand('riptide.setApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: vscode.l10n.t('RipTide: Set API Key'),
        prompt: vscode.l10n.t("The key is kept in the editor's secret storage and sent as X-API-Key."),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a key, or run "RipTide: Clear API Key" to remove it.')),
      });
      if (key === undefined) return;
      await connection.setApiKey(key.trim());
      void vscode.window.showInformationMessage(vscode.l10n.t('RipTide API key saved.'));
    }),

    vscode.commands.registerCommand('riptide.clearApiKey', async () => {
      await connection.setApiKey(undefined);
      void vscode.window.showInformationMessage(vscode.l10n.t('RipTide API key cleared.'));
    }),

    vscode.commands.registerCommand('riptide.startLocalServer', async () => {
      try {
        const url = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the local RipTide server…') },
          () => localServer.start(),
        );
        void vscode.window.showInformationMessage(vscode.l10n.t('Local RipTide server running at {0}.', url));
        return url;
      } catch (err) {
        log().error(`Local server failed to start: ${errorMessage(err)}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not start the local RipTide server: {0}', errorMessage(err)), vscode.l10n.t('Show Log')).then((c) => {
          if (c) log().show();
        });
        return undefined;
      }
    }),

    vscode.commands.registerCommand('riptide.stopLocalServer', async () => {
      await localServer.stop();
    }),

    vscode.commands.registerCommand('riptide.showLog', () => log().show()),

    vscode.commands.registerCommand('riptide.refresh', () => {
      onUserRefresh();
      return refresher.refreshNow();
    }),
  ];
}

export function validateServerUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return vscode.l10n.t('Enter a full URL, e.g. http://localhost:8080');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return vscode.l10n.t('The URL must start with http:// or https://');
  if (url.username || url.password) return vscode.l10n.t('Do not put credentials in the URL: use "RipTide: Set API Key".');
  return undefined;
}
