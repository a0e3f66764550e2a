// Live diagnostics and quick fixes for job and schedule files: the editor's view of
// analyzeJobFile, recomputed (debounced) while typing and when the cron dialect setting changes.
import * as vscode from 'vscode';
import { analyzeJobFile, fileKindOf, JOB_FILE_GLOB } from '../../jobfiles';
import type { CronDialect, FileKind, JobFileAnalysis, Problem, Range } from '../../jobfiles';
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

/**
 * Job files by name on disk, and untitled documents (which have no name to go by: see
 * markUntitled). Not other schemes: a git: or diff copy of a file would publish its problems twice.
 */
export const JOB_FILE_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: JOB_FILE_GLOB }, { scheme: 'untitled' }];

/** Untitled documents that "New Job File" created with no folder open, and their kind. */
const untitledKinds = new Map<string, FileKind>();

/** Treats an untitled document as a job or schedule file until it is closed (or saved under a name). */
export function markUntitled(doc: vscode.TextDocument, kind: FileKind): void {
  untitledKinds.set(doc.uri.toString(), kind);
}

/** The kind of a job or schedule file, for the schemes JOB_FILE_SELECTOR covers; else undefined. */
export function jobFileKind(doc: vscode.TextDocument): FileKind | undefined {
  if (doc.uri.scheme === 'untitled') return untitledKinds.get(doc.uri.toString());
  return doc.uri.scheme === 'file' ? fileKindOf(doc.fileName) : undefined;
}

export function isJobFile(doc: vscode.TextDocument): boolean {
  return jobFileKind(doc) !== undefined;
}

/** A schedule's next runs count from the time of analysis: analyse it again after this long. */
const SCHEDULE_ANALYSIS_MAX_AGE_MS = 60_000;

interface CachedAnalysis {
  version: number;
  cronDialect: CronDialect;
  languageId: string;
  at: number;
  analysis: JobFileAnalysis;
}

/** The last analysis of each open document: diagnostics, CodeLens, hover, quick fixes and submit share it. */
const analyses = new Map<string, CachedAnalysis>();

/**
 * Analyses a job or schedule file as the user has it: the editor's text when it is open (unsaved
 * edits included, cached per version), else the file on disk. Throws when it cannot be read.
 */
export async function analyzeFile(uri: vscode.Uri): Promise<JobFileAnalysis> {
  const key = uri.toString();
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
  if (open && isJobFile(open)) return analyzeDocument(open);
  // Open but not a job file (e.g. an untitled document): its own text, which says it is not one.
  if (open) return analyzeJobFile(open.getText(), open.fileName, { cronDialect: readSettings().cronDialect });
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return analyzeJobFile(text, uri.fsPath, { cronDialect: readSettings().cronDialect });
}

/** Analyses a document as the editor shows it (unsaved edits included), once per version and setting. */
export function analyzeDocument(doc: vscode.TextDocument): JobFileAnalysis {
  const key = doc.uri.toString();
  const { cronDialect } = readSettings();
  const now = Date.now();
  const cached = analyses.get(key);
  if (
    cached &&
    cached.version === doc.version &&
    cached.cronDialect === cronDialect &&
    cached.languageId === doc.languageId &&
    (cached.analysis.kind !== 'schedule' || now - cached.at < SCHEDULE_ANALYSIS_MAX_AGE_MS)
  ) {
    return cached.analysis;
  }
  const untitled = doc.isUntitled ? { kind: jobFileKind(doc), format: doc.languageId.startsWith('json') ? ('json' as const) : ('yaml' as const) } : {};
  const analysis = analyzeJobFile(doc.getText(), doc.fileName, { cronDialect, ...untitled });
  analyses.set(key, { version: doc.version, cronDialect, languageId: doc.languageId, at: now, analysis });
  return analysis;
}

export class JobFileDiagnostics implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('riptide');
  private readonly timers = new Map<string, NodeJS.Timeout>();
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
    this.collection.set(doc.uri, analysis.problems.map(toDiagnostic));
    return analysis;
  }

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    if (!isJobFile(doc)) return [];
    // The current version's problems: the published ones may be a debounce older than the text.
    return analyzeDocument(doc).problems
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
    // Changing a document's language mode "closes" and reopens it while it stays open: an untitled
    // document keeps its kind, and the reopening re-checks it.
    if (!doc.isClosed) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    analyses.delete(key);
    untitledKinds.delete(key);
    // Closed (perhaps unsaved, deleted or renamed): its problems would describe text nobody sees.
    this.collection.delete(doc.uri);
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
