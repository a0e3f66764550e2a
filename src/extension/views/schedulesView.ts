// The Schedules view: every scheduled job, read through its RefreshTask only while the view is
// visible and only when the queue stats suggest a change (see refreshRules.ts).
import * as vscode from 'vscode';
import { CancelledError, type QueueStats, type ScheduledJob, type WorkersClient } from '../../api';
import { themeIcon } from './jobsView';
import { labelText, rowsTooltip } from '../text';
import { MessageNode, statusNodes } from './messageNode';
import { PolledTreeView, type PolledViewDeps } from './polledTreeView';
import { scheduleContextValue, scheduleDescription, scheduleIcon, scheduleTooltipRows, treeText } from '../../core/views/presentation';
import { schedulesDue } from '../../core/views/refreshRules';

/** A schedule node; the object is kept while its id stays, so selection survives refreshes. */
export class ScheduleNode {
  readonly kind = 'schedule' as const;
  constructor(public schedule: ScheduledJob) {}
  get id(): string {
    return this.schedule.id;
  }
}

export type ScheduleElement = ScheduleNode | MessageNode;

export class SchedulesView extends PolledTreeView<ScheduleElement> {
  private nodes: ScheduleNode[] = [];
  /** The description each node was last drawn with ("next in 3 h"), to redraw only those that moved. */
  private readonly drawn = new WeakMap<ScheduleNode, string>();
  listRequests = 0;

  constructor(private readonly deps: PolledViewDeps) {
    super('riptide.schedules', 'view.schedules', deps);
  }

  /**
   * Schedules were created (or deleted) from this window, from the view or from a file: the
   * created ones show at once, and the list is read again on an immediate tick (a new schedule
   * moves no queue figure, so the usual "is a read due" rule would not notice it).
   */
  schedulesChanged(created: readonly ScheduledJob[] = []): void {
    if (created.length > 0 && this.status.everLoaded) {
      const ids = new Set(created.map((s) => s.id));
      this.setSchedules([...this.schedules.filter((s) => !ids.has(s.id)), ...created]);
      this.redraw();
    }
    this.invalidate();
    void this.deps.refresher.refreshNow();
  }

  async run(client: WorkersClient, stats: QueueStats, signal: AbortSignal): Promise<void> {
    const now = Date.now();
    if (this.status.error === undefined && !schedulesDue(this.last, stats, this.schedules, now)) {
      // Relative times ("in 3 h") move on without a request: redraw the nodes whose words changed.
      const moved = this.nodes.filter((n) => this.drawn.get(n) !== scheduleDescription(n.schedule, new Date(now)));
      if (moved.length > 0) this.changed.fire(moved);
      return;
    }
    try {
      this.listRequests++;
      const schedules = await client.listSchedules({ signal });
      this.last = { stats, at: now };
      this.setSchedules(schedules);
      this.status.loaded();
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      this.status.failed(err as Error);
    }
    this.redraw();
  }

  get schedules(): ScheduledJob[] {
    return this.nodes.map((n) => n.schedule);
  }

  selected(): ScheduleNode | undefined {
    return this.treeView.selection.find((e): e is ScheduleNode => e instanceof ScheduleNode);
  }

  getTreeItem(element: ScheduleElement): vscode.TreeItem {
    if (element instanceof MessageNode) return element.toTreeItem();
    const s = element.schedule;
    const item = new vscode.TreeItem(labelText(treeText(s.name)), vscode.TreeItemCollapsibleState.None);
    item.id = `schedule:${s.id}`;
    const description = scheduleDescription(s);
    item.description = labelText(treeText(description));
    this.drawn.set(element, description);
    item.iconPath = themeIcon(scheduleIcon(s));
    item.contextValue = scheduleContextValue(s);
    return item;
  }

  /** The tooltip only when hovered: most nodes are never hovered. */
  resolveTreeItem(item: vscode.TreeItem, element: ScheduleElement): vscode.TreeItem {
    if (element instanceof ScheduleNode) item.tooltip = rowsTooltip(scheduleTooltipRows(element.schedule));
    return item;
  }

  getChildren(element?: ScheduleElement): ScheduleElement[] {
    if (element) return [];
    if (!this.status.everLoaded) return this.status.unauthorized ? statusNodes('schedules', this.status) : [];
    const top = statusNodes('schedules', this.status);
    // No schedules and a fresh answer: the welcome content ("No scheduled jobs yet") shows.
    if (this.nodes.length === 0 && top.length === 0) return [];
    if (this.nodes.length === 0) top.push(new MessageNode('schedules:none', vscode.l10n.t('No scheduled jobs')));
    return [...top, ...this.nodes];
  }

  protected forgetData(): void {
    this.nodes = [];
  }

  private setSchedules(schedules: ScheduledJob[]): void {
    const previous = new Map(this.nodes.map((n) => [n.id, n]));
    this.nodes = [...schedules]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => {
        const node = previous.get(s.id);
        if (!node) return new ScheduleNode(s);
        node.schedule = s;
        return node;
      });
  }
}
