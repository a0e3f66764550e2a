// The Schedules view's commands: create from a schedule file (or pasted JSON), delete with a
// confirmation, copy id, and show the jobs a schedule started (the Jobs view searched by its id,
// since every job a schedule starts carries metadata scheduled_job_id).
import * as vscode from 'vscode';
import { refusedInRestrictedMode } from '../workspaceTrust';
import { askModal, labelText, showErrorText, showInfoText, showWarningText } from '../text';
import { ApiError, errorMessage, type ScheduledJob, type ScheduledJobConfig } from '../../api';
import type { Connection } from '../connection/connection';
import { analyzeJobFile, fileGlobOf, fileKindOf, fileNamesOf } from '../../jobfiles';
import { formatRelative } from '../../common/jobLabels';
import { readSettings } from '../settings';
import type { JobsView } from './jobsView';
import { ScheduleNode, type SchedulesView } from './schedulesView';

export interface ScheduleCommandDeps {
  view: SchedulesView;
  jobsView: JobsView;
  connection: Connection;
}

type ScheduleTarget = ScheduleNode | string | undefined;

export function registerScheduleCommands(deps: ScheduleCommandDeps): vscode.Disposable[] {
  const { view, jobsView, connection } = deps;

  /** The schedule a command acts on: the node, an id argument, the selection, or picked. */
  const target = async (arg: ScheduleTarget, title: string): Promise<ScheduledJob | undefined> => {
    if (arg instanceof ScheduleNode) return arg.schedule;
    if (typeof arg === 'string') return view.schedules.find((s) => s.id === arg) ?? ({ id: arg, name: arg } as ScheduledJob);
    const selected = view.selected();
    if (selected) return selected.schedule;
    let schedules = view.schedules;
    if (schedules.length === 0) {
      try {
        schedules = await connection.client.listSchedules();
      } catch (err) {
        void showErrorText(vscode.l10n.t('Could not list schedules: {0}', errorMessage(err)));
        return undefined;
      }
    }
    if (schedules.length === 0) {
      void showInfoText(vscode.l10n.t('There are no scheduled jobs.'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      schedules.map((s) => ({ label: labelText(s.name), description: labelText(s.cron_expression), detail: labelText(s.id), schedule: s })),
      { title },
    );
    return picked?.schedule;
  };


  return [
    vscode.commands.registerCommand('riptide.schedules.create', async (uri?: vscode.Uri) => {
      const source = uri instanceof vscode.Uri ? { uri } : await scheduleSourceFromPick();
      if (!source) return undefined;
      // A file goes the way every job and schedule file is sent: checked, with progress and
      // Cancel, its schedules remembered with their file and line.
      if ('uri' in source) return submitScheduleFile(source.uri);
      const configs = source.configs;
      if (refusedInRestrictedMode(vscode.l10n.t('the schedule'))) return undefined;
      const created: ScheduledJob[] = [];
      // One server for all of them, read before sending: switching servers meanwhile sends none of the rest elsewhere.
      const lease = connection.lease();
      try {
        for (const config of configs) {
          try {
            created.push(await lease.client.createSchedule(config));
          } catch (err) {
            void showErrorText(vscode.l10n.t("Creating schedule '{0}' failed: {1}", config.name, errorMessage(err)));
          }
        }
      } finally {
        lease.release();
      }
      if (created.length === 0) return;
      view.schedulesChanged(created);
      const first = created[0];
      const next = first.next_execution_at ? formatRelative(new Date(first.next_execution_at)) : undefined;
      void showInfoText(
        created.length > 1
          ? vscode.l10n.t('Created {0} schedules: {1}.', created.length, created.map((s) => s.name).join(', '))
          : next
            ? vscode.l10n.t("Created schedule '{0}': next run {1}.", first.name, next)
            : vscode.l10n.t("Created schedule '{0}'.", first.name),
      );
    }),

    vscode.commands.registerCommand('riptide.schedule.delete', async (arg?: ScheduleTarget) => {
      const schedule = await target(arg, vscode.l10n.t('Delete which schedule?'));
      if (!schedule) return;
      const del = vscode.l10n.t('Delete');
      const answer = await askModal(
        vscode.l10n.t("Delete schedule '{0}'?", schedule.name),
        vscode.l10n.t('It will start no more jobs. Jobs it already started stay in the queue.\n\nId: {0}', schedule.id),
        del,
      );
      if (answer !== del) return;
      try {
        await connection.client.deleteSchedule(schedule.id);
        vscode.window.setStatusBarMessage(vscode.l10n.t("Deleted schedule '{0}'", schedule.name), 3000);
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) void showWarningText(vscode.l10n.t("Schedule '{0}' was already gone.", schedule.name));
        else void showErrorText(vscode.l10n.t("Deleting schedule '{0}' failed: {1}", schedule.name, errorMessage(err)));
      }
      view.schedulesChanged();
    }),

    vscode.commands.registerCommand('riptide.schedule.copyId', async (arg?: ScheduleTarget) => {
      const schedule = await target(arg, vscode.l10n.t('Copy the id of which schedule?'));
      if (!schedule) return;
      await vscode.env.clipboard.writeText(schedule.id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied schedule id {0}', schedule.id), 3000);
    }),

    vscode.commands.registerCommand('riptide.schedule.showJobs', async (arg?: ScheduleTarget) => {
      const schedule = await target(arg, vscode.l10n.t('Show the jobs of which schedule?'));
      if (!schedule) return;
      jobsView.setFilter({ search: schedule.id });
      await vscode.commands.executeCommand('riptide.jobs.focus');
    }),
  ];
}

const SCHEDULE_FILES = fileGlobOf('schedule');

/** Asks for a schedule file in the workspace, or for JSON typed in. */
async function scheduleSourceFromPick(): Promise<{ uri: vscode.Uri } | { configs: ScheduledJobConfig[] } | undefined> {
  const files = await vscode.workspace.findFiles(SCHEDULE_FILES, '**/node_modules/**', 200);
  const paste = { label: `$(json) ${vscode.l10n.t('Paste a schedule as JSON…')}`, uri: undefined as vscode.Uri | undefined };
  const items = [
    ...files.map((uri) => ({ label: `$(calendar) ${labelText(vscode.workspace.asRelativePath(uri))}`, uri })),
    paste,
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Create Schedule'), placeHolder: vscode.l10n.t('A *.schedule.json / *.schedule.yaml file, or JSON') });
  if (!picked) return undefined;
  if (picked.uri) return { uri: picked.uri };
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create Schedule from JSON'),
    prompt: vscode.l10n.t('name, cron_expression (sec min hour day month weekday; weekdays as names, e.g. MON-FRI) and job_template'),
    value: '{"name": "nightly_health", "cron_expression": "0 0 2 * * *", "job_template": {"type": "maintenance", "task_type": "health_check", "parameters": {}}}',
    validateInput: (v) => {
      try {
        JSON.parse(v);
        return undefined;
      } catch (err) {
        return vscode.l10n.t('Not JSON: {0}', (err as Error).message);
      }
    },
  });
  if (!text) return undefined;
  // Checked like a schedule file, so a classic cron is sent in the server's dialect with its
  // meaning kept, or refused with the reason (the same path as every other schedule sent).
  const analysis = analyzeJobFile(text, 'pasted.schedule.json', { kind: 'schedule', format: 'json', cronDialect: readSettings().cronDialect });
  const firstError = analysis.problems.find((p) => p.severity === 'error');
  if (firstError || !analysis.ok) {
    void showErrorText(vscode.l10n.t('The schedule was not created: {0}', firstError?.message ?? vscode.l10n.t('no schedule in it')));
    return undefined;
  }
  return { configs: analysis.entries.flatMap((e) => (e.schedule ? [e.schedule] : [])) };
}

/** A schedule file is sent as Submit Job File sends it; any other file is refused, saying why. */
function submitScheduleFile(uri: vscode.Uri): Thenable<unknown> | undefined {
  if (fileKindOf(uri.path) !== 'schedule') {
    void showErrorText(vscode.l10n.t('{0} is not a schedule file ({1}).', vscode.workspace.asRelativePath(uri), fileNamesOf('schedule')));
    return undefined;
  }
  return vscode.commands.executeCommand('riptide.submitFile', uri);
}
