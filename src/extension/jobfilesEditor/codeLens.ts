// CodeLens above each job ("Submit", "Submit and wait", and how its last run went, which opens
// that run) and each schedule ("Create schedule", with its next run in words).
import * as vscode from 'vscode';
import { nextRuns } from '../../api/cron';
import { formatRelative } from '../../common/jobLabels';
import { placesOf } from '../../core/trace/jobSources';
import { runSummary } from '../../core/trace/runHistory';
import type { JobTrace } from '../jobs/jobTrace';
import { analyzeDocument, isJobFile } from './diagnostics';

export const SUBMIT_ENTRY_COMMAND = 'riptide.submitEntry';

export class JobFileCodeLens implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly trace: JobTrace) {}

  /** Next-run times go stale; settings change the dialect. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isJobFile(doc)) return []; // an untitled document that is not a job file
    const analysis = analyzeDocument(doc);
    const lenses: vscode.CodeLens[] = [];
    const runs = analysis.kind === 'job' ? this.trace.runsByEntry(doc.uri, placesOf(analysis.entries)) : new Map();
    const lastRun = new Map([...runs].map(([place, list]) => [place.entry, list[0]]));
    const now = new Date();
    for (const entry of analysis.entries) {
      const at = new vscode.Range(entry.range.start.line, 0, entry.range.start.line, 0);
      const args = [doc.uri, entry.index];
      const hasErrors = entry.problems.some((p) => p.severity === 'error');
      if (analysis.kind === 'job') {
        lenses.push(
          new vscode.CodeLens(at, { title: hasErrors ? `$(error) ${vscode.l10n.t('Submit (fix the problems first)')}` : `$(rocket) ${vscode.l10n.t('Submit')}`, command: SUBMIT_ENTRY_COMMAND, arguments: [...args, false] }),
          new vscode.CodeLens(at, { title: vscode.l10n.t('Submit and wait'), command: SUBMIT_ENTRY_COMMAND, arguments: [...args, true] }),
        );
        const last = lastRun.get(entry);
        if (last) {
          const icon = last.outcome === 'failed' ? '$(error) ' : last.outcome === 'succeeded' ? '$(pass) ' : '$(sync) ';
          lenses.push(new vscode.CodeLens(at, { title: `${icon}${runSummary(last, now)}`, tooltip: vscode.l10n.t('Open job {0}', last.jobId), command: 'riptide.job.openResult', arguments: [last.jobId] }));
        }
      } else if (analysis.kind === 'schedule') {
        // Counted from now, not from the (cached) analysis: the lens is redrawn every minute.
        const next = entry.cron ? nextRunOf(entry.cron.expression) : undefined;
        const title = !entry.cron
          ? vscode.l10n.t('Create schedule')
          : next
            ? vscode.l10n.t('Create schedule · {0}, next {1} (UTC)', entry.cron.description, formatRelative(next))
            : vscode.l10n.t('Create schedule · {0} (UTC)', entry.cron.description);
        lenses.push(new vscode.CodeLens(at, { title: `$(calendar) ${title}`, command: SUBMIT_ENTRY_COMMAND, arguments: [...args, false] }));
      }
    }
    return lenses;
  }
}

function nextRunOf(expression: string): Date | undefined {
  try {
    return nextRuns(expression, 1)[0];
  } catch {
    return undefined; // the analysis found it valid; no run time to show is all this can mean
  }
}
