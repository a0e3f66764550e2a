// Actions on one or many jobs that tie them back to their definitions: compare results in the
// diff editor, save definitions (and schedules) as job files, and send every known dead-letter
// job again. Each works from tree nodes (one, or a multi-selection) and through the API for tests.
import * as vscode from 'vscode';
import { askModal, showErrorText, showInfoText, showWarningText, withProgressText } from '../text';
import { errorMessage, type ScheduledJob, type WorkersClient } from '../../api';
import type { Connection, ServerLease } from '../connection/connection';
import { fingerprintOf } from '../../core/trace/jobSources';
import { jobFileName, jobFileText, scheduleFileName, scheduleFileText } from '../../core/trace/jobFileText';
import { describeJobType, shortId } from '../../common/jobLabels';
import type { Refresher } from '../../core/refresh/refresher';
import type { JobFilter } from '../../core/views/jobsModel';
import { MAX_PAGE } from '../../core/views/jobsModel';
import { log } from '../log';
import type { JobWatcher } from './jobWatcher';
import type { KnownJob, KnownJobs, KnownSchedules } from './knownJobs';
import type { JobTrace } from './jobTrace';
import { jobDocumentUri, type JobDocuments } from './resultDocuments';

/** Dead-letter jobs read for "Submit Again All" at most (pages of MAX_PAGE). */
const DEAD_LETTER_AT_MOST = 10_000;

export interface TraceCommandDeps {
  connection: Connection;
  refresher: Refresher;
  knownJobs: KnownJobs;
  knownSchedules: KnownSchedules;
  watcher: JobWatcher;
  trace: JobTrace;
  documents: JobDocuments;
}

export interface ResubmitOptions {
  confirm?: (message: string, detail: string, button: string) => Thenable<boolean>;
  signal?: AbortSignal;
}

export interface ResubmitOutcome {
  /** Dead-letter jobs found (matching the filter). */
  found: number;
  /** Of those, whose definition is unknown here (not sent). */
  unknown: number;
  /** Old job id -> new job id, for each one sent. */
  sent: Array<{ from: string; to: string }>;
  failed: Array<{ from: string; error: string }>;
  cancelled: number;
  /** False when the user said no (nothing was sent). */
  confirmed: boolean;
}

export class TraceCommands {
  constructor(private readonly deps: TraceCommandDeps) {}

  /** Opens the diff editor of two jobs' results (left: the older one, when known). */
  async compare(left: string, right: string, title?: string): Promise<boolean> {
    // Read both first: a missing result gets a message instead of a broken diff.
    for (const jobId of [left, right]) {
      try {
        await this.deps.documents.result(jobId);
      } catch (err) {
        void showErrorText(vscode.l10n.t('Cannot compare: job {0} has no result to read ({1}).', shortId(jobId), errorMessage(err)));
        return false;
      }
    }
    const words = title ?? vscode.l10n.t('Result {0} ↔ {1}', shortId(left), shortId(right));
    const suffix = this.deps.documents.ignoreVolatile ? vscode.l10n.t(' (without volatile fields)') : '';
    await vscode.commands.executeCommand('vscode.diff', jobDocumentUri(left, 'result', true), jobDocumentUri(right, 'result', true), `${words}${suffix}`, { preview: false });
    return true;
  }

  /** The run of the same definition sent just before this one (same file entry, else the same definition). */
  previousRun(jobId: string): string | undefined {
    const known = this.deps.knownJobs.get(jobId);
    const run = this.deps.trace.find(jobId);
    const before = (at: number) => (r: { submittedAt: number }) => r.submittedAt < at;
    if (run) {
      const runs = this.deps.trace.runsOf(vscode.Uri.parse(run.file)).filter((r) => r.index === run.index && r.fingerprint === run.fingerprint && r.jobId !== jobId);
      const earlier = runs.filter(before(run.submittedAt)).sort((a, b) => b.submittedAt - a.submittedAt)[0];
      if (earlier) return earlier.jobId;
    }
    if (!known) return undefined;
    const fingerprint = fingerprintOf(known.definition);
    const at = Date.parse(known.submittedAt);
    return this.deps.knownJobs
      .all()
      .filter((k) => k.jobId !== jobId && Date.parse(k.submittedAt) < at && fingerprintOf(k.definition) === fingerprint)
      .sort((a, b) => Date.parse(b.submittedAt) - Date.parse(a.submittedAt))[0]?.jobId;
  }

  async compareWithPrevious(jobId: string): Promise<boolean> {
    const previous = this.previousRun(jobId);
    if (!previous) {
      void showInfoText(vscode.l10n.t('No earlier run of the definition of job {0} is known here.', shortId(jobId)));
      return false;
    }
    return this.compare(previous, jobId, vscode.l10n.t('Previous run {0} ↔ {1}', shortId(previous), shortId(jobId)));
  }

  /**
   * Writes each known definition as a job file in `folder` (never over an existing file) and
   * opens them, so they are checked like every job file. Returns the files written.
   */
  async saveJobs(jobIds: readonly string[], folder?: vscode.Uri): Promise<vscode.Uri[]> {
    const known = jobIds.map((id) => this.deps.knownJobs.get(id)).filter((k): k is KnownJob => k !== undefined);
    const unknown = jobIds.length - known.length;
    if (known.length === 0) {
      void showErrorText(vscode.l10n.t('The definitions of these jobs are not known here: only jobs sent from this workspace can be saved as job files.'));
      return [];
    }
    const from = { server: this.deps.connection.serverUrl, at: new Date() };
    const files = known.map((k) => ({ name: jobFileName(k.definition, k.jobId), text: jobFileText(k.definition, { jobId: k.jobId, ...from }) }));
    const written = await this.write(files, folder);
    if (unknown) void showWarningText(vscode.l10n.t('{0} job(s) not saved: their definitions are not known here.', unknown));
    return written;
  }

  async saveSchedule(schedule: ScheduledJob, folder?: vscode.Uri): Promise<vscode.Uri[]> {
    const known = this.deps.knownSchedules.get(schedule.id)?.definition;
    const text = scheduleFileText(schedule, known, { server: this.deps.connection.serverUrl, at: new Date() });
    return this.write([{ name: scheduleFileName(schedule), text }], folder);
  }

  /** Every dead-letter job matching `filter` whose definition is known, sent again after a confirmation. */
  async resubmitDeadLetter(filter: JobFilter, options: ResubmitOptions = {}): Promise<ResubmitOutcome> {
    const outcome: ResubmitOutcome = { found: 0, unknown: 0, sent: [], failed: [], cancelled: 0, confirmed: false };
    // One server throughout, read before anything is listed or sent: the jobs found are sent
    // back to it, and filed and watched under it, even if another is chosen meanwhile.
    let lease: ServerLease;
    try {
      lease = this.deps.connection.lease();
    } catch (err) {
      void showErrorText(vscode.l10n.t('Listing the dead-letter jobs failed: {0}', errorMessage(err)));
      return outcome;
    }
    try {
      return await this.resubmitOn(lease, filter, options, outcome);
    } finally {
      lease.release();
    }
  }

  private async resubmitOn(lease: ServerLease, filter: JobFilter, options: ResubmitOptions, outcome: ResubmitOutcome): Promise<ResubmitOutcome> {
    const { client, server } = lease;
    let ids: string[];
    try {
      ids = await this.deadLetterIds(client, filter);
    } catch (err) {
      void showErrorText(vscode.l10n.t('Listing the dead-letter jobs failed: {0}', errorMessage(err)));
      return outcome;
    }
    const known = ids.map((id) => this.deps.knownJobs.get(id, server)).filter((k): k is KnownJob => k !== undefined);
    outcome.found = ids.length;
    outcome.unknown = ids.length - known.length;
    const scope = filter.jobType || filter.search ? vscode.l10n.t(' matching the filter') : '';
    if (known.length === 0) {
      void showInfoText(
        ids.length === 0
          ? vscode.l10n.t('No dead-letter jobs{0}.', scope)
          : vscode.l10n.t('None of the {0} dead-letter job(s){1} can be sent again: their definitions are not known here.', ids.length, scope),
      );
      return outcome;
    }
    const message = vscode.l10n.t('Submit {0} dead-letter job(s){1} again?', known.length, scope);
    const detail = outcome.unknown
      ? vscode.l10n.t('{0} of the {1} cannot be sent: their definitions are not known here (only jobs sent from this workspace are).', outcome.unknown, ids.length)
      : vscode.l10n.t('Each is sent as a new job with the same definition.');
    const button = vscode.l10n.t('Submit {0}', known.length);
    const confirm = options.confirm ?? (async (m, d, b) => (await askModal(m, d, b)) === b);
    if (!(await confirm(message, detail, button))) return outcome;
    outcome.confirmed = true;

    await withProgressText(
      vscode.l10n.t('Submitting {0} dead-letter job(s) again', known.length),
      { cancellable: true },
      async (report, token) => {
        const stop = new AbortController();
        token.onCancellationRequested(() => stop.abort());
        options.signal?.addEventListener('abort', () => stop.abort(), { once: true });
        // submitMany keeps to the server's rate limit; Cancel lets requests in flight finish.
        const results = await client.submitMany(known.map((k) => k.definition), {
          concurrency: 4,
          stop: stop.signal,
          onProgress: ({ done, total }) => report(vscode.l10n.t('{0} of {1}', done, total), 100 / total),
        });
        const submittedAt = new Date().toISOString();
        const added: KnownJob[] = [];
        for (const r of results) {
          const from = known[r.index];
          if (r.ok) {
            outcome.sent.push({ from: from.jobId, to: r.jobId });
            // The same place: a success clears the failure on its definition's line.
            added.push({ jobId: r.jobId, definition: from.definition, source: from.source, place: from.place, server, submittedAt });
          } else if (r.error.name === 'CancelledError') outcome.cancelled++;
          else outcome.failed.push({ from: from.jobId, error: r.error.message });
        }
        await this.deps.knownJobs.addMany(added);
        await this.deps.trace.recordSubmitted(added);
        this.deps.watcher.watchSubmitted(added.map((a) => ({ jobId: a.jobId, label: describeJobType(a.definition.job_type) })), server);
      },
    );
    void this.deps.refresher.refreshNow();
    const parts = [vscode.l10n.t('Submitted {0} of {1} dead-letter job(s) again.', outcome.sent.length, known.length)];
    if (outcome.cancelled) parts.push(vscode.l10n.t('{0} not sent (cancelled).', outcome.cancelled));
    if (outcome.failed.length) parts.push(vscode.l10n.t('{0} failed: {1}', outcome.failed.length, outcome.failed.slice(0, 3).map((f) => `${shortId(f.from)}: ${f.error}`).join('; ')));
    if (outcome.unknown) parts.push(vscode.l10n.t('{0} not sent: definition unknown.', outcome.unknown));
    const summary = parts.join(' ');
    log().info(summary);
    if (outcome.failed.length) void showErrorText(summary);
    else void showInfoText(summary);
    return outcome;
  }

  private async deadLetterIds(client: WorkersClient, filter: JobFilter): Promise<string[]> {
    const ids: string[] = [];
    for (let offset = 0; offset < DEAD_LETTER_AT_MOST; offset += MAX_PAGE) {
      const page = await client.listJobs({ status: 'dead_letter', jobType: filter.jobType, search: filter.search, limit: MAX_PAGE, offset });
      ids.push(...page.jobs.map((j) => j.job_id));
      if (page.jobs.length < MAX_PAGE) break;
    }
    return [...new Set(ids)];
  }

  /** Writes files into `folder` (asked for when not given) under names not taken yet, and opens them. */
  private async write(files: Array<{ name: string; text: string }>, folder?: vscode.Uri): Promise<vscode.Uri[]> {
    let target = folder;
    if (!target) {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri;
      if (files.length === 1) {
        const picked = await vscode.window.showSaveDialog({ defaultUri: root ? vscode.Uri.joinPath(root, files[0].name) : undefined, filters: { YAML: ['yaml', 'yml'] }, saveLabel: vscode.l10n.t('Save Job File') });
        if (!picked) return [];
        await vscode.workspace.fs.writeFile(picked, new TextEncoder().encode(files[0].text));
        await vscode.window.showTextDocument(picked, { preview: false });
        return [picked];
      }
      target = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: root, openLabel: vscode.l10n.t('Save {0} Job Files Here', files.length) }))?.[0];
      if (!target) return [];
    }
    const written: vscode.Uri[] = [];
    for (const file of files) {
      const uri = await freeName(target, file.name);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(file.text));
      written.push(uri);
    }
    for (const uri of written.slice(0, 10)) await vscode.window.showTextDocument(uri, { preview: false, preserveFocus: written.length > 1 });
    if (written.length > 1) void showInfoText(vscode.l10n.t('Saved {0} job files in {1}.', written.length, vscode.workspace.asRelativePath(target)));
    return written;
  }
}

/** `name` in `folder`, or name-2, name-3… when taken: nothing of the user's is overwritten. */
async function freeName(folder: vscode.Uri, name: string): Promise<vscode.Uri> {
  const dot = name.indexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const rest = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) {
    const uri = vscode.Uri.joinPath(folder, n === 1 ? name : `${stem}-${n}${rest}`);
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      return uri;
    }
  }
}

