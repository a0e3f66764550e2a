// The status-bar item: pending and failed counts from the refresh loop's queue stats.
import * as vscode from 'vscode';
import { errorMessage } from '../../api';
import type { Refresher, RefreshSnapshot } from '../../core/refresh/refresher';
import { readSettings } from '../settings';
import { formatClock, formatCount } from '../../shared/format';

export class QueueStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('riptide.queue', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private slow = false;

  constructor(private readonly refresher: Refresher, private readonly serverUrl: () => string) {
    this.item.name = 'RipTide Queue';
    this.item.command = 'riptide.openDashboard';
    this.disposables.push(
      refresher.onDidRefresh(() => this.render()),
      refresher.onDidChangeSlow((slow) => {
        this.slow = slow;
        this.render();
      }),
    );
    this.render();
  }

  /** Re-reads the settings (visibility, threshold) and redraws. */
  render(): void {
    const settings = readSettings();
    if (!settings.statusBarEnabled) {
      this.item.hide();
      return;
    }
    const snapshot: RefreshSnapshot = this.refresher.latest;
    const spinner = this.slow ? '$(sync~spin) ' : '';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = false;
    this.item.backgroundColor = undefined;
    if (snapshot.state === 'connecting' && !snapshot.stats) {
      this.item.text = `${spinner || '$(pulse) '}RipTide`;
      tooltip.appendText(`Connecting to ${this.serverUrl()}…`);
    } else if (snapshot.state === 'unauthorized') {
      // The server answered: it is the key that is missing or refused.
      this.item.text = `${spinner}$(key) RipTide: API key refused`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.appendMarkdown('**RipTide needs an API key, or refused the one set**\n\nRun "RipTide: Set API Key".\n\n');
      tooltip.appendText(snapshot.error ? errorMessage(snapshot.error) : '');
    } else if (snapshot.state !== 'online') {
      this.item.text = `${spinner}$(debug-disconnect) RipTide offline`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.appendMarkdown('**RipTide is unreachable**\n\n');
      tooltip.appendText(snapshot.error ? errorMessage(snapshot.error) : 'No answer from the server.');
      if (snapshot.stats) tooltip.appendText(`\n\nLast figures (stale): ${describe(snapshot.stats)}`);
    } else if (snapshot.stats) {
      const { pending, failed } = snapshot.stats;
      this.item.text = `${spinner}$(pulse) ${formatCount(pending)} pending · ${formatCount(failed)} failed`;
      if (settings.failedThreshold > 0 && failed >= settings.failedThreshold) {
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      }
      tooltip.appendMarkdown('**RipTide queue**\n\n');
      tooltip.appendText(`${describe(snapshot.stats)}\n\nServer: ${this.serverUrl()}\nUpdated ${formatClock(snapshot.at)}. Click for the dashboard.`);
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
    this.item.show();
  }

  /** The text shown, without icons; for tests. */
  get text(): string {
    return this.item.text;
  }

  get visible(): boolean {
    return readSettings().statusBarEnabled;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.item.dispose();
  }
}

function describe(s: { pending: number; delayed: number; processing: number; retry: number; completed: number; failed: number }): string {
  const n = formatCount;
  return `${n(s.pending)} pending, ${n(s.delayed)} delayed, ${n(s.processing)} processing, ${n(s.retry)} retrying, ${n(s.completed)} completed, ${n(s.failed)} failed (dead letter)`;
}
