// Submitting job and schedule files: validate first and send nothing if anything is invalid;
// many jobs go with bounded concurrency behind a cancellable progress notification.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, errorMessage } from '../api';
import type { JobConfig, ScheduledJob } from '../api';
import type { Connection } from '../connection';
import type { JobFileAnalysis } from '../jobfiles';
import { analyzeJobFile, fileKindOf } from '../jobfiles';
import { describeJobType, shortId } from '../jobLabels';
import type { JobWatcher } from '../jobWatcher';
import type { KnownJobs } from '../knownJobs';
import { log } from '../log';
import type { Refresher } from '../refresh/refresher';
import { readSettings } from '../settings';
import type { JobFileDiagnostics } from './diagnostics';

export interface SubmitSummary {
  file: string;
  submitted: string[];
  failed: Array<{ index: number; error: string }>;
  cancelled: number;
  schedules: ScheduledJob[];
  /** Set when nothing was sent because the file has problems. */
  refused?: string;
}

export class JobFileSubmitter {
  constructor(
    private readonly connection: Connection,
    private readonly knownJobs: KnownJobs,
    private readonly watcher: JobWatcher,
    private readonly refresher: Refresher,
    private readonly diagnostics: JobFileDiagnostics,
  ) {}

  /** Reads a file as the editor has it (unsaved edits included) and analyses it. */
  async analyze(uri: vscode.Uri): Promise<JobFileAnalysis> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.diagnostics.update(open) ?? analyzeJobFile(open.getText(), open.fileName);
    const bytes = await vscode.workspace.fs.readFile(uri);
    return analyzeJobFile(new TextDecoder().decode(bytes), uri.fsPath, { cronDialect: readSettings().cronDialect });
  }

  /**
   * Submits one file (every entry, or only `only`). Refuses the whole file when any entry it
   * would send has an error, and says why.
   */
  async submitFile(uri: vscode.Uri, only?: number): Promise<SubmitSummary> {
    const file = vscode.workspace.asRelativePath(uri);
    const summary: SubmitSummary = { file, submitted: [], failed: [], cancelled: 0, schedules: [] };
    const analysis = await this.analyze(uri);
    const entries = only === undefined ? analysis.entries : analysis.entries.filter((e) => e.index === only);
    const errors = [...analysis.problems.filter((p) => p.severity === 'error' && (only === undefined || p.entry === undefined || p.entry === only))];
    if (analysis.kind === 'unknown') summary.refused = `${file} is not a job or schedule file (*.job.json|yaml|yml, *.schedule.json|yaml|yml)`;
    else if (entries.length === 0 && errors.length === 0) summary.refused = `${file} has no ${analysis.kind} to submit`;
    else if (errors.length > 0) {
      const first = errors[0];
      summary.refused =
        `${file} has ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was sent. ` +
        `First: line ${first.range.start.line + 1}: ${first.message}`;
    }
    if (summary.refused) {
      void vscode.window.showErrorMessage(summary.refused, 'Show Problems').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return summary;
    }

    if (analysis.kind === 'schedule') {
      const serverDialect = readSettings().cronDialect === 'server';
      for (const entry of entries) {
        const schedule = { ...entry.schedule! };
        // The server wants a leading seconds field: send the classic form converted, and say so.
        if (serverDialect && entry.cron && entry.cron.serverExpression !== schedule.cron_expression) {
          log().info(`${file}: schedule '${schedule.name}' sent with cron '${entry.cron.serverExpression}' (written '${schedule.cron_expression}')`);
          schedule.cron_expression = entry.cron.serverExpression;
        }
        try {
          summary.schedules.push(await this.connection.client.createSchedule(schedule));
        } catch (err) {
          summary.failed.push({ index: entry.index, error: errorMessage(err) });
        }
      }
    } else {
      await this.submitJobs(entries.map((e) => ({ index: e.index, job: e.job! })), uri.fsPath, summary);
    }
    void this.refresher.refreshNow();
    this.report(summary, analysis.kind === 'schedule' ? 'schedule' : 'job');
    return summary;
  }

  private async submitJobs(jobs: Array<{ index: number; job: JobConfig }>, source: string, summary: SubmitSummary): Promise<void> {
    await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Submitting ${jobs.length} job${jobs.length === 1 ? '' : 's'} from ${path.basename(source)}`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          const outcomes = await this.connection.client.submitMany(
            jobs.map((j) => j.job),
            {
              concurrency: 8,
              signal: controller.signal,
              onProgress: ({ done, total }) => progress.report({ increment: 100 / total, message: `${done} of ${total}` }),
            },
          );
          for (const outcome of outcomes) {
            const { index, job } = jobs[outcome.index];
            if (outcome.ok) {
              summary.submitted.push(outcome.jobId);
              await this.knownJobs.add({ jobId: outcome.jobId, definition: job, source, submittedAt: new Date().toISOString() });
              this.watcher.watch(outcome.jobId, describeJobType(job.job_type));
            } else if (outcome.error instanceof CancelledError) {
              summary.cancelled++;
            } else {
              summary.failed.push({ index, error: outcome.error.message });
            }
          }
        } finally {
          sub.dispose();
        }
      },
    );
  }

  private report(summary: SubmitSummary, kind: 'job' | 'schedule'): void {
    const noun = kind === 'schedule' ? 'schedule' : 'job';
    const sent = kind === 'schedule' ? summary.schedules.length : summary.submitted.length;
    const total = sent + summary.failed.length + summary.cancelled;
    const parts = [`${kind === 'schedule' ? 'Created' : 'Submitted'} ${sent} of ${total} ${noun}${total === 1 ? '' : 's'} from ${summary.file}`];
    if (summary.cancelled) parts.push(`${summary.cancelled} not sent (cancelled)`);
    for (const f of summary.failed) log().error(`${summary.file} entry ${f.index + 1}: ${f.error}`);
    if (summary.failed.length) {
      const detail = summary.failed.slice(0, 3).map((f) => `#${f.index + 1}: ${f.error}`).join('; ');
      parts.push(`${summary.failed.length} failed (${detail}${summary.failed.length > 3 ? '; …' : ''})`);
      void vscode.window.showErrorMessage(`${parts.join('. ')}.`, 'Show Log').then((c) => c && log().show());
    } else {
      const ids = summary.submitted.length === 1 ? ` (${shortId(summary.submitted[0])})` : '';
      void vscode.window.showInformationMessage(`${parts.join('. ')}${ids}.`);
    }
    log().info(`${parts.join('. ')}.`);
  }

  /** "Submit and wait": one job, progress until it finishes, then its panel. */
  async submitAndWait(uri: vscode.Uri, index: number): Promise<void> {
    const summary = await this.submitFile(uri, index);
    const jobId = summary.submitted[0];
    if (!jobId) return;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Waiting for job ${shortId(jobId)}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        try {
          await this.connection.client.waitForJob(jobId, {
            pollInterval: 1,
            signal: controller.signal,
            onUpdate: (s) => progress.report({ message: `${s.status}${s.retry_count ? ` (retry ${s.retry_count})` : ''}` }),
          });
        } catch (err) {
          if (err instanceof CancelledError) return; // stop waiting; the job keeps running and is watched
          // Failed jobs are announced by the watcher; the panel below shows the details either way.
          log().info(`Waiting for ${jobId}: ${errorMessage(err)}`);
        } finally {
          sub.dispose();
        }
        await vscode.commands.executeCommand('riptide.job.openDetails', jobId);
      },
    );
  }

  /** Every job and schedule file under a folder, submitted file by file. */
  async submitFolder(folder: vscode.Uri): Promise<SubmitSummary[]> {
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.{job,schedule}.{json,yaml,yml}'), '**/node_modules/**');
    if (files.length === 0) {
      void vscode.window.showInformationMessage(`No job or schedule files in ${vscode.workspace.asRelativePath(folder)}.`);
      return [];
    }
    files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
    // Validate everything first: one broken file stops the whole folder before anything is sent.
    const broken: string[] = [];
    for (const f of files) if (!(await this.analyze(f)).ok) broken.push(vscode.workspace.asRelativePath(f));
    if (broken.length) {
      void vscode.window.showErrorMessage(`Nothing was sent: ${broken.length} file(s) have problems: ${broken.slice(0, 5).join(', ')}`, 'Show Problems').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return [];
    }
    const summaries: SubmitSummary[] = [];
    for (const f of files) summaries.push(await this.submitFile(f));
    return summaries;
  }
}

/** The file a command was invoked on: its argument (explorer, editor title), else the active editor. */
export function targetFile(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  return active && fileKindOf(active.fileName) ? active.uri : undefined;
}
