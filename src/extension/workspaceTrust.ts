// Restricted Mode (an untrusted workspace): job files are checked but never submitted, since a
// file in a cloned folder could send anything to the user's server; the workspace's server
// settings are ignored (see connection/servers.ts). Each submit path asks here first.
import * as vscode from 'vscode';
import { showWarningText } from './text';

/** Says why and returns true when the workspace is not trusted, so the caller sends nothing. */
export function refusedInRestrictedMode(what: string): boolean {
  if (vscode.workspace.isTrusted) return false;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void showWarningText(restrictedModeMessage(what), manage).then((choice) => {
    if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return true;
}

export function restrictedModeMessage(what: string): string {
  return vscode.l10n.t(
    'Restricted Mode: {0} was checked but not sent. RipTide submits nothing from a workspace you have not trusted, since its files could send anything to your server. Trust the workspace to submit.',
    what,
  );
}
