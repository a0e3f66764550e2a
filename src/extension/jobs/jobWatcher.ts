// Jobs this window submitted or chose to watch: checked on the refresh loop's ticks until they
// finish, then announced (failures always, when the setting allows; successes optionally).
import * as vscode from 'vscode';
import type { JobResult, JobStatus, WorkersClient } from '../../api';
import { ApiError, errorMessage } from '../../api';
import type { CompletedFailures } from '../../core/jobs/completedFailures';
import type { RefreshTask } from '../../core/refresh/refresher';
import { isFinished, shortId } from '../../common/jobLabels';
import { log } from '../log';
import { readSettings } from '../settings';
import { showErrorText, showInfoText } from '../text';

export interface FinishedJob {
  jobId: string;
  label: string;
  status: JobStatus;
  /** The latest attempt's result, when the server still has it. */
  result?: JobResult;
  /** False for dead-letter jobs and for completed jobs whose result says success: false. */
  succeeded: boolean;
  /** The serverIdentity of the server it ran on. */
  server: string;
}

/** Above this many jobs sent at once, none is watched one by one (each is read on every tick): the Jobs view follows them. */
export const WATCH_AT_MOST = 20;

export class JobWatcher implements RefreshTask, vscode.Disposable {
  readonly id = 'watched-jobs';
  /** The jobs a user waits on are the most wanted reads when the request budget is short. */
  readonly want = 3;
  /** Job id -> its label, whether to stay quiet, and the server it runs on: only the server in use is asked about its jobs. */
  private readonly watched = new Map<string, { label: string; quiet: boolean; serverId: string }>();
  private readonly finished = new vscode.EventEmitter<FinishedJob>();
  readonly onDidFinish = this.finished.event;

  constructor(
    private readonly wake: () => void,
    private readonly completedFailures: CompletedFailures,
    /** The serverIdentity in use: a job is checked only while its own server is. */
    private readonly serverId: () => string,
  ) {}

  /**
   * `quiet`: record how it ends without a notification (runs watched again after a reload).
   * `server`: the serverIdentity the job was sent to, read before sending (the server in use
   * may have changed since); the one in use when left out.
   */
  watch(jobId: string, label: string, options: { quiet?: boolean; server?: string } = {}): void {
    const quiet = (options.quiet ?? false) && (this.watched.get(jobId)?.quiet ?? true);
    this.watched.set(jobId, { label, quiet, serverId: options.server ?? this.serverId() });
    this.wake();
  }

  /** Jobs just sent to `server` (read before sending): each is watched, unless there are more than WATCH_AT_MOST. */
  watchSubmitted(jobs: ReadonlyArray<{ jobId: string; label: string }>, server: string): void {
    if (jobs.length > WATCH_AT_MOST) return;
    for (const job of jobs) this.watch(job.jobId, job.label, { server });
  }

  isWatching(jobId: string): boolean {
    return this.watched.has(jobId);
  }

  isActive(): boolean {
    return this.watchedHere().length > 0;
  }

  /** The watched jobs of the server in use (the others wait until it is in use again). */
  private watchedHere(): Array<[string, { label: string; quiet: boolean; serverId: string }]> {
    const server = this.serverId();
    return [...this.watched].filter(([, w]) => w.serverId === server);
  }

  async run(client: WorkersClient, _stats: unknown, signal: AbortSignal): Promise<void> {
    for (const [jobId, { label, quiet, serverId }] of this.watchedHere()) {
      let status: JobStatus;
      try {
        status = await client.getJobStatus(jobId, { signal });
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          log().warn(`Stopped watching job ${jobId}: the server no longer knows it.`);
          this.watched.delete(jobId);
          continue;
        }
        throw err;
      }
      if (!isFinished(status.status)) continue;
      let result: JobResult | undefined;
      try {
        result = await client.getJobResult(jobId, { signal });
      } catch (err) {
        // Cancelled or unreachable: still watched, so the next tick announces it.
        if (!(err instanceof ApiError && err.status === 404)) throw err;
      }
      this.watched.delete(jobId);
      if (result) this.completedFailures.record(status.status, result);
      const succeeded = status.status === 'Completed' && result?.success !== false;
      const done: FinishedJob = { jobId, label, status, result, succeeded, server: serverId };
      this.finished.fire(done);
      if (!quiet) void this.announce(done);
    }
  }

  private async announce(job: FinishedJob): Promise<void> {
    const settings = readSettings();
    const name = `${job.label} (${shortId(job.jobId)})`;
    const openResult = vscode.l10n.t('Open Result');
    let choice: string | undefined;
    if (!job.succeeded) {
      log().info(`Job ${job.jobId} failed: ${job.result?.error ?? job.status.last_error ?? job.status.status}`);
      if (!settings.notifyOnFailure) return;
      const reason = job.result?.error ?? job.status.last_error;
      choice = reason
        ? await showErrorText(vscode.l10n.t('RipTide job {0} failed: {1}', name, errorMessage(reason)), openResult)
        : await showErrorText(vscode.l10n.t('RipTide job {0} failed: it ended as {1}.', name, job.status.status), openResult);
    } else {
      log().info(`Job ${job.jobId} completed.`);
      if (!settings.notifyOnSuccess) return;
      choice = await showInfoText(vscode.l10n.t('RipTide job {0} completed.', name), openResult);
    }
    if (choice === openResult) await vscode.commands.executeCommand('riptide.job.openResult', job.jobId);
  }

  dispose(): void {
    this.finished.dispose();
  }
}
