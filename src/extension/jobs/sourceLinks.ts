// "Defined in crawl.job.yaml, line 4": where a job (or the schedule that started it) was defined,
// found again in the file as it is now, and opened at that line. Links to it are command links
// the extension builds itself, with a job id it knows as their only argument.
import * as vscode from 'vscode';
import { showInfoText, showWarningText } from '../text';
import { fileGlobOf } from '../../jobfiles';
import { fileLabel, locateEntry, placesOf, type JobSource } from '../../core/trace/jobSources';
import type { ScheduleOrigin } from '../../core/trace/scheduleOrigin';
import { analyzeFile } from '../jobfilesEditor/diagnostics';
import type { KnownJobs, KnownSchedules } from './knownJobs';

export const OPEN_SOURCE_COMMAND = 'riptide.job.openSource';

/** A definition's place in the file as it is now. */
export interface Located {
  uri: vscode.Uri;
  line: number;
  /** "Defined in crawl.job.yaml, line 4". */
  words: string;
}

/** Finds the entry again (moved, edited in place) in the editor's text, else the disk's. */
export async function locate(place: JobSource): Promise<Located | undefined> {
  const uri = vscode.Uri.parse(place.file);
  const entries = await entriesOf(uri);
  if (!entries) return undefined;
  const found = locateEntry(place, placesOf(entries));
  const line = found ? found.line : place.line;
  return { uri, line, words: vscode.l10n.t('Defined in {0}, line {1}', fileLabel(place.file), line + 1) };
}

async function entriesOf(uri: vscode.Uri) {
  try {
    return (await analyzeFile(uri)).entries;
  } catch {
    return undefined; // deleted or moved away
  }
}

/** Opens the file with the definition's first line selected and in view. */
export async function openAt(located: Located): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(located.uri);
  const line = Math.min(located.line, Math.max(0, doc.lineCount - 1));
  const range = new vscode.Range(line, 0, line, doc.lineAt(line).text.length);
  return vscode.window.showTextDocument(doc, { selection: new vscode.Range(range.start, range.start), preview: false });
}

/** Where a schedule was defined: created from a file here, else a schedule file of the workspace that names it. */
export async function locateSchedule(origin: ScheduleOrigin, known: KnownSchedules): Promise<Located | undefined> {
  const place = origin.scheduleId ? known.get(origin.scheduleId)?.place : undefined;
  if (place) return locate(place);
  if (!origin.scheduleName) return undefined;
  const files = await vscode.workspace.findFiles(fileGlobOf('schedule'), '**/node_modules/**', 200);
  for (const uri of files) {
    const entries = await entriesOf(uri);
    const entry = entries?.find((e) => e.schedule?.name === origin.scheduleName);
    if (entry) return { uri, line: entry.range.start.line, words: vscode.l10n.t('Defined in {0}, line {1}', fileLabel(uri.toString()), entry.range.start.line + 1) };
  }
  return undefined;
}

/** The Markdown command link to a known job's definition (escaped: the file name is the user's, but still not markup). */
export function sourceLinkMarkdown(jobId: string, located: Pick<Located, 'uri' | 'line'>): string {
  const name = fileLabel(located.uri.toString()).replace(/`/g, "'");
  const args = encodeURIComponent(JSON.stringify([jobId]));
  const text = vscode.l10n.t('Defined in {0}, line {1}', `\`${name}\``, located.line + 1).replace(/[[\]]/g, '\\$&');
  return `[${text}](command:${OPEN_SOURCE_COMMAND}?${args} "${vscode.l10n.t('Open the job file at this line')}")`;
}

export function registerSourceCommands(knownJobs: KnownJobs): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(OPEN_SOURCE_COMMAND, async (jobId?: unknown): Promise<vscode.TextEditor | undefined> => {
      const place = typeof jobId === 'string' ? knownJobs.get(jobId)?.place : undefined;
      if (!place) {
        void showInfoText(vscode.l10n.t('Where this job was defined is not known: only jobs sent from a job file in this workspace remember their file.'));
        return undefined;
      }
      const located = await locate(place);
      if (!located) {
        void showWarningText(vscode.l10n.t('{0} is gone: it was moved or deleted since the job was sent.', fileLabel(place.file)));
        return undefined;
      }
      return openAt(located);
    }),
  ];
}
