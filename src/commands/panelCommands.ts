// Commands that open the panels, and the serializers that bring them back after a reload.
import * as vscode from 'vscode';
import type { Dashboard } from '../panels/dashboardPanel';
import { DASHBOARD_VIEW_TYPE } from '../panels/dashboardPanel';
import { JOB_VIEW_TYPE, type JobHints, type JobPanels } from '../panels/jobPanel';

export interface JobTarget extends JobHints {
  jobId: string;
}

/**
 * A job id string, or a tree node with `jobId` (and, when it has them, the list item's
 * `job_type` and `priority` under `item` or `job`, or as `jobType` / `typeLabel` / `priority`).
 */
export function jobTargetOf(arg: unknown): JobTarget | undefined {
  if (typeof arg === 'string') return arg.trim() ? { jobId: arg.trim() } : undefined;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Record<string, unknown>;
  const jobId = typeof node.jobId === 'string' ? node.jobId : undefined;
  if (!jobId) return undefined;
  const item = [node.item, node.job].find((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v.length > 0);
  return {
    jobId,
    typeLabel: pick(node.typeLabel, node.jobType, item?.job_type),
    priority: pick(node.priority, item?.priority),
  };
}

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
