// What the three views share: a tree view that reads its data through one RefreshTask while it
// is visible, keeps the last data (marked stale) when the server stops answering, and forgets it
// when the connection changes.
import * as vscode from 'vscode';
import type { QueueStats, WorkersClient } from '../../api';
import type { Connection } from '../connection/connection';
import type { Refresher, RefreshSnapshot, RefreshTask } from '../../core/refresh/refresher';
import { joinDescription, staleSuffix } from './messageNode';
import { ViewStatus } from '../../core/views/viewStatus';

export interface PolledViewDeps {
  connection: Connection;
  refresher: Refresher;
}

export interface PolledViewOptions {
  showCollapseAll?: boolean;
  canSelectMany?: boolean;
}

export abstract class PolledTreeView<T> implements vscode.TreeDataProvider<T>, RefreshTask, vscode.Disposable {
  readonly status = new ViewStatus();
  readonly treeView: vscode.TreeView<T>;
  /** Fired with one element, a batch of them, or undefined for the whole tree. */
  protected readonly changed = new vscode.EventEmitter<T | T[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The stats and time of the last read, for the "is a read due" rules; undefined: read next tick. */
  protected last: { stats?: QueueStats; at: number } | undefined;
  protected readonly disposables: vscode.Disposable[] = [];

  constructor(viewId: string, readonly id: string, deps: PolledViewDeps, options: PolledViewOptions = {}) {
    this.treeView = vscode.window.createTreeView(viewId, { treeDataProvider: this, showCollapseAll: options.showCollapseAll, canSelectMany: options.canSelectMany });
    this.disposables.push(
      this.treeView,
      this.changed,
      deps.refresher.register(this),
      deps.refresher.onDidRefresh((s) => this.onRefreshed(s)),
      deps.connection.onDidChange(() => {
        this.status.reset();
        this.last = undefined;
        this.forgetData();
        this.redraw();
      }),
      this.treeView.onDidChangeVisibility((e) => e.visible && deps.refresher.wake()),
    );
  }

  abstract getTreeItem(element: T): vscode.TreeItem;
  abstract getChildren(element?: T): T[] | Promise<T[]>;
  abstract run(client: WorkersClient, stats: QueueStats, signal: AbortSignal): Promise<void>;
  /** Drops what was read from the previous server. */
  protected abstract forgetData(): void;

  isActive(): boolean {
    return this.treeView.visible;
  }

  /** Read again on the next tick (a user refresh, a change made from this window). */
  invalidate(): void {
    this.last = undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Shows what changed: by default the whole tree. */
  protected redraw(): void {
    this.updateDescription();
    this.changed.fire(undefined);
  }

  /** The words beside the view's title. */
  protected description(): string | undefined {
    return joinDescription(staleSuffix(this.status));
  }

  protected updateDescription(): void {
    this.treeView.description = this.description();
  }

  protected onRefreshed(snapshot: RefreshSnapshot): void {
    if ((snapshot.state === 'offline' || snapshot.state === 'unauthorized') && snapshot.error) {
      this.status.failed(snapshot.error);
      this.redraw();
    }
  }
}
