// Submitting job and schedule files: validate first and send nothing if anything is invalid;
// many jobs go with bounded concurrency behind a cancellable progress notification.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { refusedInRestrictedMode, restrictedModeMessage } from '../workspaceTrust';
import { showErrorText, showInfoText, showWarningText, withProgressText } from '../text';
import { CancelledError, errorMessage, isJobReadRefused } from '../../api';
import type { JobConfig, JobResult, ScheduledJob, ScheduledJobConfig } from '../../api';
import type { Connection, ServerLease } from '../connection/connection';
import type { JobFileAnalysis } from '../../jobfiles';
import { fileNamesOf, JOB_FILE_GLOB } from '../../jobfiles';
import { jobTypeWords, shortId, statusWords } from '../../common/jobLabels';
import { formatCount } from '../../common/format';
import type { JobWatcher } from '../jobs/jobWatcher';
import type { KnownJob, KnownJobs, KnownSchedule, KnownSchedules } from '../jobs/knownJobs';
import type { JobTrace } from '../jobs/jobTrace';
import { fingerprintOf, type JobSource } from '../../core/trace/jobSources';
import { log } from '../log';
import type { Refresher } from '../../core/refresh/refresher';
import { analyzeFile, isJobFile, type JobFileDiagnostics } from './diagnostics';

/** Tells the Schedules view about schedules created here, so they show at once. */
export type SchedulesChanged = (created: readonly ScheduledJob[]) => void;

export interface SubmitSummary {
  file: string;
  submitted: string[];
  failed: Array<{ index: number; error: string }>;
  cancelled: number;
  schedules: ScheduledJob[];
  /** Set when nothing was sent because the file has problems. */
  refused?: string;
  /** What the user was told. */
  message: string;
}

export interface SubmitOptions {
  /** Stops sending (as the progress notification's Cancel does); jobs not sent count as cancelled. */
  signal?: AbortSignal;
  /** Called as each job's submission ends. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface WaitOutcome {
  summary: SubmitSummary;
  jobId?: string;
  /** The finished job's result (a completed job; `success` may still be false). */
  result?: JobResult;
  /** Why waiting ended without a result: the job failed, the wait was cancelled, the server failed. */
  error?: string;
}

export class JobFileSubmitter {
  constructor(
    private readonly connection: Connection,
    private readonly knownJobs: KnownJobs,
    private readonly watcher: JobWatcher,
    private readonly refresher: Refresher,
    private readonly diagnostics: JobFileDiagnostics,
    private readonly schedulesChanged: SchedulesChanged,
    private readonly trace: JobTrace,
    private readonly knownSchedules: KnownSchedules,
  ) {}

  /** Reads a file as the editor has it (unsaved edits included) and analyses it. */
  async analyze(uri: vscode.Uri): Promise<JobFileAnalysis> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && !d.isClosed);
    if (open) this.diagnostics.update(open); // its problems show as they are now
    return analyzeFile(uri);
  }

  /**
   * Submits one file (every entry, or only `only`). Refuses the whole file when any entry it
   * would send has an error, and says why.
   */
  async submitFile(uri: vscode.Uri, only?: number, options: SubmitOptions = {}): Promise<SubmitSummary> {
    return this.submitAnalysis(uri, await this.analyze(uri), only, options);
  }

  /** Submits what `analysis` (of the file at `uri`) found, as submitFile does. */
  private async submitAnalysis(uri: vscode.Uri, analysis: JobFileAnalysis, only?: number, options: SubmitOptions = {}): Promise<SubmitSummary> {
    const file = vscode.workspace.asRelativePath(uri);
    const summary: SubmitSummary = { file, submitted: [], failed: [], cancelled: 0, schedules: [], message: '' };
    const entries = only === undefined ? analysis.entries : analysis.entries.filter((e) => e.index === only);
    const errors = [...analysis.problems.filter((p) => p.severity === 'error' && (only === undefined || p.entry === undefined || p.entry === only))];
    if (analysis.kind === 'unknown') {
      summary.refused = vscode.l10n.t('{0} is not a job or schedule file ({1}, {2})', file, fileNamesOf('job', ', '), fileNamesOf('schedule', ', '));
    } else if (entries.length === 0 && errors.length === 0) {
      summary.refused = analysis.kind === 'schedule' ? vscode.l10n.t('{0} has no schedule to submit', file) : vscode.l10n.t('{0} has no job to submit', file);
    }
    else if (errors.length > 0) {
      const first = errors[0];
      const line = first.range.start.line + 1;
      summary.refused =
        errors.length === 1
          ? vscode.l10n.t('{0} has 1 problem; nothing was sent. First: line {1}: {2}', file, line, first.message)
          : vscode.l10n.t('{0} has {1} problems; nothing was sent. First: line {2}: {3}', file, errors.length, line, first.message);
    }
    if (!summary.refused && !vscode.workspace.isTrusted) {
      summary.message = restrictedModeMessage(file);
      log().warn(summary.message);
      refusedInRestrictedMode(file);
      return summary;
    }
    if (summary.refused) {
      summary.message = summary.refused;
      log().warn(summary.refused);
      void showErrorText(summary.refused, vscode.l10n.t('Show Problems')).then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return summary;
    }

    if (analysis.kind === 'schedule') {
      await this.createSchedules(entries.map((e) => ({ index: e.index, line: e.range.start.line, schedule: e.schedule! })), uri, summary, options);
      if (summary.schedules.length > 0) this.schedulesChanged(summary.schedules);
    } else {
      await this.submitJobs(entries.map((e) => ({ index: e.index, line: e.range.start.line, job: e.job! })), uri, summary, options);
    }
    void this.refresher.refreshNow();
    summary.message = this.report(summary, analysis.kind === 'schedule' ? 'schedule' : 'job');
    return summary;
  }

  private async createSchedules(
    schedules: Array<{ index: number; line: number; schedule: ScheduledJobConfig }>,
    uri: vscode.Uri,
    summary: SubmitSummary,
    options: SubmitOptions,
  ): Promise<void> {
    const source = uri.fsPath;
    const total = schedules.length;
    const known: KnownSchedule[] = [];
    // One server for the whole file, read before sending: switching servers meanwhile neither
    // sends the rest elsewhere nor files these under the other server.
    let lease: ServerLease;
    try {
      lease = this.connection.lease();
    } catch (err) {
      // Not approved, or an unusable URL: nothing is sent, and each schedule says why.
      summary.failed.push(...schedules.map(({ index }) => ({ index, error: errorMessage(err) })));
      return;
    }
    const { client, server } = lease;
    await withProgressText(
      total === 1 ? vscode.l10n.t('Creating 1 schedule from {0}', path.basename(source)) : vscode.l10n.t('Creating {0} schedules from {1}', formatCount(total), path.basename(source)),
      { cancellable: true },
      async (report, token) => {
        const stop = stopSignal(options, token);
        for (const [done, { index, schedule }] of schedules.entries()) {
          // Cancel stops before the next schedule; one being created finishes, so the counts are exact.
          if (stop.aborted) {
            summary.cancelled = total - done;
            break;
          }
          try {
            const created = await client.createSchedule(schedule);
            summary.schedules.push(created);
            known.push({ scheduleId: created.id, definition: schedule, place: placeOf(uri, index, schedules[done].line, schedule), server, createdAt: new Date().toISOString() });
          } catch (err) {
            summary.failed.push({ index, error: errorMessage(err) });
          }
          report(vscode.l10n.t('{0} of {1}', formatCount(done + 1), formatCount(total)), 100 / total);
          options.onProgress?.({ done: done + 1, total });
        }
      },
    ).finally(() => lease.release());
    await this.knownSchedules.addMany(known);
  }

  private async submitJobs(jobs: Array<{ index: number; line: number; job: JobConfig }>, uri: vscode.Uri, summary: SubmitSummary, options: SubmitOptions): Promise<void> {
    const source = uri.fsPath;
    // Leased before sending, which may take minutes under a rate limit: the jobs all go to one
    // server and are filed and watched under it, even if another is chosen meanwhile.
    const lease = this.connection.lease();
    const { client, server } = lease;
    await withProgressText(
      jobs.length === 1 ? vscode.l10n.t('Submitting 1 job from {0}', path.basename(source)) : vscode.l10n.t('Submitting {0} jobs from {1}', formatCount(jobs.length), path.basename(source)),
      { cancellable: true },
      async (report, token) => {
        const stop = stopSignal(options, token);
        const outcomes = await client.submitMany(
          jobs.map((j) => j.job),
          {
            concurrency: 8,
            // Cancel stops sending; requests in flight finish, so the summary's counts are exact.
            stop,
            onProgress: ({ done, total }) => {
              report(vscode.l10n.t('{0} of {1}', formatCount(done), formatCount(total)), 100 / total);
              options.onProgress?.({ done, total });
            },
            // Every worker pauses for the wait; the refused job was not accepted and is sent again after it.
            onRateLimited: ({ ms, error }) =>
              report(
                error.rateLimited
                  ? vscode.l10n.t('rate-limited by the server: waiting {0} s, then going on (Cancel stops here)', Math.ceil(ms / 1000))
                  : vscode.l10n.t('the server is at capacity: waiting {0} s, then going on (Cancel stops here)', Math.ceil(ms / 1000)),
              ),
          },
        );
        const submittedAt = new Date().toISOString();
        const known: KnownJob[] = [];
        for (const outcome of outcomes) {
          const { index, line, job } = jobs[outcome.index];
          if (outcome.ok) {
            summary.submitted.push(outcome.jobId);
            known.push({ jobId: outcome.jobId, definition: job, source, place: placeOf(uri, index, line, job), server, submittedAt });
          } else if (outcome.error instanceof CancelledError) {
              summary.cancelled++;
            } else {
            summary.failed.push({ index, error: errorMessage(outcome.error) });
          }
        }
        // Recorded before they are watched, so no end is seen before its run exists.
        await this.knownJobs.addMany(known);
        await this.trace.recordSubmitted(known);
        // Jobs of a big file appear in the Jobs view and can be watched from there.
        this.watcher.watchSubmitted(known.map((k) => ({ jobId: k.jobId, label: jobTypeWords(k.definition.job_type, undefined) })), server);
      },
    ).finally(() => lease.release());
  }

  /** Tells the user how it went; returns the message. */
  private report(summary: SubmitSummary, kind: 'job' | 'schedule'): string {
    const sent = kind === 'schedule' ? summary.schedules.length : summary.submitted.length;
    const total = sent + summary.failed.length + summary.cancelled;
    // Whole sentences, joined by spaces: each is translated on its own.
    const parts = [headline(kind, sent, total, summary.file, summary.failed.length === 0 && summary.submitted.length === 1 ? shortId(summary.submitted[0]) : undefined)];
    if (summary.cancelled) parts.push(vscode.l10n.t('{0} not sent (cancelled).', formatCount(summary.cancelled)));
    for (const f of summary.failed) log().error(`${summary.file} entry ${f.index + 1}: ${f.error}`);
    if (summary.failed.length) {
      const detail = summary.failed.slice(0, 3).map((f) => `#${f.index + 1}: ${f.error}`).join('; ');
      parts.push(vscode.l10n.t('{0} failed ({1}).', formatCount(summary.failed.length), `${detail}${summary.failed.length > 3 ? '; …' : ''}`));
    }
    const message = parts.join(' ');
    if (summary.failed.length) {
      void showErrorText(message, vscode.l10n.t('Show Log')).then((c) => c && log().show());
    } else if (summary.cancelled) {
      void showWarningText(message);
    } else {
      void showInfoText(message);
    }
    log().info(message);
    return message;
  }

  /** "Submit and wait": one job, progress until it finishes, then its result in the job panel. */
  async submitAndWait(uri: vscode.Uri, index: number, options: SubmitOptions = {}): Promise<WaitOutcome> {
    const summary = await this.submitFile(uri, index, options);
    const jobId = summary.submitted[0];
    if (!jobId) return { summary };
    return withProgressText(
      vscode.l10n.t('Waiting for job {0}', shortId(jobId)),
      { cancellable: true },
      async (report, token): Promise<WaitOutcome> => {
        const signal = stopSignal(options, token);
        try {
          const result = await this.connection.client.waitForJob(jobId, {
            pollInterval: 0.5,
            signal,
            onUpdate: (s) => report(s.retry_count ? vscode.l10n.t('{0} (retry {1})', statusWords(s.status), s.retry_count) : statusWords(s.status)),
            onRateLimited: ({ ms }) => report(vscode.l10n.t('rate-limited by the server: checking again in {0} s', Math.ceil(ms / 1000))),
          });
          await vscode.commands.executeCommand('riptide.job.openResult', jobId);
          return { summary, jobId, result };
        } catch (err) {
          // Cancelled: stop waiting; the job keeps running and is watched.
          if (err instanceof CancelledError) return { summary, jobId, error: vscode.l10n.t('stopped waiting (cancelled)') };
          // RipTide's 405 on job reads: the job was submitted, but this server cannot say how it went.
          if (isJobReadRefused(err)) {
            // Not awaited: the progress notification ends now, whether or not this one is answered.
            void showWarningText(
              vscode.l10n.t('Job {0} was submitted, but its status cannot be read: {1}', shortId(jobId), errorMessage(err)),
              vscode.l10n.t('Diagnose Connection'),
            ).then((choice) => choice && vscode.commands.executeCommand('riptide.diagnoseConnection'));
            return { summary, jobId, error: errorMessage(err) };
          }
          // A failed job is announced by the watcher too; its panel shows the last error.
          log().info(`Waiting for ${jobId}: ${errorMessage(err)}`);
          await vscode.commands.executeCommand('riptide.job.openResult', jobId);
          return { summary, jobId, error: errorMessage(err) };
        }
      },
    );
  }

  /** Every job and schedule file under a folder, submitted file by file. */
  async submitFolder(folder: vscode.Uri): Promise<SubmitSummary[]> {
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, JOB_FILE_GLOB), '**/node_modules/**');
    if (files.length === 0) {
      void showInfoText(vscode.l10n.t('No job or schedule files in {0}.', vscode.workspace.asRelativePath(folder)));
      return [];
    }
    files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    // Validate everything first: one broken file stops the whole folder before anything is sent,
    // and what is sent is what was validated (an edit made meanwhile cannot slip in).
    const checked: Array<{ uri: vscode.Uri; analysis: JobFileAnalysis }> = [];
    for (const uri of files) checked.push({ uri, analysis: await this.analyze(uri) });
    const broken = checked.filter((c) => !c.analysis.ok).map((c) => vscode.workspace.asRelativePath(c.uri));
    if (broken.length) {
      const names = broken.slice(0, 5).join(', ');
      const message = broken.length === 1 ? vscode.l10n.t('Nothing was sent: 1 file has problems: {0}', names) : vscode.l10n.t('Nothing was sent: {0} files have problems: {1}', broken.length, names);
      void showErrorText(message, vscode.l10n.t('Show Problems')).then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return [];
    }
    if (refusedInRestrictedMode(vscode.workspace.asRelativePath(folder))) return [];
    const summaries: SubmitSummary[] = [];
    for (const { uri, analysis } of checked) summaries.push(await this.submitAnalysis(uri, analysis));
    return summaries;
  }
}

/** "Submitted 3 of 4 jobs from a.job.yaml." (with the job's short id when exactly one went out). */
function headline(kind: 'job' | 'schedule', sent: number, total: number, file: string, onlyId: string | undefined): string {
  const [n, of] = [formatCount(sent), formatCount(total)];
  if (kind === 'schedule') {
    return total === 1 ? vscode.l10n.t('Created {0} of 1 schedule from {1}.', n, file) : vscode.l10n.t('Created {0} of {1} schedules from {2}.', n, of, file);
  }
  if (onlyId) return total === 1 ? vscode.l10n.t('Submitted 1 of 1 job from {0} ({1}).', file, onlyId) : vscode.l10n.t('Submitted 1 of {0} jobs from {1} ({2}).', of, file, onlyId);
  return total === 1 ? vscode.l10n.t('Submitted {0} of 1 job from {1}.', n, file) : vscode.l10n.t('Submitted {0} of {1} jobs from {2}.', n, of, file);
}

/** The file a command was invoked on: its argument (explorer, editor title), else the active editor. */
export function targetFile(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && isJobFile(active)) return active.uri;
  // Run from a page beside the file (the walkthrough, a panel): the one job file in view.
  const shown = [...new Set(vscode.window.visibleTextEditors.map((e) => e.document).filter(isJobFile))];
  return shown.length === 1 ? shown[0].uri : undefined;
}

/** Where an entry of a file on disk is (an untitled document has no place to come back to). */
function placeOf(uri: vscode.Uri, index: number, line: number, definition: unknown): JobSource | undefined {
  return uri.scheme === 'file' ? { file: uri.toString(), index, line, fingerprint: fingerprintOf(definition) } : undefined;
}

/** Fires on the caller's signal or the progress notification's Cancel, whichever comes first. */
function stopSignal(options: SubmitOptions, token: vscode.CancellationToken): AbortSignal {
  return options.signal ? AbortSignal.any([options.signal, abortedBy(token)]) : abortedBy(token);
}

/** An AbortSignal that fires when the token is cancelled (the progress notification's Cancel). */
function abortedBy(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}
