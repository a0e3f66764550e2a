// The Jobs view: a thin tree over JobsModel. Its RefreshTask runs on the shared refresher's
// ticks while the view is visible and fetches only the expanded groups whose count changed, so
// a tick with nothing changed costs the one queue-stats request the refresher already made.
import * as vscode from 'vscode';
import { ApiError, CancelledError, errorMessage, isJobReadRefused, type JobResult, type JobStatusName, type QueueStats, type WorkersClient } from '../../api';
import { appendCommandLink, labelText, rowsTooltip } from '../text';
import type { Connection } from '../connection/connection';
import type { JobWatcher } from '../jobs/jobWatcher';
import type { KnownJobs } from '../jobs/knownJobs';
import type { CompletedFailures } from '../../core/jobs/completedFailures';
import { log } from '../log';
import type { Refresher, RefreshSnapshot } from '../../core/refresh/refresher';
import { readSettings } from '../settings';
import { JobEntry, JobGroup, JobsModel, type GroupKey, type JobFilter, type JobLister } from '../../core/views/jobsModel';
import { errorNode, joinDescription, jobReadsRefusedNode, MessageNode, staleSuffix, statusNodes } from './messageNode';
import { groupDescription, jobContextValue, jobDescription, jobIcon, jobLabel, jobTooltipRows, treeText, type Icon, type Row } from '../../core/views/presentation';
import { PolledTreeView } from './polledTreeView';
import { locate, OPEN_SOURCE_COMMAND, sourceLinkMarkdown } from '../jobs/sourceLinks';
import type { JobHints } from '../../core/panels/jobTarget';
import { formatCount } from '../../common/format';
import { STATUS_LOOKS } from '../../common/jobLabels';

/** What an expanded group with no jobs says, one whole sentence per group. */
const EMPTY_GROUP_LABELS: Record<GroupKey, () => string> = {
  pending: () => vscode.l10n.t('No pending jobs'),
  delayed: () => vscode.l10n.t('No delayed jobs'),
  processing: () => vscode.l10n.t('No processing jobs'),
  retry: () => vscode.l10n.t('No retrying jobs'),
  completed: () => vscode.l10n.t('No completed jobs'),
  dead_letter: () => vscode.l10n.t('No dead letter jobs'),
};

/** Completed jobs whose results are read per refresh tick, to find the ones that failed. */
const RESULTS_CHECKED_PER_TICK = 10;

/** The "Load more" node of a group (one object per group, so tree events can target it). */
export class LoadMoreNode {
  readonly kind = 'loadMore' as const;
  constructor(readonly group: JobGroup) {}
}

export type JobsElement = JobGroup | JobEntry | LoadMoreNode | MessageNode;

export interface JobsViewDeps {
  connection: Connection;
  refresher: Refresher;
  completedFailures: CompletedFailures;
  knownJobs: KnownJobs;
  watcher: JobWatcher;
}

export class JobsView extends PolledTreeView<JobsElement> {
  readonly model = new JobsModel({ pageSize: () => readSettings().pageSize });
  private readonly loadMoreNodes = new Map<JobGroup, LoadMoreNode>();
  private rootSignature = '';
  /** Groups refetched and jobs whose verdict turned, to redraw in one event. */
  private readonly pendingRedraw = new Set<JobsElement>();
  /** The description each job was last drawn with ("13 s ago"), to redraw those whose words moved on. */
  private readonly drawn = new WeakMap<JobEntry, string>();
  /** Completed jobs whose result has expired, so their verdict cannot be read. */
  private readonly noResult = new Set<string>();
  /** Fetches made through the list endpoint since creation; for tests and the benchmark. */
  listRequests = 0;

  constructor(private readonly deps: JobsViewDeps) {
    super('riptide.jobs', 'view.jobs', deps, { showCollapseAll: true, canSelectMany: true });
    this.disposables.push(
      this.treeView.onDidExpandElement((e) => this.setExpanded(e.element, true)),
      this.treeView.onDidCollapseElement((e) => this.setExpanded(e.element, false)),
      deps.watcher.onDidFinish((job) => {
        if (job.result) this.learnResult(job.result, job.status.status);
      }),
    );
    this.updateDescription();
  }

  // -- RefreshTask --------------------------------------------------------------------------

  async run(client: WorkersClient, stats: QueueStats, signal: AbortSignal): Promise<void> {
    const refetched = await this.model.refresh(stats, this.lister(client), signal, (group, err) => {
      if (err instanceof CancelledError) throw err;
      if (isJobReadRefused(err)) return log().info(`Jobs view: ${err.message}`);
      log().warn(`Jobs view: listing ${group.def.label} failed: ${errorMessage(err)}`);
    });
    this.status.loaded();
    for (const group of refetched) this.pendingRedraw.add(group);
    this.redrawMovedTimes(new Date());
    this.redraw();
    // The verdicts learned here are drawn at the end of the tick (onRefreshed), in one event.
    await this.checkCompletedResults(client, signal);
  }

  /**
   * A completed job may have failed (RipTide's server marks a job whose processor reported an
   * error as Completed): read the results of the completed jobs on show, a few per tick and
   * each once, so they turn red without a hover. Nothing is read once every shown job is known.
   */
  private async checkCompletedResults(client: WorkersClient, signal: AbortSignal): Promise<void> {
    const completed = this.model.groups.find((g) => g.def.contextStatus === 'completed');
    if (!completed?.expanded || this.model.readsRefused) return;
    const unchecked = completed.entries.filter((e) => !this.model.results.get(e.id) && !this.noResult.has(e.id));
    for (const entry of unchecked.slice(0, RESULTS_CHECKED_PER_TICK)) {
      try {
        this.learnResult(await client.getJobResult(entry.id, { signal }), 'Completed');
      } catch (err) {
        if (err instanceof CancelledError) throw err;
        if (!(err instanceof ApiError && err.status === 404)) throw err;
        if (this.noResult.size > 5000) this.noResult.clear();
        this.noResult.add(entry.id); // expired: nothing to learn, do not ask again
      }
    }
  }

  // -- TreeDataProvider ---------------------------------------------------------------------

  getTreeItem(element: JobsElement): vscode.TreeItem {
    if (element instanceof JobGroup) return this.groupItem(element);
    if (element instanceof JobEntry) return this.jobItem(element);
    if (element instanceof LoadMoreNode) return this.loadMoreItem(element);
    return element.toTreeItem();
  }

  async getChildren(element?: JobsElement): Promise<JobsElement[]> {
    if (!element) return this.rootChildren();
    if (!(element instanceof JobGroup)) return [];
    const group = element;
    group.expanded = true; // also true when the tree restores an expansion without an event
    if (this.model.stats) {
      try {
        await this.model.ensureLoaded(group, this.lister(this.deps.connection.client));
      } catch (err) {
        if (!(err instanceof CancelledError)) log().warn(`Jobs view: listing ${group.def.label} failed: ${errorMessage(err)}`);
      }
    }
    return this.groupChildren(group);
  }

  getParent(element: JobsElement): JobsElement | undefined {
    if (element instanceof JobEntry) return element.group;
    if (element instanceof LoadMoreNode) return element.group;
    return undefined;
  }

  async resolveTreeItem(item: vscode.TreeItem, element: JobsElement, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (!(element instanceof JobEntry)) return item;
    const status = element.group.def.contextStatus;
    let result = this.model.results.get(element.id);
    // The result is read only here, on hover, and once per job: a completed job may have failed.
    if (!result && (status === 'completed' || status === 'deadletter')) {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      try {
        result = await this.deps.connection.client.getJobResult(element.id, { signal: controller.signal });
        this.learnResult(result, status === 'completed' ? 'Completed' : 'DeadLetter');
        this.redraw();
      } catch (err) {
        if (!(err instanceof ApiError && err.status === 404) && !(err instanceof CancelledError)) {
          log().warn(`Jobs view: reading the result of ${element.id} failed: ${errorMessage(err)}`);
        }
      } finally {
        cancel.dispose();
      }
    }
    item.tooltip = this.tooltip(element, result);
    const place = this.deps.knownJobs.get(element.id)?.place;
    const located = place ? await locate(place) : undefined;
    if (located) {
      // The one command link in it, with the job id the extension recorded as its argument.
      appendCommandLink(item.tooltip, sourceLinkMarkdown(element.id, located), OPEN_SOURCE_COMMAND);
    }
    return item;
  }

  // -- What the commands use ----------------------------------------------------------------

  /** The group's next page, appended. */
  async loadMore(group: JobGroup): Promise<void> {
    try {
      await this.model.loadMore(group, this.lister(this.deps.connection.client));
    } catch (err) {
      log().warn(`Jobs view: loading more ${group.def.label} failed: ${errorMessage(err)}`);
    }
    this.changed.fire(group);
  }

  setFilter(filter: JobFilter): void {
    this.model.setFilter(filter);
    void vscode.commands.executeCommand('setContext', 'riptide.jobs.filtered', this.model.filtered);
    this.updateDescription();
    this.changed.fire(undefined);
    this.deps.refresher.wake();
  }

  /** A user refresh: expanded groups are fetched again whatever their counts say. */
  override invalidate(): void {
    this.model.invalidate();
  }

  /** Shows the job in the tree when one of the loaded pages has it; false when none has. */
  async reveal(jobId: string): Promise<boolean> {
    const entry = this.model.findEntry(jobId);
    if (!entry) return false;
    await this.treeView.reveal(entry, { select: true, focus: true, expand: false });
    return true;
  }

  /** The type and priority of a job on one of the loaded pages (the status answer has neither). */
  hintsFor(jobId: string): JobHints {
    const item = this.model.findEntry(jobId)?.item;
    return item ? { typeLabel: item.job_type, priority: item.priority } : {};
  }

  /** The current selection's job, for commands run from the palette. */
  selectedJob(): JobEntry | undefined {
    return this.selectedJobs()[0];
  }

  /** Every selected job (the view allows selecting many). */
  selectedJobs(): JobEntry[] {
    return this.treeView.selection.filter((e): e is JobEntry => e instanceof JobEntry);
  }

  /** Every child of the root, for tests (what the tree shows at the top). */
  rootElements(): JobsElement[] {
    return this.rootChildren();
  }

  // -- Internals ----------------------------------------------------------------------------

  private lister(client: WorkersClient): JobLister {
    return (query, signal) => {
      this.listRequests++;
      return client.listJobs(query, { signal });
    };
  }

  private rootChildren(): JobsElement[] {
    const stats = this.model.stats;
    // Nothing ever loaded: the welcome content explains (connecting, offline, unauthorized).
    if (!this.status.everLoaded || !stats) return this.status.unauthorized ? statusNodes('jobs', this.status) : [];
    const top: JobsElement[] = statusNodes('jobs', this.status);
    // An empty queue shows the welcome content ("The queue is empty"), unless a filter is on.
    if (stats.total === 0 && !this.model.filtered && !this.status.error) return [];
    if (stats.total === 0 && !this.model.filtered) top.push(new MessageNode('jobs:empty', vscode.l10n.t('The queue is empty'), { icon: new vscode.ThemeIcon('inbox') }));
    return [...top, ...this.model.groups];
  }

  private groupChildren(group: JobGroup): JobsElement[] {
    // The server cannot list jobs (RipTide's 405): one line that says why, not a retrying error.
    if (this.model.readsRefused) return [jobReadsRefusedNode(`jobs:${group.key}`, this.model.readsRefused)];
    const children: JobsElement[] = [];
    if (group.error) children.push(errorNode(`jobs:${group.key}`, group.error));
    children.push(...group.entries);
    if (group.loaded && group.entries.length === 0 && !group.error) {
      const label = this.model.filtered ? vscode.l10n.t('No matching jobs') : EMPTY_GROUP_LABELS[group.key]();
      children.push(new MessageNode(`jobs:${group.key}:none`, label, { icon: new vscode.ThemeIcon('info') }));
    }
    if (group.hasMore) children.push(this.loadMoreNode(group));
    return children;
  }

  private loadMoreNode(group: JobGroup): LoadMoreNode {
    let node = this.loadMoreNodes.get(group);
    if (!node) this.loadMoreNodes.set(group, (node = new LoadMoreNode(group)));
    return node;
  }

  private groupItem(group: JobGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(group.def.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `group:${group.key}`;
    item.description = groupDescription(group.def, this.model.stats, this.model.filtered);
    item.contextValue = `group.${group.key}`;
    item.iconPath = themeIcon(jobIcon(group.def.contextStatus, undefined));
    item.tooltip =
      group.count === 1
        ? vscode.l10n.t('{0}: 1 job in the queue', group.def.label)
        : vscode.l10n.t('{0}: {1} jobs in the queue', group.def.label, formatCount(group.count));
    return item;
  }

  private jobItem(entry: JobEntry): vscode.TreeItem {
    const known = this.deps.knownJobs.get(entry.id);
    const status = entry.group.def.contextStatus;
    const item = new vscode.TreeItem(labelText(treeText(jobLabel(entry.item, known?.definition.job_type))), vscode.TreeItemCollapsibleState.None);
    item.id = `job:${entry.group.key}:${entry.id}`;
    const description = jobDescription(entry.item, status);
    item.description = labelText(treeText(description));
    this.drawn.set(entry, description);
    item.contextValue = jobContextValue(status, known !== undefined);
    item.iconPath = themeIcon(jobIcon(status, this.model.results.failed(entry.id)));
    // A plain object (the entry itself links back to its group): the panel gets the type and
    // priority that the status answer lacks.
    const target = { jobId: entry.id, typeLabel: entry.item.job_type, priority: entry.item.priority };
    item.command = { command: 'riptide.job.openDetails', title: vscode.l10n.t('Open Job Details'), arguments: [target] };
    item.accessibilityInformation = { label: `${item.label}, ${STATUS_LOOKS[status].words}, ${item.description}` };
    return item;
  }

  private loadMoreItem(node: LoadMoreNode): vscode.TreeItem {
    const group = node.group;
    const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    item.id = `loadmore:${group.key}`;
    const shown = formatCount(group.entries.length);
    item.description = this.model.filtered ? vscode.l10n.t('{0} shown', shown) : vscode.l10n.t('{0} of {1} shown', shown, formatCount(group.count));
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = 'loadMore';
    item.command = { command: 'riptide.jobs.loadMore', title: vscode.l10n.t('Load More Jobs'), arguments: [node] };
    return item;
  }

  private tooltip(entry: JobEntry, result: JobResult | undefined): vscode.MarkdownString {
    const known = this.deps.knownJobs.get(entry.id);
    return rowsTooltip(jobTooltipRows(entry.item, entry.group.def.label, known?.definition.job_type, result));
  }

  /** A result read for a tooltip or by the watcher; a completed job that failed gets its red icon (on the next redraw). */
  private learnResult(result: JobResult, jobStatus: JobStatusName): void {
    this.deps.completedFailures.record(jobStatus, result);
    const before = this.model.results.failed(result.job_id) ?? false;
    this.model.results.set(result);
    const entry = this.model.findEntry(result.job_id);
    if (entry && before !== !result.success) this.pendingRedraw.add(entry);
  }

  /** Ages and run times ("13 s ago", "running 2 min") move on without a request: redraw the jobs whose words changed. */
  private redrawMovedTimes(now: Date): void {
    for (const group of this.model.groups) {
      if (!group.expanded) continue;
      for (const entry of group.entries) {
        const drawn = this.drawn.get(entry);
        if (drawn !== undefined && drawn !== jobDescription(entry.item, group.def.contextStatus, now)) this.pendingRedraw.add(entry);
      }
    }
  }

  private setExpanded(element: JobsElement, expanded: boolean): void {
    if (!(element instanceof JobGroup)) return;
    element.expanded = expanded;
    if (expanded) this.deps.refresher.wake();
  }

  /** Every tick ends here (online or not): the stale mark, and the verdicts learned during it. */
  protected override onRefreshed(snapshot: RefreshSnapshot): void {
    if ((snapshot.state === 'offline' || snapshot.state === 'unauthorized') && snapshot.error) this.status.failed(snapshot.error);
    this.redraw();
  }

  /** Redraws the root when what it shows changed (stale, error, empty), else only the groups and jobs that changed. */
  protected override redraw(): void {
    this.updateDescription();
    const changed = [...this.pendingRedraw];
    this.pendingRedraw.clear();
    const signature = `${this.status.signature()}|${this.model.stats?.total === 0}`;
    if (signature !== this.rootSignature) {
      this.rootSignature = signature;
      this.changed.fire(undefined);
      return;
    }
    // One event for all of them: VS Code redraws a batch at once, but waits before taking in
    // each further event.
    if (changed.length > 0) this.changed.fire(changed);
  }

  protected override description(): string | undefined {
    return joinDescription(this.model.describeFilter(), staleSuffix(this.status));
  }

  /** Another server (URL, key or local server changed): what was shown belongs to the old one. */
  protected forgetData(): void {
    this.model.forgetServer();
  }
}

export function themeIcon(icon: Icon): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
}
