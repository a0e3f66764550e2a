// The queue dashboard: one panel, a task of the shared refresher while visible (paused while
// hidden); it reads only on the refresher's ticks, so the status bar and the views get the same
// figures. Each tick adds a sample of the cumulative counters for the throughput chart, and only
// that sample goes to the webview (all of them only when it (re)loads).
import * as vscode from 'vscode';
import { errorMessage, type QueueStats, type WorkerMetrics, type WorkerPoolStats, type WorkersClient } from '../../api';
import type { Refresher, RefreshSnapshot } from '../../core/refresh/refresher';
import { addSample, buildDashboardView, sampleOf } from '../../shared/dashboardModel';
import type { DashboardSample, DashboardState, DashboardToHostMessage, DashboardView, HostToDashboardMessage } from '../../shared/messages';
import { RefreshedPanel, webviewOptions } from './webviewHost';

export const DASHBOARD_VIEW_TYPE = 'riptide.dashboard';
const TITLE = 'RipTide Queue';

export interface DashboardDeps {
  extensionUri: vscode.Uri;
  refresher: Refresher;
}

export class DashboardPanel extends RefreshedPanel<HostToDashboardMessage, DashboardToHostMessage> {
  /** Ticks that read the dashboard's figures; tests check it stays put while hidden. */
  reads = 0;
  view: DashboardView | undefined;
  samples: DashboardSample[];

  constructor(panel: vscode.WebviewPanel, state: DashboardState | undefined, deps: DashboardDeps) {
    super('dashboard-panel', panel, deps.refresher, { extensionUri: deps.extensionUri, entry: 'dashboard', title: TITLE });
    this.samples = Array.isArray(state?.samples) ? state.samples.filter(isSample) : [];
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
    this.view = buildDashboardView(queue, workers, metrics);
    const sample = sampleOf(queue, metrics, Date.now());
    this.samples = addSample(this.samples, sample);
    this.poster.post({ type: 'connection', message: null });
    this.poster.post({ type: 'stats', view: this.view, sample });
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

  constructor(private readonly deps: DashboardDeps) {}

  createOrShow(): DashboardPanel {
    if (this.current) {
      this.current.panel.reveal();
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, TITLE, vscode.ViewColumn.Active, webviewOptions(this.deps.extensionUri));
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
