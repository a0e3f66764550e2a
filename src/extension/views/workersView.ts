// The Workers view: pool state, health, totals and timings, read through its RefreshTask only
// while the view is visible and only when the queue stats moved (or every 30 s for uptime).
import * as vscode from 'vscode';
import { labelText } from '../text';
import { ApiError, CancelledError, type QueueStats, type WorkerMetrics, type WorkerPoolStats, type WorkersClient } from '../../api';
import { themeIcon } from './jobsView';
import { MessageNode, statusNodes } from './messageNode';
import { PolledTreeView, type PolledViewDeps } from './polledTreeView';
import type { CompletedFailures } from '../../core/jobs/completedFailures';
import { workerRows, type WorkerRow } from '../../core/views/presentation';
import { workersDue } from '../../core/views/refreshRules';
import { StalledQueueDetector } from '../../core/views/stalledQueue';

export class WorkerRowNode {
  readonly kind = 'workerRow' as const;
  constructor(readonly row: WorkerRow) {}
}

export type WorkersElement = WorkerRowNode | MessageNode;

export class WorkersView extends PolledTreeView<WorkersElement> {
  pool: WorkerPoolStats | undefined;
  metrics: WorkerMetrics | undefined;
  requests = 0;
  /** Jobs left Pending while the pool says it runs (RipTide's pool without its worker loop). */
  readonly stalled = new StalledQueueDetector();
  private stats: QueueStats | undefined;

  constructor(private readonly deps: PolledViewDeps & { completedFailures: CompletedFailures }) {
    super('riptide.workers', 'view.workers', deps);
    this.disposables.push({ dispose: deps.completedFailures.onDidChange(() => this.redraw()) });
  }

  async run(client: WorkersClient, stats: QueueStats, signal: AbortSignal): Promise<void> {
    const now = Date.now();
    const wasStalled = this.stalled.stalled;
    this.stalled.observe(stats, this.pool?.is_running);
    this.stats = stats;
    if (this.status.error === undefined && !workersDue(this.last, stats, now)) {
      if (this.stalled.stalled !== wasStalled) this.redraw();
      return;
    }
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

  getTreeItem(element: WorkersElement): vscode.TreeItem {
    if (element instanceof MessageNode) return element.toTreeItem();
    const { row } = element;
    const item = new vscode.TreeItem(labelText(row.label), vscode.TreeItemCollapsibleState.None);
    item.id = `workers:${row.key}`;
    item.description = labelText(row.value);
    item.tooltip = vscode.l10n.t('{0}: {1}', row.label, row.value);
    item.iconPath = themeIcon(row.icon);
    item.contextValue = `workers.${row.key}`;
    return item;
  }

  getChildren(element?: WorkersElement): WorkersElement[] {
    if (element) return [];
    if (!this.status.everLoaded) return this.status.unauthorized ? statusNodes('workers', this.status) : [];
    return [...statusNodes('workers', this.status), ...workerRows(this.pool, this.metrics, this.deps.completedFailures.count, this.stalled.stalled ? this.stats?.pending : undefined).map((r) => new WorkerRowNode(r))];
  }

  protected forgetData(): void {
    this.pool = this.metrics = this.stats = undefined;
    this.stalled.reset();
  }
}
