// The Workers view: pool state, health, totals and timings, read through its RefreshTask only
// while the view is visible and only when the queue stats moved (or every 30 s for uptime).
import * as vscode from 'vscode';
import { ApiError, CancelledError, type QueueStats, type WorkerMetrics, type WorkerPoolStats, type WorkersClient } from '../api';
import type { Connection } from '../connection';
import type { Refresher, RefreshSnapshot, RefreshTask } from '../refresh/refresher';
import { themeIcon } from './jobsView';
import { joinDescription, MessageNode, staleSuffix, statusNodes } from './messageNode';
import { workerRows, type WorkerRow } from './presentation';
import { workersDue } from './refreshRules';
import { ViewStatus } from './viewStatus';

export class WorkerRowNode {
  readonly kind = 'workerRow' as const;
  constructor(readonly row: WorkerRow) {}
}

export type WorkersElement = WorkerRowNode | MessageNode;

export class WorkersView implements vscode.TreeDataProvider<WorkersElement>, RefreshTask, vscode.Disposable {
  readonly id = 'view.workers';
  readonly status = new ViewStatus();
  readonly treeView: vscode.TreeView<WorkersElement>;
  private readonly changed = new vscode.EventEmitter<WorkersElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  pool: WorkerPoolStats | undefined;
  metrics: WorkerMetrics | undefined;
  private last: { stats?: QueueStats; at: number } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  requests = 0;

  constructor(private readonly deps: { connection: Connection; refresher: Refresher }) {
    this.treeView = vscode.window.createTreeView('riptide.workers', { treeDataProvider: this });
    this.disposables.push(
      this.treeView,
      this.changed,
      deps.refresher.register(this),
      deps.refresher.onDidRefresh((s) => this.onRefreshed(s)),
      deps.connection.onDidChange(() => {
        this.status.reset();
        this.pool = this.metrics = this.last = undefined;
        this.redraw();
      }),
      this.treeView.onDidChangeVisibility((e) => e.visible && deps.refresher.wake()),
    );
  }

  isActive(): boolean {
    return this.treeView.visible;
  }

  async run(client: WorkersClient, stats: QueueStats, signal: AbortSignal): Promise<void> {
    const now = Date.now();
    if (this.status.error === undefined && !workersDue(this.last, stats, now)) return;
    try {
      let pool: WorkerPoolStats | undefined;
      try {
        this.requests++;
        pool = await client.getWorkerStats({ signal });
      } catch (err) {
        // 503: the server answers but its pool has not started; the view says so.
        if (!(err instanceof ApiError && err.status === 503)) throw err;
      }
      this.requests++;
      this.metrics = await client.getMetrics({ signal });
      this.pool = pool;
      this.last = { stats, at: now };
      this.status.loaded();
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      this.status.failed(err as Error);
    }
    this.redraw();
  }

  invalidate(): void {
    this.last = undefined;
  }

  getTreeItem(element: WorkersElement): vscode.TreeItem {
    if (element instanceof MessageNode) return element.toTreeItem();
    const { row } = element;
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `workers:${row.key}`;
    item.description = row.value;
    item.tooltip = `${row.label}: ${row.value}`;
    item.iconPath = themeIcon(row.icon);
    item.contextValue = `workers.${row.key}`;
    return item;
  }

  getChildren(element?: WorkersElement): WorkersElement[] {
    if (element) return [];
    if (!this.status.everLoaded) return this.status.unauthorized ? statusNodes('workers', this.status) : [];
    return [...statusNodes('workers', this.status), ...workerRows(this.pool, this.metrics).map((r) => new WorkerRowNode(r))];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private onRefreshed(snapshot: RefreshSnapshot): void {
    if ((snapshot.state === 'offline' || snapshot.state === 'unauthorized') && snapshot.error) {
      this.status.failed(snapshot.error);
      this.redraw();
    }
  }

  private redraw(): void {
    this.treeView.description = joinDescription(staleSuffix(this.status));
    this.changed.fire(undefined);
  }
}
