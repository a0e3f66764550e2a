// The Jobs view's commands. Each works from a tree node and from the palette (then it takes the
// view's selection, or asks for a job id). Open details / open result belong to the panels:
// here they are only executed, with the job id as argument.
import * as vscode from 'vscode';
import { showErrorText, showInfoText } from '../text';
import { refusedInRestrictedMode } from '../workspaceTrust';
import { ApiError, errorMessage, refusedQueryWord, RIPTIDE_REFUSED_QUERY_WORDS } from '../../api';
import type { Connection } from '../connection/connection';
import { describeJobTypeLabel, jobTypeWords, shortId } from '../../common/jobLabels';
import type { JobWatcher } from '../jobs/jobWatcher';
import type { KnownJob, KnownJobs } from '../jobs/knownJobs';
import type { JobTrace } from '../jobs/jobTrace';
import type { Refresher } from '../../core/refresh/refresher';
import { askJobId, parseJobId } from '../../core/panels/jobTarget';
import { jobIdArg } from '../../core/commandArgs';
import { GroupKey, JobEntry, JOB_TYPE_FILTERS, JobGroup, validJobTypeFilter } from '../../core/views/jobsModel';
import { LoadMoreNode, type JobsView } from './jobsView';

export interface JobCommandDeps {
  view: JobsView;
  connection: Connection;
  refresher: Refresher;
  knownJobs: KnownJobs;
  watcher: JobWatcher;
  trace: JobTrace;
}

/** A command's target: a tree node, a job id (from another command), or nothing (palette). */
type JobTarget = JobEntry | string | undefined;

export function registerJobCommands(deps: JobCommandDeps): vscode.Disposable[] {
  const { view, connection, refresher, knownJobs, watcher, trace } = deps;

  /** The job id a command acts on: the node's, the argument, the selection's, or asked for. */
  const targetId = async (target: JobTarget, purpose: string): Promise<string | undefined> => {
    if (target instanceof JobEntry) return target.id;
    if (typeof target === 'string') return parseJobId(target) ?? target;
    const selected = view.selectedJob();
    if (selected) return selected.id;
    return askJobId(vscode.window.showInputBox, purpose);
  };

  /** Every job of a multi-selection (VS Code passes it second), else the one target. */
  const targetIds = async (target: JobTarget, selected: unknown, purpose: string): Promise<string[]> => {
    const many = Array.isArray(selected) ? selected.filter((e): e is JobEntry => e instanceof JobEntry) : [];
    if (many.length > 0) return many.map((e) => e.id);
    if (target === undefined && view.selectedJobs().length > 1) return view.selectedJobs().map((e) => e.id);
    const one = await targetId(target, purpose);
    return one ? [one] : [];
  };

  const labelOf = (jobId: string, entry?: JobEntry): string => {
    const item = (entry ?? view.model.findEntry(jobId))?.item;
    return jobTypeWords(knownJobs.get(jobId)?.definition.job_type, item?.job_type);
  };

  return [
    vscode.commands.registerCommand('riptide.jobs.loadMore', async (arg?: LoadMoreNode | JobGroup | GroupKey) => {
      const group = arg instanceof LoadMoreNode ? arg.group : arg instanceof JobGroup ? arg : arg ? view.model.group(arg) : undefined;
      if (group) await view.loadMore(group);
    }),

    vscode.commands.registerCommand('riptide.jobs.filterByType', async (value?: string) => {
      const jobType = typeof value === 'string' ? validJobTypeFilter(value) : await pickJobType(view.model.filter.jobType);
      if (jobType === undefined) return;
      view.setFilter({ ...view.model.filter, jobType: jobType || undefined });
    }),

    vscode.commands.registerCommand('riptide.jobs.search', async (value?: string) => {
      const search =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              title: vscode.l10n.t('Search Jobs'),
              prompt: vscode.l10n.t('Matches worker ids and metadata keys and values (e.g. a schedule id or a source). Empty clears the search.'),
              value: view.model.filter.search ?? '',
              validateInput: riptideRefusalWarning,
            });
      if (search === undefined) return;
      view.setFilter({ ...view.model.filter, search });
    }),

    vscode.commands.registerCommand('riptide.jobs.clearFilter', () => view.setFilter({})),

    // Takes "<uuid>" or { "jobId": "<uuid>" } (keybindings, links), or asks. Resolves with what
    // happened (the job id, or the message shown), for callers and tests.
    vscode.commands.registerCommand('riptide.goToJob', async (value?: unknown): Promise<{ jobId?: string; error?: string } | undefined> => {
      const fail = (error: string) => {
        void showErrorText(error);
        return { error };
      };
      let jobId: string | undefined;
      if (value === undefined) {
        jobId = await askJobId(vscode.window.showInputBox, vscode.l10n.t('Go to job'));
        if (!jobId) return undefined;
      } else {
        const checked = jobIdArg('riptide.goToJob', value);
        if (!checked.ok) return fail(checked.error);
        jobId = checked.value;
      }
      try {
        await connection.client.getJobStatus(jobId);
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return fail(vscode.l10n.t('No job with id {0} on {1}.', jobId, connection.serverUrl));
        return fail(vscode.l10n.t('Could not look up job {0}: {1}', jobId, errorMessage(err)));
      }
      await view.reveal(jobId).catch(() => false);
      await vscode.commands.executeCommand('riptide.job.openDetails', jobId);
      return { jobId };
    }),

    vscode.commands.registerCommand('riptide.job.copyId', async (target?: JobTarget, selected?: unknown) => {
      const ids = await targetIds(target, selected, vscode.l10n.t('Copy job id'));
      if (ids.length === 0) return;
      await vscode.env.clipboard.writeText(ids.join('\n'));
      vscode.window.setStatusBarMessage(ids.length === 1 ? vscode.l10n.t('Copied job id {0}', ids[0]) : vscode.l10n.t('Copied {0} job ids', ids.length), 3000);
    }),

    vscode.commands.registerCommand('riptide.job.submitAgain', async (target?: JobTarget, selected?: unknown) => {
      const ids = await targetIds(target, selected, vscode.l10n.t('Submit again'));
      if (ids.length === 0) return;
      const known = ids.map((id) => knownJobs.get(id)).filter((k): k is KnownJob => k !== undefined);
      if (known.length === 0) {
        const which = ids.length === 1 ? vscode.l10n.t('job {0}', shortId(ids[0])) : vscode.l10n.t('these {0} jobs', ids.length);
        void showErrorText(vscode.l10n.t('The definition of {0} is not known in this window: only jobs submitted from here or from a job file can be submitted again.', which));
        return;
      }
      // Read before sending: the new jobs are filed and watched under the server they went to.
      const lease = connection.lease();
      const { server } = lease;
      const outcomes = await lease.client.submitMany(known.map((k) => k.definition), { concurrency: 4 }).finally(() => lease.release());
      const submittedAt = new Date().toISOString();
      const added: KnownJob[] = [];
      const failed: string[] = [];
      for (const o of outcomes) {
        const from = known[o.index];
        if (!o.ok) {
          failed.push(vscode.l10n.t('{0}: {1}', shortId(from.jobId), errorMessage(o.error)));
          continue;
        }
        // The same place in its file: a success clears the failure shown on that line.
        added.push({ jobId: o.jobId, definition: from.definition, source: from.source, place: from.place, server, submittedAt });
      }
      // Recorded before they are watched, so no end is seen before its run exists.
      await knownJobs.addMany(added);
      await trace.recordSubmitted(added);
      watcher.watchSubmitted(added.map((a) => ({ jobId: a.jobId, label: jobTypeWords(a.definition.job_type, undefined) })), server);
      void refresher.refreshNow();
      const notKnown = ids.length - known.length;
      if (failed.length) void showErrorText(vscode.l10n.t('Submitting again failed for {0}', failed.join('; ')));
      if (added.length === 1 && ids.length === 1) {
        const def = added[0].definition;
        void showInfoText(vscode.l10n.t('Submitted {0} again as job {1}.', jobTypeWords(def.job_type, undefined), shortId(added[0].jobId)));
      } else if (added.length) {
        const rest = notKnown ? vscode.l10n.t(' {0} not sent: definition unknown.', notKnown) : '';
        void showInfoText(vscode.l10n.t('Submitted {0} jobs again.{1}', added.length, rest));
      }
      return added.map((a) => a.jobId);
    }),

    vscode.commands.registerCommand('riptide.job.watch', async (target?: JobTarget, selected?: unknown) => {
      const ids = await targetIds(target, selected, vscode.l10n.t('Watch job until done'));
      for (const jobId of ids) watcher.watch(jobId, labelOf(jobId, view.model.findEntry(jobId)));
      if (ids.length === 1) vscode.window.setStatusBarMessage(vscode.l10n.t('Watching job {0}: a notification comes when it finishes.', shortId(ids[0])), 5000);
      else if (ids.length > 1) vscode.window.setStatusBarMessage(vscode.l10n.t('Watching {0} jobs: a notification comes as each finishes.', ids.length), 5000);
    }),
  ];
}

/** '' clears the type filter; undefined means the user cancelled. */
async function pickJobType(current: string | undefined): Promise<string | undefined> {
  const other = `$(edit) ${vscode.l10n.t('Other: custom:<name> or maintenance:<task>…')}`;
  const all = `$(clear-all) ${vscode.l10n.t('All job types')}`;
  const items: Array<vscode.QuickPickItem & { filter?: string }> = [
    { label: all },
    ...JOB_TYPE_FILTERS.map((t) => ({ label: describeJobTypeLabel(t), description: t === current ? vscode.l10n.t('{0} (current)', t) : t, filter: t })),
    { label: other },
  ];
  const placeHolder = current ? vscode.l10n.t('Current: {0}', describeJobTypeLabel(current)) : vscode.l10n.t('Show only jobs of this type');
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Filter Jobs by Type'), placeHolder });
  if (!picked) return undefined;
  if (picked.label === all) return '';
  if (picked.filter) return picked.filter;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Filter Jobs by Type'),
    prompt: vscode.l10n.t('e.g. custom:data_export or maintenance:cache_cleanup'),
    value: current,
    validateInput: (v) => (validJobTypeFilter(v) ? riptideRefusalWarning(v) : vscode.l10n.t('Expected batch_crawl, single_crawl, pdf_extraction, maintenance[:task] or custom[:name]')),
  });
  return typed ? validJobTypeFilter(typed) : undefined;
}

/** A warning, not an error: only a RipTide server refuses these words in a query string (the local server takes them). */
function riptideRefusalWarning(value: string): vscode.InputBoxValidationMessage | undefined {
  const word = refusedQueryWord(value);
  if (word === undefined) return undefined;
  return {
    message: vscode.l10n.t('A RipTide server refuses "{0}" in a search or filter (its request validation refuses {1}); the local server takes it.', word, RIPTIDE_REFUSED_QUERY_WORDS.join(', ')),
    severity: vscode.InputBoxValidationSeverity.Warning,
  };
}
