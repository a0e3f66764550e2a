// Commands that open the panels, and the serializers that bring them back after a reload.
import * as vscode from 'vscode';
import type { Dashboard } from '../panels/dashboardPanel';
import { DASHBOARD_VIEW_TYPE } from '../panels/dashboardPanel';
import { JOB_VIEW_TYPE, type JobPanels } from '../panels/jobPanel';
import { jobTargetOf, type JobTarget } from '../panels/jobTarget';

async function askJobId(): Promise<JobTarget | undefined> {
  const id = await vscode.window.showInputBox({ title: 'Open RipTide Job', prompt: 'Job ID', placeHolder: 'e.g. 7f8c2d1e-…', ignoreFocusOut: true });
  return id?.trim() ? { jobId: id.trim() } : undefined;
}

export function registerPanelCommands(jobs: JobPanels, dashboard: Dashboard): vscode.Disposable[] {
  const open = (section?: 'result') => async (arg?: unknown) => {
    const target = jobTargetOf(arg) ?? (arg === undefined ? await askJobId() : undefined);
    if (!target) return undefined;
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
