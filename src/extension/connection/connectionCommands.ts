// Commands about where and how to reach RipTide: the server URL setting, the local server, the
// log, refresh. Servers and keys: serverCommands.ts.
import * as vscode from 'vscode';
import { errorMessage } from '../../api';
import type { Connection } from './connection';
import type { LocalServer } from './localServer';
import { log } from '../log';
import { showErrorText, showInfoText, withProgressText } from '../text';
import { SERVER_URL_ID, urlProblem, WORKSPACE_SERVER_URL_ID } from '../../core/servers/serverList';
import { originOf } from '../../core/servers/origin';
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
      const url = value.trim();
      const inWorkspace = target === vscode.ConfigurationTarget.Workspace;
      // Typed by the user: allowed, even where the workspace settings keep it.
      if (inWorkspace) await connection.servers.approve(originOf(url)!, 'connect');
      await config.update('serverUrl', url, target);
      connection.servers.reload();
      // The URL is used from now on; a running local server stays in the Switch Server list.
      await connection.servers.choose(inWorkspace ? WORKSPACE_SERVER_URL_ID : SERVER_URL_ID);
      await connection.update();
    }),

    vscode.commands.registerCommand('riptide.startLocalServer', async () => {
      try {
        const url = await withProgressText(vscode.l10n.t('Starting the local RipTide server…'), {}, () => localServer.start());
        void showInfoText(vscode.l10n.t('Local RipTide server running at {0}.', url));
        return url;
      } catch (err) {
        log().error(`Local server failed to start: ${errorMessage(err)}`);
        void showErrorText(vscode.l10n.t('Could not start the local RipTide server: {0}', errorMessage(err)), vscode.l10n.t('Show Log')).then((c) => {
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

/** Why `value` is not a usable server URL, or undefined (an input box's validateInput). */
export function validateServerUrl(value: string): string | undefined {
  return urlProblem(value.trim());
}
