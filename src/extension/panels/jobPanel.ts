// One editor panel per job: status, timeline, facts, metadata, definition and the result by
// type. It reads only as a task of the shared refresher: while visible and unfinished, and once
// when opened or when "refresh" is asked for. Once the job has finished (and its result was
// read) it never asks the server again.
import * as vscode from 'vscode';
import { showErrorText } from '../text';
import { ApiError, errorMessage, isJobReadRefused, type JobResult, type JobStatus, type WorkersClient } from '../../api';
import type { Connection } from '../connection/connection';
import { isFinished, shortId } from '../../common/jobLabels';
import type { KnownJobs, KnownSchedules } from '../jobs/knownJobs';
import { locate, locateSchedule, openAt, type Located } from '../jobs/sourceLinks';
import { scheduleOriginOf } from '../../core/trace/scheduleOrigin';
import type { Refresher, RefreshSnapshot } from '../../core/refresh/refresher';
import type { CompletedFailures } from '../../core/jobs/completedFailures';
import { buildJobView, buildResultView, jobTitle, rowDetail, sameJobView, typeLabelOf, type JobContext } from '../../core/panels/jobModel';
import type { JobHints } from '../../core/panels/jobTarget';
import type { HostToJobMessage, JobPanelState, JobToHostMessage, JobView, ResultView } from '../../common/messages';
import { RefreshedPanel, webviewOptions } from './webviewHost';

export const JOB_VIEW_TYPE = 'riptide.job';

export interface JobPanelDeps {
  extensionUri: vscode.Uri;
  connection: Connection;
  refresher: Refresher;
  knownJobs: KnownJobs;
  knownSchedules: KnownSchedules;
  /** What the Jobs view's loaded pages say of a job (type, priority), for openers that pass only an id. */
  listed?: (jobId: string) => JobHints;
  completedFailures: CompletedFailures;
}

export type { JobHints } from '../../core/panels/jobTarget';

export class JobPanel extends RefreshedPanel<HostToJobMessage, JobToHostMessage> {
  /** Status reads done for this panel; tests check that it stops growing once finished. */
  statusReads = 0;
  status: JobStatus | undefined;
  result: JobResult | undefined;
  /** Set when the server does not know the job id. */
  private unknownMessage: string | undefined;
  private resultView: ResultView | undefined;
  private jobView: JobView | undefined;
  private readonly retryErrors = new Map<number, string>();
  private connectionMessage: string | null = null;
  /** Where the job and its schedule were defined, found in the files as they are now. */
  private source: Located | undefined;
  private scheduleSource: Located | undefined;
  private originLooked = false;
  /** The server the job is on (its serverIdentity): the one in use when the panel opened. */
  private readonly serverId: string;

  constructor(panel: vscode.WebviewPanel, private state: JobPanelState, private readonly deps: JobPanelDeps) {
    super(`job-panel:${state.jobId}`, panel, deps.refresher, { extensionUri: deps.extensionUri, entry: 'job', title: panel.title });
    this.serverId = deps.connection.serverIdentity;
    this.disposables.push(deps.connection.onDidChange(() => this.serverChanged()));
    void this.refresh();
  }

  /** Whether the server in use is the job's; while it is not, nothing is read for this panel. */
  private get onItsServer(): boolean {
    return this.deps.connection.serverIdentity === this.serverId;
  }

  /** Another server is in use: say that what the panel shows is from the job's server, and stop reading. */
  private serverChanged(): void {
    if (this.onItsServer) {
      this.setConnection(null);
      this.readWanted = true;
      return;
    }
    const now = this.deps.connection.server;
    this.setConnection(vscode.l10n.t('This job is on another server than the one in use now ({0}, {1}): what is shown was read from the job\'s server. Switch back to it to follow the job.', now.name, now.url));
  }

  // A tick that cannot read the queue stats runs no task: say why here too (a settled panel has all it needs).
  protected onRefreshed(s: RefreshSnapshot): void {
    if (s.state !== 'online' && s.error && !this.settled && this.onItsServer) this.setConnection(errorMessage(s.error));
  }

  get jobId(): string {
    return this.state.jobId;
  }

  /** Finished, result read (or known to be missing), or unknown: nothing more to ask. */
  get settled(): boolean {
    return this.unknownMessage !== undefined || (this.status !== undefined && isFinished(this.status.status) && this.hasFinalResult());
  }

  /** The result was read, or the server said it has none: either way, nothing more to read. */
  private hasFinalResult(): boolean {
    return this.resultView?.state === 'ready' || this.resultView?.state === 'missing';
  }

  isActive(): boolean {
    return !this.closed && this.onItsServer && (this.readWanted || (this.panel.visible && !this.settled));
  }

  async run(client: WorkersClient, _stats: unknown, signal: AbortSignal): Promise<void> {
    this.readWanted = false;
    await this.read(client, AbortSignal.any([signal, this.abort.signal]));
  }

  reveal(section?: 'result'): void {
    this.panel.reveal();
    if (section) this.poster.post({ type: 'reveal', section });
  }

  private async read(client: WorkersClient, signal: AbortSignal): Promise<void> {
    try {
      this.statusReads++;
      let status: JobStatus;
      try {
        status = await client.getJobStatus(this.jobId, { signal });
      } catch (err) {
        // Asking again would get the same answer: say it once and stop (Refresh asks again).
        if (err instanceof ApiError && (err.status === 404 || err.status === 400 || isJobReadRefused(err))) {
          this.unknownMessage =
            err.status === 404
              ? vscode.l10n.t('The server at {0} does not know job {1}. It may have been removed, or it belongs to another server.', this.deps.connection.serverUrl, this.jobId)
              : err.status === 400
                ? vscode.l10n.t('"{0}" is not a valid job id.', this.jobId)
                : vscode.l10n.t('This job cannot be shown: {0}. Run "RipTide: Diagnose Connection" for what the server can do.', errorMessage(err));
          this.setConnection(null);
          this.poster.post({ type: 'unknown', jobId: this.jobId, message: this.unknownMessage });
          return;
        }
        throw err;
      }
      this.status = status;
      if (status.retry_count > 0 && status.last_error && !this.retryErrors.has(status.retry_count)) {
        this.retryErrors.set(status.retry_count, status.last_error);
      }
      if (isFinished(status.status) && !this.hasFinalResult()) await this.readResult(client, signal);
      if (!this.originLooked) await this.lookUpOrigin();
      if (!isFinished(status.status)) this.setResult({ state: 'waiting', message: noResultYet(status.status) });
      this.setConnection(null);
      this.postJob();
    } catch (err) {
      if (this.closed || (err as Error).name === 'CancelledError') return;
      this.setConnection(errorMessage(err));
    }
  }

  private async readResult(client: WorkersClient, signal: AbortSignal): Promise<void> {
    try {
      this.result = await client.getJobResult(this.jobId, { signal });
      if (this.status) this.deps.completedFailures.record(this.status.status, this.result);
      this.setResult(buildResultView(this.result));
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err;
      this.setResult({
        state: 'missing',
        message: vscode.l10n.t('The server has no result for this job: results are kept for a limited time (one hour by default) and this one has expired.'),
      });
    }
  }

  /** Once per panel (and on "Refresh"): the files are read, not the server. */
  private async lookUpOrigin(): Promise<void> {
    this.originLooked = true;
    const place = this.deps.knownJobs.get(this.jobId)?.place;
    this.source = place ? await locate(place) : undefined;
    const schedule = this.status ? scheduleOriginOf(this.status.metadata) : undefined;
    this.scheduleSource = schedule ? await locateSchedule(schedule, this.deps.knownSchedules) : undefined;
  }

  private context(): JobContext {
    return {
      sourceWords: this.source?.words,
      scheduleSourceWords: this.scheduleSource?.words,
      definition: this.deps.knownJobs.get(this.jobId)?.definition,
      typeLabel: this.state.typeLabel,
      priority: this.state.priority,
      retryErrors: this.retryErrors,
      result: this.result,
    };
  }

  /** Redraws the page only when something besides the time of the read changed (a redraw loses focus and selection). */
  private postJob(): void {
    if (!this.status || this.closed) return;
    const view = buildJobView(this.status, this.context());
    const changed = !sameJobView(this.jobView, view);
    this.jobView = view;
    if (!changed) {
      this.poster.post({ type: 'updated', at: view.updatedAt });
      return;
    }
    this.panel.title = view.title;
    this.poster.post({ type: 'job', job: view });
  }

  private setResult(view: ResultView): void {
    if (JSON.stringify(view) === JSON.stringify(this.resultView ?? null)) return;
    this.resultView = view;
    this.poster.post({ type: 'result', result: view });
  }

  private setConnection(message: string | null): void {
    if (message === this.connectionMessage) return;
    this.connectionMessage = message;
    this.poster.post({ type: 'connection', message });
  }

  /** Everything the webview needs to draw itself: after it (re)loaded. */
  private sendAll(): void {
    this.poster.post({ type: 'init', state: { ...this.state, typeLabel: typeLabelOf(this.context()) ?? this.state.typeLabel } });
    if (this.connectionMessage) this.poster.post({ type: 'connection', message: this.connectionMessage });
    if (this.unknownMessage) this.poster.post({ type: 'unknown', jobId: this.jobId, message: this.unknownMessage });
    if (this.jobView) this.poster.post({ type: 'job', job: this.jobView });
    if (this.resultView) this.poster.post({ type: 'result', result: this.resultView });
  }

  async handleMessage(message: JobToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.sendAll();
        return;
      case 'openSource':
      case 'openScheduleSource': {
        await this.lookUpOrigin(); // the file may have changed since the panel opened
        const target = message.type === 'openSource' ? this.source : this.scheduleSource;
        if (target) await openAt(target);
        else this.poster.post({ type: 'notice', message: vscode.l10n.t('The file is gone: it was moved or deleted.') });
        this.postJob();
        return;
      }
      case 'refresh':
        this.unknownMessage = undefined;
        this.originLooked = false;
        if (this.status && isFinished(this.status.status) && this.resultView?.state !== 'ready') this.resultView = undefined;
        await this.refresh();
        return;
      case 'expandRow': {
        const detail = this.result && rowDetail(this.result, message.index);
        if (detail) this.poster.post({ type: 'rowDetail', detail });
        return;
      }
      case 'openRaw':
      case 'copy':
      case 'saveAs':
        await this.exportResult(message.type);
        return;
    }
  }

  private async exportResult(how: 'openRaw' | 'copy' | 'saveAs'): Promise<void> {
    if (!this.result) {
      this.poster.post({ type: 'notice', message: vscode.l10n.t('There is no result to export.') });
      return;
    }
    const raw = JSON.stringify(this.result, null, 2);
    try {
      if (how === 'openRaw') {
        // A read-only document of its own (riptide-job:): highlighting, folding, search, outline.
        await vscode.commands.executeCommand('riptide.job.openResultDocument', this.jobId);
      } else if (how === 'copy') {
        await vscode.env.clipboard.writeText(raw);
        this.poster.post({ type: 'notice', message: vscode.l10n.t('Result copied to the clipboard.') });
      } else {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const name = `riptide-result-${shortId(this.jobId)}.json`;
        const target = await vscode.window.showSaveDialog({
          defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
          filters: { JSON: ['json'] },
          saveLabel: vscode.l10n.t('Save Result'),
        });
        if (!target) return;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(raw));
        this.poster.post({ type: 'notice', message: vscode.l10n.t('Saved to {0}.', target.fsPath) });
      }
    } catch (err) {
      void showErrorText(vscode.l10n.t('RipTide: could not export the result: {0}', errorMessage(err)));
    }
  }

}

/** All open job panels: one per job id, revealed again when asked twice. */
export class JobPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<JobPanelState> {
  private readonly panels = new Map<string, JobPanel>();
  private readonly opened = new vscode.EventEmitter<JobPanel>();
  /** Fires when a job panel opens (or comes back after a reload). */
  readonly onDidOpen = this.opened.event;

  constructor(private readonly deps: JobPanelDeps) {}

  get(jobId: string): JobPanel | undefined {
    return this.panels.get(jobId);
  }

  get all(): JobPanel[] {
    return [...this.panels.values()];
  }

  createOrShow(jobId: string, hints: JobHints = {}, section?: 'result'): JobPanel {
    const existing = this.panels.get(jobId);
    if (existing) {
      existing.reveal(section);
      return existing;
    }
    // An id alone (Go to Job by ID, a link, a keybinding): the list may know what the status answer does not.
    const listed = this.deps.listed?.(jobId);
    hints = { typeLabel: hints.typeLabel ?? listed?.typeLabel, priority: hints.priority ?? listed?.priority };
    const known = this.deps.knownJobs.get(jobId)?.definition;
    const title = jobTitle(jobId, { definition: known, typeLabel: hints.typeLabel });
    const panel = vscode.window.createWebviewPanel(JOB_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      ...webviewOptions(this.deps.extensionUri),
      enableFindWidget: true,
    });
    const created = this.adopt(panel, { jobId, ...hints });
    if (section) created.poster.post({ type: 'reveal', section });
    return created;
  }

  /** The serializer's path: a panel from before a reload, with the state its webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: JobPanelState | undefined): Promise<void> {
    if (!state || typeof state.jobId !== 'string' || !state.jobId) {
      panel.dispose();
      return;
    }
    const existing = this.panels.get(state.jobId);
    if (existing) {
      // Two restored panels for one job: keep the first.
      panel.dispose();
      existing.reveal();
      return;
    }
    this.adopt(panel, state);
  }

  private adopt(panel: vscode.WebviewPanel, state: JobPanelState): JobPanel {
    const jobPanel = new JobPanel(panel, state, this.deps);
    this.panels.set(state.jobId, jobPanel);
    jobPanel.onDidDispose(() => {
      if (this.panels.get(state.jobId) === jobPanel) this.panels.delete(state.jobId);
    });
    this.opened.fire(jobPanel);
    return jobPanel;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

/** What the result section says while the job runs: one whole sentence per status. */
function noResultYet(status: JobStatus['status']): string {
  switch (status) {
    case 'Pending':
      return vscode.l10n.t('No result yet: the job is pending.');
    case 'Retrying':
      return vscode.l10n.t('No result yet: the job is retrying.');
    default:
      return vscode.l10n.t('No result yet: the job is processing.');
  }
}
