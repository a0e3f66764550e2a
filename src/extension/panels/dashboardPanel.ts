// The queue dashboard: one panel, a task of the shared refresher while visible (paused while
// hidden); it reads only on the refresher's ticks, so the status bar and the views get the same
// figures. Its charts come from the stats history the refresher's ticks feed (the last hour,
// also from before the panel opened): each tick's new sample goes to the webview, all of them
// only when it (re)loads.
import * as vscode from 'vscode';
import { errorMessage, type QueueStats, type WorkerMetrics, type WorkerPoolStats, type WorkersClient } from '../../api';
import type { CompletedFailures } from '../../core/jobs/completedFailures';
import type { Refresher, RefreshSnapshot } from '../../core/refresh/refresher';
import { addSample, buildDashboardView, mergeSamples } from '../../common/dashboardModel';
import type { StatsHistory } from '../../core/refresh/statsHistory';
import type { DashboardSample, DashboardState, DashboardToHostMessage, DashboardView, HostToDashboardMessage } from '../../common/messages';
import { RefreshedPanel, webviewOptions } from './webviewHost';
import { plainLine } from '../../core/serverText';

export const DASHBOARD_VIEW_TYPE = 'riptide.dashboard';
const title = () => vscode.l10n.t('RipTide Queue');

export interface DashboardDeps {
  extensionUri: vscode.Uri;
  refresher: Refresher;
  history: StatsHistory;
  completedFailures: CompletedFailures;
}

export class DashboardPanel extends RefreshedPanel<HostToDashboardMessage, DashboardToHostMessage> {
  /** Ticks that read the dashboard's figures; tests check it stays put while hidden. */
  reads = 0;
  view: DashboardView | undefined;
  samples: DashboardSample[];

  constructor(panel: vscode.WebviewPanel, state: DashboardState | undefined, private readonly deps: DashboardDeps) {
    super('dashboard-panel', panel, deps.refresher, { extensionUri: deps.extensionUri, entry: 'dashboard', title: title() });
    const restored = Array.isArray(state?.samples) ? state.samples.filter(isSample) : [];
    // The readings of the last hour, also from before it opened; older ones a reload kept.
    this.samples = mergeSamples(restored, deps.history.samples());
    void this.refresh();
  }

  protected onRefreshed(s: RefreshSnapshot): void {
    if (s.state !== 'online' && s.error) this.poster.post({ type: 'connection', message: errorMessage(s.error) });
  }

  isActive(): boolean {
    return !this.closed && (this.readWanted || this.panel.visible);
  }

  async run(client: WorkersClient, queue: QueueStats, tickSignal: AbortSignal): Promise<void> {
    this.readWanted = false;
    const signal = AbortSignal.any([tickSignal, this.abort.signal]);
    this.reads++;
    const workers = await client.getWorkerStats({ signal }).catch(asError<WorkerPoolStats>);
    const metrics = await client.getMetrics({ signal }).catch(asError<WorkerMetrics>);
    if (signal.aborted) return;
    this.view = buildDashboardView(queue, workers, metrics, this.deps.completedFailures.count);
    // The tick recorded its stats before the tasks ran: that reading is this one's sample.
    const latest = this.deps.history.latest;
    const last = this.samples[this.samples.length - 1];
    const sample = latest && (!last || latest.t > last.t) ? latest : null;
    if (sample) this.samples = addSample(this.samples, sample);
    this.poster.post({ type: 'connection', message: null });
    this.poster.post({ type: 'stats', view: this.view, sample });
  }

  /** Another server is in use: its figures start afresh (no chart mixing two servers). */
  serverChanged(serverName: string): void {
    this.view = undefined;
    this.samples = [];
    this.readWanted = true;
    this.panel.title = vscode.l10n.t('RipTide Queue: {0}', plainLine(serverName));
    this.poster.post({ type: 'history', view: null, samples: [] });
  }

  async handleMessage(message: DashboardToHostMessage): Promise<void> {
    if (message.type === 'refresh') {
      await this.refresh();
      return;
    }
    // The webview (re)loaded: its state may hold older samples than the host's.
    this.poster.post({ type: 'history', view: this.view ?? null, samples: this.samples });
  }

}

/** The one dashboard: opened or revealed by riptide.openDashboard, restored by its serializer. */
export class Dashboard implements vscode.Disposable, vscode.WebviewPanelSerializer<DashboardState> {
  current: DashboardPanel | undefined;
  private readonly opened = new vscode.EventEmitter<DashboardPanel>();
  /** Fires when the dashboard opens (or comes back after a reload). */
  readonly onDidOpen = this.opened.event;

  constructor(private readonly deps: DashboardDeps) {}

  /** `beside`: in the editor group beside the active one; `preserveFocus`: the focus stays where it is. */
  createOrShow(options: { beside?: boolean; preserveFocus?: boolean } = {}): DashboardPanel {
    const column = options.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    if (this.current) {
      this.current.panel.reveal(options.beside ? column : undefined, options.preserveFocus);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      title(),
      { viewColumn: column, preserveFocus: options.preserveFocus },
      webviewOptions(this.deps.extensionUri),
    );
    return this.adopt(panel, undefined);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: DashboardState | undefined): Promise<void> {
    if (this.current) {
      panel.dispose();
      return;
    }
    this.adopt(panel, state);
  }

  private adopt(panel: vscode.WebviewPanel, state: DashboardState | undefined): DashboardPanel {
    const dashboard = new DashboardPanel(panel, state, this.deps);
    this.current = dashboard;
    dashboard.onDidDispose(() => {
      if (this.current === dashboard) this.current = undefined;
    });
    this.opened.fire(dashboard);
    return dashboard;
  }

  dispose(): void {
    this.current?.dispose();
  }
}

function asError<T>(err: unknown): T | Error {
  return err instanceof Error ? err : new Error(String(err));
}

function isSample(s: unknown): s is DashboardSample {
  const v = s as DashboardSample;
  return typeof v === 'object' && v !== null && typeof v.t === 'number' && typeof v.completed === 'number' && typeof v.failed === 'number';
}
