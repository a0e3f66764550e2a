// Commands that open the panels, and the serializers that bring them back after a reload.
import * as vscode from 'vscode';
import type { Dashboard } from './dashboardPanel';
import { DASHBOARD_VIEW_TYPE } from './dashboardPanel';
import { JOB_VIEW_TYPE, type JobPanels } from './jobPanel';
import { askJobId, jobTargetOf, notAJobIdMessage } from '../../core/panels/jobTarget';

export function registerPanelCommands(jobs: JobPanels, dashboard: Dashboard): vscode.Disposable[] {
  const open = (section?: 'result') => async (arg?: unknown) => {
    if (arg === undefined) {
      const jobId = await askJobId(vscode.window.showInputBox, section ? vscode.l10n.t('Open RipTide Job Result') : vscode.l10n.t('Open RipTide Job'));
      if (jobId) jobs.createOrShow(jobId, {}, section);
      return;
    }
    const target = jobTargetOf(arg);
    if (!target) {
      if (typeof arg === 'string') void vscode.window.showErrorMessage(notAJobIdMessage(arg));
      return;
    }
    const { jobId, ...hints } = target;
    jobs.createOrShow(jobId, hints, section);
  };
  return [
    vscode.commands.registerCommand('riptide.job.openDetails', open()),
    vscode.commands.registerCommand('riptide.job.openResult', open('result')),
    vscode.commands.registerCommand('riptide.openDashboard', () => void dashboard.createOrShow()),
    vscode.window.registerWebviewPanelSerializer(JOB_VIEW_TYPE, jobs),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, dashboard),
  ];
}
