// The Getting Started walkthrough (contributes.walkthroughs): its one command (open a sample job
// file) and the context keys its steps complete on, set as the user does each thing, whichever
// way they do it (palette, CodeLens, tree, status bar, keybinding).
import * as vscode from 'vscode';
import type { Connection } from './connection/connection';
import type { LocalServer } from './connection/localServer';
import type { KnownJobs } from './jobs/knownJobs';
import type { Dashboard } from './panels/dashboardPanel';
import type { JobPanels } from './panels/jobPanel';
import { isJobFile, markUntitled } from './jobfilesEditor/diagnostics';
import { fileGlobOf, sampleJob } from '../jobfiles';

export const WALKTHROUGH_ID = 'riptide.gettingStarted';

/** The context keys of the steps (package.json's completionEvents name them as onContext:<key>). */
export const STEP_KEYS = {
  jobFileOpened: 'riptide.walkthrough.jobFileOpened',
  jobSubmitted: 'riptide.walkthrough.jobSubmitted',
  jobOpened: 'riptide.walkthrough.jobOpened',
  dashboardOpened: 'riptide.walkthrough.dashboardOpened',
} as const;

export interface WalkthroughDeps {
  /** publisher.name, which the workbench prefixes to the walkthrough's id. */
  extensionId: string;
  connection: Connection;
  localServer: LocalServer;
  knownJobs: KnownJobs;
  jobPanels: JobPanels;
  dashboard: Dashboard;
  /** Called after the sample was opened, so its problems and CodeLens show at once. */
  onUntitledJobFile(doc: vscode.TextDocument): void;
}

export function registerWalkthrough(deps: WalkthroughDeps): vscode.Disposable[] {
  const done = (key: string) => void vscode.commands.executeCommand('setContext', key, true);
  const checkEditor = (editor: vscode.TextEditor | undefined) => editor && isJobFile(editor.document) && done(STEP_KEYS.jobFileOpened);
  checkEditor(vscode.window.activeTextEditor);
  return [
    vscode.window.onDidChangeActiveTextEditor(checkEditor),
    deps.knownJobs.onDidAdd(() => done(STEP_KEYS.jobSubmitted)),
    deps.jobPanels.onDidOpen(() => done(STEP_KEYS.jobOpened)),
    deps.dashboard.onDidOpen(() => done(STEP_KEYS.dashboardOpened)),
    vscode.commands.registerCommand('riptide.openSampleJobFile', () => openSampleJobFile(deps)),
    vscode.commands.registerCommand('riptide.openWalkthrough', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${deps.extensionId}#${WALKTHROUGH_ID}`, false),
    ),
  ];
}

/**
 * A job file of the workspace (the first *.job.* file by path), or else an untitled sample that crawls
 * one page: the local server's demo page when it runs, so the job also works offline.
 */
async function openSampleJobFile(deps: WalkthroughDeps): Promise<vscode.Uri> {
  const found = await vscode.workspace.findFiles(fileGlobOf('job'), '**/node_modules/**', 100);
  // The same one every time: the first by path.
  const [existing] = found.sort((a, b) => a.path.localeCompare(b.path));
  if (existing) {
    await vscode.window.showTextDocument(existing);
    return existing;
  }
  const url = deps.localServer.running ? `${deps.connection.serverUrl.replace(/\/+$/, '')}/demo/pages/1` : 'https://example.com';
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: sampleJob(url) });
  markUntitled(doc, 'job');
  deps.onUntitledJobFile(doc);
  await vscode.window.showTextDocument(doc);
  return doc.uri;
}
