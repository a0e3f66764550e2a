// Stand-ins until the panels land: the dashboard and a job's result as JSON documents.
import * as vscode from 'vscode';
import type { Connection } from '../connection';
import { errorMessage } from '../api';

export function registerPlaceholderCommands(connection: Connection): vscode.Disposable[] {
  const openJson = async (title: string, load: () => Promise<unknown>) => {
    try {
      const value = await load();
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(value, null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
    } catch (err) {
      void vscode.window.showErrorMessage(`${title}: ${errorMessage(err)}`);
    }
  };
  return [
    vscode.commands.registerCommand('riptide.openDashboard', () =>
      openJson('Queue dashboard', async () => ({
        queue: await connection.client.getQueueStats(),
        workers: await connection.client.getWorkerStats(),
        metrics: await connection.client.getMetrics(),
      })),
    ),
    vscode.commands.registerCommand('riptide.job.openResult', (jobId?: string) =>
      jobId ? openJson('Job result', () => connection.client.getJobResult(jobId)) : undefined,
    ),
  ];
}
