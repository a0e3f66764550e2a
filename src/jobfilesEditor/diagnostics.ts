// Live diagnostics and quick fixes for job and schedule files: the editor's view of
// analyzeJobFile, recomputed (debounced) while typing and when the cron dialect setting changes.
import * as vscode from 'vscode';
import { analyzeJobFile, fileKindOf, JOB_FILE_GLOB } from '../jobfiles';
import type { FileKind, JobFileAnalysis, Problem, Range } from '../jobfiles';
import { readSettings } from '../settings';

const DEBOUNCE_MS = 250;

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** Job files by name, and untitled documents (which have no name to go by: see markUntitled). */
export const JOB_FILE_SELECTOR: vscode.DocumentSelector = [{ pattern: JOB_FILE_GLOB }, { scheme: 'untitled' }];

/** Untitled documents that "New Job File" created with no folder open, and their kind. */
const untitledKinds = new Map<string, FileKind>();

/** Treats an untitled document as a job or schedule file until it is closed (or saved under a name). */
export function markUntitled(doc: vscode.TextDocument, kind: FileKind): void {
  untitledKinds.set(doc.uri.toString(), kind);
}

function kindOf(doc: vscode.TextDocument): FileKind | undefined {
  return doc.isUntitled ? untitledKinds.get(doc.uri.toString()) : fileKindOf(doc.fileName);
}

export function isJobFile(doc: vscode.TextDocument): boolean {
  return kindOf(doc) !== undefined;
}

/** Analyses a document as the editor shows it (unsaved edits included). */
export function analyzeDocument(doc: vscode.TextDocument): JobFileAnalysis {
  const untitled = doc.isUntitled ? { kind: kindOf(doc), format: doc.languageId.startsWith('json') ? ('json' as const) : ('yaml' as const) } : {};
  return analyzeJobFile(doc.getText(), doc.fileName, { cronDialect: readSettings().cronDialect, ...untitled });
}

export class JobFileDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('riptide');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly problems = new Map<string, Problem[]>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d)),
      vscode.languages.registerCodeActionsProvider(
        JOB_FILE_SELECTOR,
        this,
        { providedCodeActionKinds: JobFileDiagnostics.providedCodeActionKinds },
      ),
    );
    vscode.workspace.textDocuments.forEach((d) => this.update(d));
  }

  /** Re-checks every open job file (the cron dialect setting changed). */
  refreshAll(): void {
    vscode.workspace.textDocuments.forEach((d) => this.update(d));
  }

  /** Analyses now and publishes; returns the analysis (undefined for other files). */
  update(doc: vscode.TextDocument): JobFileAnalysis | undefined {
    if (!isJobFile(doc)) return undefined;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const analysis = analyzeDocument(doc);
    this.problems.set(key, analysis.problems);
    this.collection.set(doc.uri, analysis.problems.map(toDiagnostic));
    return analysis;
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const problems = this.problems.get(doc.uri.toString()) ?? [];
    return problems
      .filter((p) => p.fix && toRange(p.range).intersection(range) !== undefined)
      .map((p) => {
        const action = new vscode.CodeAction(p.fix!.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(doc.uri, toRange(p.fix!.range), p.fix!.newText);
        action.diagnostics = [toDiagnostic(p)];
        action.isPreferred = true;
        return action;
      });
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isJobFile(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => this.update(doc), DEBOUNCE_MS));
  }

  private forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.problems.delete(key);
    // Problems of a closed file that is still invalid on disk stay useful; drop only untitled ones.
    if (doc.isUntitled) {
      this.collection.delete(doc.uri);
      untitledKinds.delete(key);
    }
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.disposables.forEach((d) => d.dispose());
  }
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(p.range), p.message, SEVERITY[p.severity]);
  d.source = 'RipTide';
  if (p.code) d.code = p.code;
  return d;
}
