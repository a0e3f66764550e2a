// Results (and known definitions) as read-only editor documents under their own URI scheme:
// JSON highlighting, folding, search and the outline come with the editor, so a 5 MB result is
// read there rather than squeezed into a webview. Documents opened for a comparison can leave
// out volatile fields (timestamps, ids, processing times), switched by one toggle.
import * as vscode from 'vscode';
import { ApiError, errorMessage, type JobResult } from '../../api';
import type { Connection } from '../connection/connection';
import { withoutVolatileFields } from '../../core/trace/volatileFields';
import { shortId } from '../../common/jobLabels';
import type { KnownJobs } from './knownJobs';

export const RESULT_SCHEME = 'riptide-job';
export const IGNORE_VOLATILE_SETTING = 'compare.ignoreVolatileFields';
export const TOGGLE_VOLATILE_COMMAND = 'riptide.compare.toggleVolatileFields';
/** Finished results do not change: the last few are kept for diffs and reopening. */
const CACHED_RESULTS = 20;

export type JobDocumentKind = 'result' | 'definition';

/** riptide-job:/<job id>/result-3ced1372.json, with ?compare when opened for a comparison. */
export function jobDocumentUri(jobId: string, kind: JobDocumentKind, forCompare = false): vscode.Uri {
  return vscode.Uri.from({ scheme: RESULT_SCHEME, path: `/${encodeURIComponent(jobId)}/${kind}-${shortId(jobId)}.json`, query: forCompare ? 'compare' : '' });
}

function parse(uri: vscode.Uri): { jobId: string; kind: JobDocumentKind; forCompare: boolean } | undefined {
  const match = /^\/([^/]+)\/(result|definition)-[^/]*\.json$/.exec(uri.path);
  if (!match) return undefined;
  return { jobId: decodeURIComponent(match[1]), kind: match[2] as JobDocumentKind, forCompare: uri.query === 'compare' };
}

export class JobDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly results = new Map<string, JobResult>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly connection: Connection, private readonly knownJobs: KnownJobs) {
    this.disposables.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(RESULT_SCHEME, this),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(`riptide.${IGNORE_VOLATILE_SETTING}`)) this.redrawComparisons();
      }),
      // Another server: its job ids are not these.
      connection.onDidChange(() => this.results.clear()),
      vscode.commands.registerCommand(TOGGLE_VOLATILE_COMMAND, () => this.toggleVolatile()),
    );
  }

  get ignoreVolatile(): boolean {
    return vscode.workspace.getConfiguration('riptide').get<boolean>(IGNORE_VOLATILE_SETTING, false);
  }

  async toggleVolatile(): Promise<boolean> {
    const next = !this.ignoreVolatile;
    await vscode.workspace.getConfiguration('riptide').update(IGNORE_VOLATILE_SETTING, next, vscode.ConfigurationTarget.Global);
    vscode.window.setStatusBarMessage(next ? vscode.l10n.t('Comparisons leave out timestamps, ids and processing times') : vscode.l10n.t('Comparisons show every field'), 4000);
    return next;
  }

  /** A job's result from the server, once per job (kept for the next look); throws what the client threw. */
  async result(jobId: string): Promise<JobResult> {
    const cached = this.results.get(jobId);
    if (cached) return cached;
    const result = await this.connection.client.getJobResult(jobId);
    this.results.set(jobId, result);
    while (this.results.size > CACHED_RESULTS) this.results.delete(this.results.keys().next().value as string);
    return result;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const target = parse(uri);
    if (!target) throw new Error(vscode.l10n.t('Not a RipTide job document: {0}', uri.toString()));
    let value: unknown;
    if (target.kind === 'definition') {
      const known = this.knownJobs.get(target.jobId);
      if (!known) throw new Error(vscode.l10n.t('The definition of job {0} is not known here.', target.jobId));
      value = known.definition;
    } else {
      try {
        value = await this.result(target.jobId);
      } catch (err) {
        const why = err instanceof ApiError && err.status === 404 ? vscode.l10n.t('the server has no result for it (not finished, or expired)') : errorMessage(err);
        throw new Error(vscode.l10n.t('No result for job {0}: {1}', target.jobId, why));
      }
    }
    if (target.forCompare && this.ignoreVolatile) value = withoutVolatileFields(value);
    return `${JSON.stringify(value, null, 2)}\n`;
  }

  /** Opens a job's result or definition as a read-only JSON document. */
  async open(jobId: string, kind: JobDocumentKind = 'result'): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(jobDocumentUri(jobId, kind));
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    return vscode.window.showTextDocument(doc, { preview: false });
  }

  private redrawComparisons(): void {
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === RESULT_SCHEME && parse(doc.uri)?.forCompare) this.changed.fire(doc.uri);
    }
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
