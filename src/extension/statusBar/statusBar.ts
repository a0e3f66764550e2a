// The status-bar item: pending and failed counts from the refresh loop's queue stats.
import * as vscode from 'vscode';
import { errorMessage } from '../../api';
import type { CompletedFailures } from '../../core/jobs/completedFailures';
import type { Refresher, RefreshSnapshot } from '../../core/refresh/refresher';
import { completedFailuresWords } from '../../shared/jobLabels';
import { readSettings } from '../settings';
import { formatClock, formatCount } from '../../shared/format';

export class QueueStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('riptide.queue', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private slow = false;

  constructor(
    private readonly refresher: Refresher,
    private readonly serverUrl: () => string,
    private readonly completedFailures: CompletedFailures,
  ) {
    this.item.name = vscode.l10n.t('RipTide Queue');
    this.item.command = 'riptide.openDashboard';
    this.disposables.push(
      refresher.onDidRefresh(() => this.render()),
      { dispose: completedFailures.onDidChange(() => this.render()) },
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
      tooltip.appendText(vscode.l10n.t('Connecting to {0}…', this.serverUrl()));
    } else if (snapshot.state === 'unauthorized') {
      // The server answered: it is the key that is missing or refused.
      this.item.text = `${spinner}$(key) ${vscode.l10n.t('RipTide: API key refused')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.appendMarkdown(`**${vscode.l10n.t('RipTide needs an API key, or refused the one set')}**\n\n`);
      tooltip.appendText(vscode.l10n.t('Run "RipTide: Set API Key".'));
      tooltip.appendMarkdown('\n\n');
      tooltip.appendText(snapshot.error ? errorMessage(snapshot.error) : '');
    } else if (snapshot.state !== 'online') {
      this.item.text = `${spinner}$(debug-disconnect) ${vscode.l10n.t('RipTide offline')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.appendMarkdown(`**${vscode.l10n.t('RipTide is unreachable')}**\n\n`);
      tooltip.appendText(snapshot.error ? errorMessage(snapshot.error) : vscode.l10n.t('No answer from the server.'));
      if (snapshot.stats) tooltip.appendText(`\n\n${vscode.l10n.t('Last figures (stale): {0}', describe(snapshot.stats))}${this.completedFailuresLine()}`);
    } else if (snapshot.stats) {
      const { pending, failed } = snapshot.stats;
      this.item.text = `${spinner}$(pulse) ${vscode.l10n.t('{0} pending · {1} failed', formatCount(pending), formatCount(failed))}`;
      if (settings.failedThreshold > 0 && failed >= settings.failedThreshold) {
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      }
      tooltip.appendMarkdown(`**${vscode.l10n.t('RipTide queue')}**\n\n`);
      tooltip.appendText(
        vscode.l10n.t('{0}\n\nServer: {1}\nUpdated {2}. Click for the dashboard.', describe(snapshot.stats) + this.completedFailuresLine(), this.serverUrl(), formatClock(snapshot.at)),
      );
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
    this.item.show();
  }

  /** RipTide counts a job whose result failed as completed: said beside its figures once one was seen. */
  private completedFailuresLine(): string {
    const n = this.completedFailures.count;
    return n > 0 ? `\n\n${completedFailuresWords(n)} (the server counts them as completed).` : '';
  }

  /** The tooltip as Markdown source (text escaped); for tests. */
  get tooltipText(): string {
    const t = this.item.tooltip;
    return typeof t === 'string' ? t : (t?.value ?? '');
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
  return vscode.l10n.t(
    '{0} pending, {1} delayed, {2} processing, {3} retrying, {4} completed, {5} failed (dead letter)',
    n(s.pending), n(s.delayed), n(s.processing), n(s.retry), n(s.completed), n(s.failed),
  );
}
