// The Jobs view's actions on one job or a multi-selection (open, copy ids, watch, submit again,
// compare two, save as files), "Compare with Previous Run", "Submit Again All Dead-Letter
// Jobs" on its group, and "Save as Schedule File" in the Schedules view.
import * as vscode from 'vscode';
import { showInfoText } from '../text';
import { JobEntry } from '../../core/views/jobsModel';
import type { TraceCommands } from '../jobs/traceCommands';
import type { JobDocuments } from '../jobs/resultDocuments';
import type { JobsView } from './jobsView';
import { ScheduleNode, type SchedulesView } from './schedulesView';

/** The jobs a command acts on: the right-clicked node and the rest of the selection, else the selection. */
export function targetJobs(view: JobsView, clicked: unknown, selected: unknown): JobEntry[] {
  const many = Array.isArray(selected) ? selected.filter((e): e is JobEntry => e instanceof JobEntry) : [];
  if (many.length > 0) return many;
  if (clicked instanceof JobEntry) return [clicked];
  return view.selectedJobs();
}

export function registerManyJobCommands(view: JobsView, schedules: SchedulesView, trace: TraceCommands, documents: JobDocuments): vscode.Disposable[] {
  const jobIds = async (clicked: unknown, selected: unknown, purpose: string): Promise<string[]> => {
    if (typeof clicked === 'string') return [clicked];
    const entries = targetJobs(view, clicked, selected);
    if (entries.length) return entries.map((e) => e.id);
    const typed = await vscode.window.showInputBox({ title: purpose, prompt: vscode.l10n.t('Job id') });
    return typed?.trim() ? [typed.trim()] : [];
  };

  return [
    vscode.commands.registerCommand('riptide.job.openResultDocument', async (clicked?: unknown, selected?: unknown) => {
      for (const jobId of await jobIds(clicked, selected, vscode.l10n.t('Open Result as Document'))) await documents.open(jobId, 'result');
    }),
    vscode.commands.registerCommand('riptide.jobs.compareResults', async (clicked?: unknown, selected?: unknown): Promise<boolean> => {
      // From code: two job ids.
      if (typeof clicked === 'string' && typeof selected === 'string') return trace.compare(clicked, selected);
      const entries = targetJobs(view, clicked, selected);
      if (entries.length !== 2) {
        void showInfoText(vscode.l10n.t('Select two jobs to compare their results (Ctrl or Shift and click in the Jobs view).'));
        return false;
      }
      // The older one on the left.
      const [a, b] = [...entries].sort((x, y) => Date.parse(x.item.created_at) - Date.parse(y.item.created_at));
      return trace.compare(a.id, b.id);
    }),
    vscode.commands.registerCommand('riptide.job.compareWithPrevious', async (clicked?: unknown, selected?: unknown) => {
      const [jobId] = await jobIds(clicked, selected, vscode.l10n.t('Compare with Previous Run'));
      return jobId ? trace.compareWithPrevious(jobId) : false;
    }),
    vscode.commands.registerCommand('riptide.job.saveAsFile', async (clicked?: unknown, selected?: unknown) => {
      const ids = await jobIds(clicked, selected, vscode.l10n.t('Save as Job File'));
      return ids.length ? trace.saveJobs(ids) : [];
    }),
    vscode.commands.registerCommand('riptide.schedule.saveAsFile', async (clicked?: unknown) => {
      const node = clicked instanceof ScheduleNode ? clicked : schedules.selected();
      if (!node) {
        void showInfoText(vscode.l10n.t('Select a schedule in the Schedules view first.'));
        return [];
      }
      return trace.saveSchedule(node.schedule);
    }),
    vscode.commands.registerCommand('riptide.jobs.submitAgainDeadLetter', () => trace.resubmitDeadLetter(view.model.filter)),
  ];
}
