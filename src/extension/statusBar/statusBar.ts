// The status-bar item: pending and failed counts from the refresh loop's queue stats.
import * as vscode from 'vscode';
import { errorMessage } from '../../api';
import type { CompletedFailures } from '../../core/jobs/completedFailures';
import type { Refresher, RefreshSnapshot } from '../../core/refresh/refresher';
import { completedFailuresWords } from '../../common/jobLabels';
import { readSettings } from '../settings';
import { TextTooltip } from '../text';
import { formatClock, formatCount } from '../../common/format';

export class QueueStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('riptide.queue', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private slow = false;
  /** Redraws every second while rate-limited, so "resuming in N s" counts down. */
  private countdown: NodeJS.Timeout | undefined;

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
      this.tickWhileRateLimited(false);
      this.item.hide();
      return;
    }
    const snapshot: RefreshSnapshot = this.refresher.latest;
    const spinner = this.slow ? '$(sync~spin) ' : '';
    // Only the diagnosis command may run from the tooltip; server text in it stays text.
    const tooltip = new TextTooltip(['riptide.diagnoseConnection']);
    this.item.backgroundColor = undefined;
    if (snapshot.state === 'connecting' && !snapshot.stats) {
      this.item.text = `${spinner || '$(pulse) '}RipTide`;
      tooltip.text(vscode.l10n.t('Connecting to {0}…', this.serverUrl()));
    } else if (snapshot.state === 'unauthorized') {
      // The server answered: it is the key that is missing or refused.
      this.item.text = `${spinner}$(key) ${vscode.l10n.t('RipTide: API key refused')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.heading(vscode.l10n.t('RipTide needs an API key, or refused the one set')).paragraph();
      tooltip.text(vscode.l10n.t('Run "RipTide: Set API Key".'));
      tooltip.paragraph();
      tooltip.text(snapshot.error ? errorMessage(snapshot.error) : '');
    } else if (snapshot.state === 'rateLimited') {
      // The server answers, and asked to wait: not "offline".
      const seconds = Math.max(0, Math.ceil(((snapshot.resumesAt?.getTime() ?? 0) - Date.now()) / 1000));
      this.item.text = seconds > 0 ? `${spinner}$(watch) ${vscode.l10n.t('RipTide rate-limited, resuming in {0} s', seconds)}` : `${spinner}$(watch) ${vscode.l10n.t('RipTide rate-limited, resuming')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.heading(vscode.l10n.t('RipTide asked to wait')).paragraph();
      tooltip.text(vscode.l10n.t('All polling pauses until the wait has passed, then resumes by itself. Run "RipTide: Diagnose Connection" to see the headroom.'));
      if (snapshot.error) tooltip.paragraph().text(snapshot.error.message);
      if (snapshot.stats) tooltip.paragraph().text(vscode.l10n.t('Last figures: {0}', describe(snapshot.stats)));
      tooltip.paragraph().commandLink(vscode.l10n.t('Diagnose Connection'), 'riptide.diagnoseConnection');
    } else if (snapshot.state !== 'online') {
      this.item.text = `${spinner}$(debug-disconnect) ${vscode.l10n.t('RipTide offline')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      tooltip.heading(vscode.l10n.t('RipTide is unreachable')).paragraph();
      tooltip.text(snapshot.error ? errorMessage(snapshot.error) : vscode.l10n.t('No answer from the server.'));
      if (snapshot.stats) tooltip.paragraph().text(`${vscode.l10n.t('Last figures (stale): {0}', describe(snapshot.stats))}${this.completedFailuresLine()}`);
      tooltip.paragraph().commandLink(vscode.l10n.t('Diagnose Connection'), 'riptide.diagnoseConnection');
    } else if (snapshot.stats) {
      const { pending, failed } = snapshot.stats;
      this.item.text = `${spinner}$(pulse) ${vscode.l10n.t('{0} pending · {1} failed', formatCount(pending), formatCount(failed))}`;
      if (settings.failedThreshold > 0 && failed >= settings.failedThreshold) {
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      }
      tooltip.heading(vscode.l10n.t('RipTide queue')).paragraph();
      tooltip.text(
        vscode.l10n.t('{0}\n\nServer: {1}\nUpdated {2}. Click for the dashboard.', describe(snapshot.stats) + this.completedFailuresLine(), this.serverUrl(), formatClock(snapshot.at)),
      );
    }
    this.tickWhileRateLimited(snapshot.state === 'rateLimited');
    this.item.tooltip = tooltip.markdown;
    this.item.accessibilityInformation = { label: this.item.text.replace(/\$\([^)]*\)\s*/g, '') };
    this.item.show();
  }

  /** RipTide counts a job whose result failed as completed: said beside its figures once one was seen. */
  private completedFailuresLine(): string {
    const n = this.completedFailures.count;
    return n > 0 ? `\n\n${vscode.l10n.t('{0} (the server counts them as completed).', completedFailuresWords(n))}` : '';
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

  private tickWhileRateLimited(on: boolean): void {
    if (on && !this.countdown) this.countdown = setInterval(() => this.render(), 1000);
    if (!on && this.countdown) {
      clearInterval(this.countdown);
      this.countdown = undefined;
    }
  }

  dispose(): void {
    this.tickWhileRateLimited(false);
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
