// The runs of each job file on this server: recorded when a file's jobs are sent, finished when
// the watcher sees them end (no request of its own), kept in workspace state. The CodeLens run
// summary and the failure diagnostics read it.
import * as vscode from 'vscode';
import type { RunEnd, RunRecord } from '../../core/trace/runHistory';
import { RunHistory, runEndOf } from '../../core/trace/runHistory';
import type { JobWatcher, FinishedJob } from './jobWatcher';
import type { KnownJob } from './knownJobs';
import { describeJobType, shortId } from '../../common/jobLabels';
import { log } from '../log';

const STATE_KEY = 'riptide.runHistory';
/** Runs whose end was not seen before a reload, watched again at start-up (the newest ones). */
const REWATCH_AT_MOST = 50;

export class JobTrace implements vscode.Disposable {
  private readonly history: RunHistory;
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a file URI (as a string) whose runs changed, or undefined for all. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Ends seen before their run was recorded (a fast job, a slow write), applied when it is. */
  private readonly early = new Map<string, RunEnd>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly server: () => string,
    watcher: JobWatcher,
  ) {
    this.history = new RunHistory(state.get(STATE_KEY));
    this.disposables.push(
      this.changed,
      watcher.onDidFinish((job) => this.finished(job)),
      vscode.workspace.onDidRenameFiles((e) => {
        let moved = false;
        for (const f of e.files) moved = this.history.renameFile(f.oldUri.toString(), f.newUri.toString()) || moved;
        if (moved) void this.save(undefined);
      }),
    );
  }

  /** Jobs just sent from files (or sent again): each with a place becomes a run of its file. */
  async recordSubmitted(jobs: readonly KnownJob[]): Promise<void> {
    const files = new Set<string>();
    for (const job of jobs) {
      if (!job.place) continue;
      // The server it was sent to, read before sending: the one in use may have changed since.
      const server = job.server ?? this.server();
      this.history.add(server, { ...job.place, jobId: job.jobId, submittedAt: Date.parse(job.submittedAt) || Date.now() });
      const end = this.early.get(job.jobId);
      if (end) this.history.finish(server, job.jobId, end);
      this.early.delete(job.jobId);
      files.add(job.place.file);
    }
    if (files.size) await this.save(files.size === 1 ? [...files][0] : undefined);
  }

  /** Runs not seen to finish before the window closed: the watcher looks at them again. */
  rewatch(watcher: JobWatcher, labelOf: (jobId: string) => string): void {
    const open = this.history.unfinished(this.server()).sort((a, b) => b.submittedAt - a.submittedAt).slice(0, REWATCH_AT_MOST);
    for (const run of open) if (!watcher.isWatching(run.jobId)) watcher.watch(run.jobId, labelOf(run.jobId), { quiet: true });
  }

  runsOf(file: vscode.Uri): readonly RunRecord[] {
    return this.history.runsOf(this.server(), file.toString());
  }

  /** Files with runs on this server. */
  files(): vscode.Uri[] {
    return this.history.filesOf(this.server()).map((f) => vscode.Uri.parse(f));
  }

  find(jobId: string): RunRecord | undefined {
    return this.history.find(this.server(), jobId);
  }

  runsByEntry = <E extends { index: number; line: number; fingerprint: string }>(file: vscode.Uri, entries: readonly E[]) =>
    this.history.runsByEntry(this.server(), file.toString(), entries);

  async dismiss(jobId: string): Promise<boolean> {
    const run = this.history.find(this.server(), jobId);
    if (!run || !this.history.dismiss(this.server(), jobId)) return false;
    await this.save(run.file);
    return true;
  }

  /** Records an end seen elsewhere (tests, or a status read by a command). */
  async finish(jobId: string, end: RunEnd): Promise<void> {
    const run = this.history.finish(this.server(), jobId, end);
    if (run) await this.save(run.file);
  }

  private finished(job: FinishedJob): void {
    const end = runEndOf(job.status, job.result);
    const run = this.history.finish(job.server, job.jobId, end);
    if (!run) {
      this.early.set(job.jobId, end);
      if (this.early.size > 200) this.early.delete(this.early.keys().next().value as string);
      return;
    }
    log().info(`Run of ${run.file} entry ${run.index + 1} (job ${job.jobId}) ${run.outcome}.`);
    void this.save(run.file);
  }

  private async save(file: string | undefined): Promise<void> {
    await this.state.update(STATE_KEY, this.history.toJSON());
    this.changed.fire(file);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

/** A known job's label for the watcher's notifications. */
export function knownLabel(job: KnownJob | undefined, jobId: string): string {
  return job ? describeJobType(job.definition.job_type) : `Job ${shortId(jobId)}`;
}
