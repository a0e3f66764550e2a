// Commands that open the panels, and the serializers that bring them back after a reload.
import * as vscode from 'vscode';
import { showErrorText } from '../text';
import type { Dashboard } from './dashboardPanel';
import { DASHBOARD_VIEW_TYPE } from './dashboardPanel';
import { JOB_VIEW_TYPE, type JobPanels } from './jobPanel';
import { askJobId, jobTargetOf } from '../../core/panels/jobTarget';
import { jobIdArg, optionsArg } from '../../core/commandArgs';

export function registerPanelCommands(jobs: JobPanels, dashboard: Dashboard): vscode.Disposable[] {
  const open = (command: string, section?: 'result') => async (arg?: unknown) => {
    if (arg === undefined) {
      const jobId = await askJobId(vscode.window.showInputBox, section ? vscode.l10n.t('Open RipTide Job Result') : vscode.l10n.t('Open RipTide Job'));
      if (jobId) jobs.createOrShow(jobId, {}, section);
      return;
    }
    // A tree node or an id from another command; else what a keybinding or link gives ({ "id": … }).
    const checked = jobIdArg(command, arg);
    const target = jobTargetOf(arg) ?? (checked.ok ? { jobId: checked.value } : undefined);
    if (!target) {
      if (!checked.ok) void showErrorText(checked.error);
      return;
    }
    const { jobId, ...hints } = target;
    jobs.createOrShow(jobId, hints, section);
  };
  return [
    vscode.commands.registerCommand('riptide.job.openDetails', open('riptide.job.openDetails')),
    vscode.commands.registerCommand('riptide.job.openResult', open('riptide.job.openResult', 'result')),
    // From the status bar and the palette with nothing; from keybindings and links with options.
    vscode.commands.registerCommand('riptide.openDashboard', (arg?: unknown) => {
      const options = optionsArg<{ beside: boolean; preserveFocus: boolean }>('riptide.openDashboard', arg, { beside: 'boolean', preserveFocus: 'boolean' });
      if (!options.ok) {
        void showErrorText(options.error);
        return { error: options.error };
      }
      dashboard.createOrShow(options.value);
      return {};
    }),
    vscode.window.registerWebviewPanelSerializer(JOB_VIEW_TYPE, jobs),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, dashboard),
  ];
}
