// "RipTide: Diagnose Connection": runs the checks of core/diagnose behind a cancellable progress
// notification and shows the report as a read-only plain-text document, with "Copy Report".
import * as vscode from 'vscode';
import { showErrorText, showInfoText, showWarningText, withProgressText } from '../text';
import { errorMessage } from '../../api';
import { diagnoseConnection, firstProblem, formatDiagnosis, type Diagnosis } from '../../core/diagnose/diagnose';
import type { Connection } from './connection';
import { readSettings } from '../settings';

const SCHEME = 'riptide-diagnosis';

export interface DiagnoseApi {
  /** The last report shown, for tests. */
  readonly last: { diagnosis: Diagnosis; text: string } | undefined;
}

export function registerDiagnoseCommand(connection: Connection): { disposables: vscode.Disposable[]; api: DiagnoseApi } {
  const reports = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let last: { diagnosis: Diagnosis; text: string } | undefined;
  let count = 0;
  const provider: vscode.TextDocumentContentProvider = { onDidChange: changed.event, provideTextDocumentContent: (uri) => reports.get(uri.path) ?? '' };

  const run = async (): Promise<Diagnosis | undefined> => {
    const client = connection.client;
    const diagnosis = await withProgressText(
      vscode.l10n.t('Diagnosing the connection to {0}…', connection.serverUrl),
      { cancellable: true },
      async (_report, token) => {
        const controller = new AbortController();
        const cancel = token.onCancellationRequested(() => controller.abort());
        try {
          return await diagnoseConnection(client, {
            serverUrl: connection.serverUrl,
            keySet: connection.hasApiKey,
            budgetPerMinute: readSettings().requestBudgetPerMinute,
            signal: controller.signal,
          });
        } catch (err) {
          if (token.isCancellationRequested) return undefined;
          throw err;
        } finally {
          cancel.dispose();
        }
      },
    );
    if (!diagnosis) return undefined;
    // The report holds no key by construction; server text in it comes through the client, which redacts it.
    const text = formatDiagnosis(diagnosis);
    last = { diagnosis, text };
    const path = `/RipTide diagnosis ${++count}.txt`;
    reports.set(path, text);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: SCHEME, path }));
    await vscode.window.showTextDocument(doc, { preview: false });
    const problem = firstProblem(diagnosis);
    const copy = vscode.l10n.t('Copy Report');
    const message = problem ? vscode.l10n.t('Diagnosis: {0}', problem) : vscode.l10n.t('Diagnosis: every check that could run passed.');
    const show = problem ? showWarningText : showInfoText;
    // Not awaited: the command is done once the report shows, whether or not the notification is answered.
    void show(message, copy).then(async (choice) => {
      if (choice === copy) await vscode.env.clipboard.writeText(text);
    });
    return diagnosis;
  };

  const disposables = [
    changed,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, provider),
    // A closed report is gone for good (the diagnosis can be run again): its text is not kept.
    vscode.workspace.onDidCloseTextDocument((doc) => doc.uri.scheme === SCHEME && reports.delete(doc.uri.path)),
    vscode.commands.registerCommand('riptide.diagnoseConnection', () =>
      run().catch((err: unknown) => void showErrorText(vscode.l10n.t('The diagnosis could not run: {0}', errorMessage(err)))),
    ),
  ];
  return { disposables, api: { get last() { return last; } } };
}
