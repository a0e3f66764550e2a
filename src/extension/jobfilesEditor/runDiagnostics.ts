// Failures on the definition: when a job sent from a file ended badly (dead letter, or completed
// with a failed result), a diagnostic on the line that defined it, with quick actions to open
// the job and to dismiss. Its own DiagnosticCollection, so the file's own problems are never
// hidden or replaced. It reads only the run history (fed by the watcher) and the files.
import * as vscode from 'vscode';
import { JOB_FILE_GLOB } from '../../jobfiles';
import { placesOf } from '../../core/trace/jobSources';
import { failureMessage, failureToShow, type RunRecord } from '../../core/trace/runHistory';
import { shortId } from '../../common/jobLabels';
import type { JobTrace } from '../jobs/jobTrace';
import { analyzeFile, JOB_FILE_SELECTOR } from './diagnostics';

export const RUN_DIAGNOSTIC_SOURCE = 'RipTide server';
export const DISMISS_FAILURE_COMMAND = 'riptide.runs.dismissFailure';
const DEBOUNCE_MS = 300;
/** Relative times in the messages ("2 min ago") are redrawn this often. */
const CLOCK_MS = 60_000;

interface Shown {
  range: vscode.Range;
  jobId: string;
  failure: RunRecord;
}

export class RunDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('riptide-runs');
  /** What each file's diagnostics stand for, for the quick actions. */
  private readonly shown = new Map<string, Shown[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly trace: JobTrace) {
    // Only the messages' times move: no file is read or analysed again for them.
    const clock = setInterval(() => this.redrawTimes(), CLOCK_MS);
    this.disposables.push(
      this.collection,
      { dispose: () => clearInterval(clock) },
      trace.onDidChange((file) => (file ? void this.update(vscode.Uri.parse(file)) : void this.updateAll())),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document.uri)),
      // Closed: the file on disk is what counts again (unsaved edits are gone).
      vscode.workspace.onDidCloseTextDocument((d) => this.schedule(d.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d.uri)),
      // Changed outside the editor (git checkout, another tool): its lines may have moved.
      watchJobFiles((uri) => this.schedule(uri)),
      vscode.languages.registerCodeActionsProvider(JOB_FILE_SELECTOR, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
    void this.updateAll();
  }

  /** Every file with runs on this server (another server was chosen). */
  async updateAll(): Promise<void> {
    const files = new Set(this.trace.files().map((f) => f.toString()));
    for (const key of [...this.shown.keys()]) if (!files.has(key)) this.clear(vscode.Uri.parse(key));
    await Promise.all([...files].map((f) => this.update(vscode.Uri.parse(f))));
  }

  /** The diagnostics of one file, from its runs and its text (the editor's, else the disk's). */
  async update(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const runs = this.trace.runsOf(uri);
    if (runs.length === 0) return this.clear(uri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
    let entries;
    try {
      entries = (await analyzeFile(uri)).entries;
    } catch {
      return this.clear(uri); // deleted or unreadable: nothing to point at
    }
    const now = new Date();
    const diagnostics: vscode.Diagnostic[] = [];
    const shown: Shown[] = [];
    for (const [place, entryRuns] of this.trace.runsByEntry(uri, placesOf(entries))) {
      const failure = failureToShow(entryRuns);
      if (!failure) continue;
      const line = place.entry.range.start;
      const lineText = open?.lineAt(Math.min(line.line, open.lineCount - 1)).text;
      const range = new vscode.Range(line.line, line.character, line.line, Math.max(line.character + 1, lineText?.length ?? line.character + 1));
      diagnostics.push(failureDiagnostic(range, failure, now));
      shown.push({ range, jobId: failure.jobId, failure });
    }
    this.collection.set(uri, diagnostics);
    this.shown.set(key, shown);
    return diagnostics;
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === RUN_DIAGNOSTIC_SOURCE);
    const shown = (this.shown.get(doc.uri.toString()) ?? []).filter((s) => s.range.start.line >= range.start.line && s.range.start.line <= range.end.line);
    return shown.flatMap(({ jobId, range: at }) => {
      const diagnostics = ours.filter((d) => d.range.start.line === at.start.line);
      const open = new vscode.CodeAction(vscode.l10n.t('Open failed job {0}', shortId(jobId)), vscode.CodeActionKind.QuickFix);
      open.command = { command: 'riptide.job.openResult', title: open.title, arguments: [jobId] };
      open.diagnostics = diagnostics;
      const dismiss = new vscode.CodeAction(vscode.l10n.t('Dismiss this failure'), vscode.CodeActionKind.QuickFix);
      dismiss.command = { command: DISMISS_FAILURE_COMMAND, title: dismiss.title, arguments: [jobId] };
      dismiss.diagnostics = diagnostics;
      return [open, dismiss];
    });
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    if (!this.shown.has(key) && this.trace.runsOf(uri).length === 0) return;
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.update(uri), DEBOUNCE_MS));
  }

  /** "2 min ago" becomes "3 min ago": the same failures at the same places, with their times now. */
  private redrawTimes(): void {
    const now = new Date();
    for (const [key, shown] of this.shown) {
      if (shown.length) this.collection.set(vscode.Uri.parse(key), shown.map((s) => failureDiagnostic(s.range, s.failure, now)));
    }
  }

  private clear(uri: vscode.Uri): vscode.Diagnostic[] {
    this.collection.delete(uri);
    this.shown.delete(uri.toString());
    return [];
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.disposables.forEach((d) => d.dispose());
  }
}

function failureDiagnostic(range: vscode.Range, failure: RunRecord, now: Date): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, failureMessage(failure, now), vscode.DiagnosticSeverity.Error);
  d.source = RUN_DIAGNOSTIC_SOURCE;
  d.code = 'last-run-failed';
  return d;
}

function watchJobFiles(changed: (uri: vscode.Uri) => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(JOB_FILE_GLOB, true, false, false);
  return vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidDelete(changed));
}
