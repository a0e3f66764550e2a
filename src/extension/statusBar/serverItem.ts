// The status-bar item that names the server in use (its URL in the tooltip); clicking it opens
// the switch quick pick. Next to the queue figures, which belong to this server.
import * as vscode from 'vscode';
import type { Connection } from '../connection/connection';
import { readSettings } from '../settings';
import { labelText, TextTooltip } from '../text';

export class ServerStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('riptide.server', vscode.StatusBarAlignment.Left, 51);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly connection: Connection) {
    this.item.name = vscode.l10n.t('RipTide Server');
    this.item.command = 'riptide.switchServer';
    this.disposables.push(connection.onDidChange(() => this.render()));
    this.render();
  }

  render(): void {
    if (!readSettings().statusBarEnabled) {
      this.item.hide();
      return;
    }
    const { server, access } = this.connection;
    const waiting = !access.contact;
    this.item.text = `$(${waiting ? 'shield' : 'server'}) ${labelText(server.name)}`;
    this.item.backgroundColor = waiting ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new TextTooltip().heading(vscode.l10n.t('RipTide server')).paragraph().text(server.url);
    if (server.settingsFile) tooltip.paragraph().text(vscode.l10n.t('From {0}', server.settingsFile));
    if (waiting) tooltip.paragraph().text(vscode.l10n.t('Not contacted: you have not allowed this server yet.'));
    else if (!this.connection.hasApiKey) tooltip.paragraph().text(vscode.l10n.t('No API key is sent to it.'));
    tooltip.paragraph().text(vscode.l10n.t('Click to switch servers.'));
    this.item.tooltip = tooltip.markdown;
    this.item.accessibilityInformation = { label: vscode.l10n.t('RipTide server {0}, {1}', server.name, server.url) };
    this.item.show();
  }

  /** The text shown; for tests. */
  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.item.dispose();
  }
}
