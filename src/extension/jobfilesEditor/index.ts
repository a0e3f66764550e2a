// Job and schedule files in the editor: diagnostics, quick fixes, CodeLens, cron hovers and the commands
// that submit files and create new ones.
import * as vscode from 'vscode';
import { labelText, showErrorText, showInfoText } from '../text';
import type { Connection } from '../connection/connection';
import { fileKindOf, fileNamesOf, JOB_FILE_GLOB, jobTemplate, scheduleTemplate } from '../../jobfiles';
import type { JobWatcher } from '../jobs/jobWatcher';
import type { KnownJobs, KnownSchedules } from '../jobs/knownJobs';
import type { JobTrace } from '../jobs/jobTrace';
import { DISMISS_FAILURE_COMMAND, RunDiagnostics } from './runDiagnostics';
import type { Refresher } from '../../core/refresh/refresher';
import { onDidChangeSettings } from '../settings';
import { JobFileCodeLens, SUBMIT_ENTRY_COMMAND } from './codeLens';
import { CronHover } from './cronHover';
import { JOB_FILE_SELECTOR, JobFileDiagnostics, markUntitled } from './diagnostics';
import { JobFileSubmitter, targetFile, type SchedulesChanged } from './submit';
import { jobFileFromArg } from './fileArgument';

export interface JobFilesApi {
  diagnostics: JobFileDiagnostics;
  codeLens: JobFileCodeLens;
  submitter: JobFileSubmitter;
  /** Failures of jobs sent from files, on the lines that defined them. */
  runDiagnostics: RunDiagnostics;
  /** What "New Job File" does to the untitled document it opens (for extension-host tests). */
  markUntitled: typeof markUntitled;
}

/** The kinds "New Job File" offers (a function: the words are looked up in the display language when asked). */
const newFileTypes = () =>
  [
    { label: `$(globe) ${vscode.l10n.t('Batch crawl')}`, description: vscode.l10n.t('several URLs in one job'), type: 'batch_crawl', stem: 'crawl.job' },
    { label: `$(link) ${vscode.l10n.t('Single crawl')}`, description: vscode.l10n.t('one URL'), type: 'single_crawl', stem: 'page.job' },
    { label: `$(tools) ${vscode.l10n.t('Maintenance')}`, description: 'cache_cleanup, health_check, log_rotation', type: 'maintenance', stem: 'maintenance.job' },
    { label: `$(symbol-event) ${vscode.l10n.t('Custom')}`, description: vscode.l10n.t('a named job with any JSON payload'), type: 'custom', stem: 'custom.job' },
    { label: `$(calendar) ${vscode.l10n.t('Schedule')}`, description: vscode.l10n.t('a cron schedule that starts a job'), type: 'schedule', stem: 'daily.schedule' },
  ] as const;

export function registerJobFiles(
  connection: Connection,
  knownJobs: KnownJobs,
  watcher: JobWatcher,
  refresher: Refresher,
  schedulesChanged: SchedulesChanged,
  trace: JobTrace,
  knownSchedules: KnownSchedules,
): { api: JobFilesApi; disposables: vscode.Disposable[] } {
  const diagnostics = new JobFileDiagnostics();
  const runDiagnostics = new RunDiagnostics(trace);
  const codeLens = new JobFileCodeLens(trace);
  const submitter = new JobFileSubmitter(connection, knownJobs, watcher, refresher, diagnostics, schedulesChanged, trace, knownSchedules);
  // Next-run times in the schedule lenses are relative: redraw them now and then.
  const lensClock = setInterval(() => codeLens.refresh(), 60_000);

  const disposables: vscode.Disposable[] = [
    diagnostics,
    runDiagnostics,
    trace.onDidChange(() => codeLens.refresh()),
    vscode.commands.registerCommand(DISMISS_FAILURE_COMMAND, (jobId?: unknown) => (typeof jobId === 'string' ? trace.dismiss(jobId) : false)),
    { dispose: () => clearInterval(lensClock) },
    vscode.languages.registerCodeLensProvider(JOB_FILE_SELECTOR, codeLens),
    vscode.languages.registerHoverProvider(JOB_FILE_SELECTOR, new CronHover()),
    onDidChangeSettings(() => {
      diagnostics.refreshAll();
      codeLens.refresh();
    }),
    // Another server may speak another cron dialect: its schedule files are checked against it.
    connection.onDidChange(() => {
      diagnostics.refreshAll();
      codeLens.refresh();
    }),
    vscode.commands.registerCommand(SUBMIT_ENTRY_COMMAND, (uri: vscode.Uri, index: number, wait: boolean) =>
      wait ? submitter.submitAndWait(uri, index) : submitter.submitFile(uri, index),
    ),
    // A Uri from the explorer, editor title or CodeLens; a path, URI or { "file": … } from a
    // keybinding, a link or another extension; nothing from the palette (the open file, or ask).
    vscode.commands.registerCommand('riptide.submitFile', async (arg?: unknown) => {
      if (arg !== undefined && !(arg instanceof vscode.Uri)) {
        const found = await jobFileFromArg('riptide.submitFile', arg);
        if ('error' in found) {
          void showErrorText(found.error);
          return found;
        }
        return submitter.submitFile(found.uri);
      }
      const uri = targetFile(arg) ?? (await pickJobFile());
      return uri ? submitter.submitFile(uri) : undefined;
    }),
    vscode.commands.registerCommand('riptide.submitFolder', async (arg?: unknown) => {
      const folder = arg instanceof vscode.Uri ? arg : (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: vscode.l10n.t('Submit job files') }))?.[0];
      return folder ? submitter.submitFolder(folder) : undefined;
    }),
    vscode.commands.registerCommand('riptide.newJobFile', async (arg?: unknown) => {
      const created = await newJobFile(arg instanceof vscode.Uri ? arg : undefined);
      if (created && 'untitled' in created) {
        markUntitled(created.untitled, created.kind);
        diagnostics.update(created.untitled);
        codeLens.refresh();
        return created.untitled.uri;
      }
      return created?.uri;
    }),
  ];
  return { api: { diagnostics, codeLens, submitter, runDiagnostics, markUntitled }, disposables };
}

async function pickJobFile(): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(JOB_FILE_GLOB, '**/node_modules/**', 500);
  if (files.length === 0) {
    void showInfoText(vscode.l10n.t('No job or schedule files in the workspace. Create one with "RipTide: New Job File".'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: labelText(vscode.workspace.asRelativePath(uri)), uri })),
    // Kept open when focus moves: the walkthrough focuses its step after a click on its button.
    { title: vscode.l10n.t('Submit which job file?'), ignoreFocusOut: true },
  );
  return picked?.uri;
}

type NewFile = { uri: vscode.Uri } | { untitled: vscode.TextDocument; kind: 'job' | 'schedule' };

async function newJobFile(folder?: vscode.Uri): Promise<NewFile | undefined> {
  const type = await vscode.window.showQuickPick(newFileTypes(), { title: vscode.l10n.t('New RipTide job file: which kind?') });
  if (!type) return undefined;
  const format = await vscode.window.showQuickPick(
    [
      { label: 'YAML', description: vscode.l10n.t('with comments explaining each field'), id: 'yaml' as const },
      { label: 'JSON', id: 'json' as const },
    ],
    { title: vscode.l10n.t('Format') },
  );
  if (!format) return undefined;
  const dir = folder ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  const text = type.type === 'schedule' ? scheduleTemplate(format.id) : jobTemplate(type.type, format.id);
  const kind = type.type === 'schedule' ? 'schedule' : 'job';
  if (!dir) {
    // No folder open: an untitled document gets the template, and is checked as a job file.
    const doc = await vscode.workspace.openTextDocument({ language: format.id, content: text });
    await vscode.window.showTextDocument(doc);
    return { untitled: doc, kind };
  }
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('File name'),
    value: `${type.stem}.${format.id}`,
    valueSelection: [0, type.stem.indexOf('.')],
    validateInput: async (value) => {
      if (/[/\\]/.test(value) || fileKindOf(value) !== kind) return vscode.l10n.t('The name must be like {0} (no folder)', fileNamesOf(kind));
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(dir, value));
        return vscode.l10n.t('{0} already exists', value);
      } catch {
        return undefined;
      }
    },
  });
  if (!name) return undefined;
  const uri = vscode.Uri.joinPath(dir, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(uri);
  return { uri };
}
