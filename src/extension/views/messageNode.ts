// Nodes that are not data: an error with its reason and a retry action, "Set API Key" after a
// 401, an empty state. Shared by the three views.
import * as vscode from 'vscode';
import { errorMessage } from '../../api';
import { labelText } from '../text';
import type { ViewStatus } from '../../core/views/viewStatus';

export class MessageNode {
  readonly kind = 'message' as const;
  constructor(
    readonly id: string,
    readonly label: string,
    readonly options: { detail?: string; icon?: vscode.ThemeIcon; command?: vscode.Command; tooltip?: string } = {},
  ) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.options.detail === undefined ? undefined : labelText(this.options.detail);
    item.iconPath = this.options.icon;
    item.command = this.options.command;
    item.tooltip = this.options.tooltip ?? (this.options.detail ? vscode.l10n.t('{0}: {1}', this.label, this.options.detail) : undefined);
    item.contextValue = 'message';
    return item;
  }
}

/** The node for a failed request: "Set API Key" for a 401, else the reason with a retry. */
export function errorNode(scope: string, error: Error): MessageNode {
  if ((error as { status?: number }).status === 401) {
    return new MessageNode(`${scope}:auth`, vscode.l10n.t('RipTide needs an API key: click to set one'), {
      detail: errorMessage(error),
      icon: new vscode.ThemeIcon('key', new vscode.ThemeColor('list.warningForeground')),
      command: { command: 'riptide.setApiKey', title: vscode.l10n.t('Set API Key') },
    });
  }
  return new MessageNode(`${scope}:error`, vscode.l10n.t('Could not refresh: click to retry'), {
    detail: errorMessage(error),
    icon: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
    command: { command: 'riptide.refresh', title: vscode.l10n.t('Retry') },
  });
}

/** Runs "RipTide: Diagnose Connection". */
const diagnoseCommand = (): vscode.Command => ({ command: 'riptide.diagnoseConnection', title: vscode.l10n.t('Diagnose Connection') });

/** The one line a Jobs group shows when the server refuses job reads (RipTide's 405 on GET /workers/jobs). */
export function jobReadsRefusedNode(scope: string, error: Error): MessageNode {
  return new MessageNode(`${scope}:refused`, vscode.l10n.t('Jobs cannot be listed on this server: click to diagnose'), {
    detail: vscode.l10n.t('HTTP 405 on GET /workers/jobs'),
    icon: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground')),
    command: diagnoseCommand(),
    tooltip: error.message,
  });
}

/** What goes above a view's data for its status: nothing when fresh, an error node otherwise. */
export function statusNodes(scope: string, status: ViewStatus): MessageNode[] {
  if (!status.error) return [];
  const diagnose = new MessageNode(`${scope}:diagnose`, vscode.l10n.t('Diagnose Connection…'), { icon: new vscode.ThemeIcon('pulse'), command: diagnoseCommand() });
  return [errorNode(scope, status.error), diagnose];
}

/** "(stale)" while the view shows old data. */
export function staleSuffix(status: ViewStatus): string | undefined {
  return status.phase === 'stale' ? vscode.l10n.t('(stale)') : undefined;
}

export function joinDescription(...parts: Array<string | undefined>): string | undefined {
  const text = parts.filter(Boolean).join(' ');
  return text || undefined;
}
