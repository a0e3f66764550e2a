// The job or schedule file that a command's argument names (keybindings.json "args", command
// links, other extensions), found and checked before anything is read.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fileArg } from '../../core/commandArgs';
import { fileKindOf, fileNamesOf } from '../../jobfiles';

/**
 * The job or schedule file a command argument names: a URI, an absolute path, or a path relative
 * to a workspace folder (the first folder that has it). Says what is wrong when there is no such
 * file or it is not a job or schedule file.
 */
export async function jobFileFromArg(command: string, arg: unknown): Promise<{ uri: vscode.Uri } | { error: string }> {
  const checked = fileArg(command, arg);
  if (!checked.ok) return { error: checked.error };
  const target = checked.value;
  const candidates: vscode.Uri[] = [];
  if ('uri' in target) {
    try {
      candidates.push(vscode.Uri.parse(target.uri, true));
    } catch (err) {
      return { error: vscode.l10n.t("{0}: '{1}' is not a valid URI ({2}).", command, target.uri, (err as Error).message) };
    }
  } else if (path.isAbsolute(target.path)) {
    candidates.push(vscode.Uri.file(target.path));
  } else {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) return { error: vscode.l10n.t("{0}: '{1}' is a relative path, but no folder is open: give an absolute path.", command, target.path) };
    candidates.push(...folders.map((f) => vscode.Uri.joinPath(f.uri, target.path)));
  }
  const shown = 'uri' in target ? target.uri : target.path;
  for (const uri of candidates) {
    const stat = await Promise.resolve(vscode.workspace.fs.stat(uri)).catch(() => undefined);
    if (!stat) continue;
    if (stat.type & vscode.FileType.Directory) return { error: vscode.l10n.t("{0}: '{1}' is a folder: use RipTide: Submit All Job Files in Folder.", command, shown) };
    if (!fileKindOf(uri.path)) {
      return { error: vscode.l10n.t("{0}: '{1}' is not a job or schedule file ({2}, {3}).", command, shown, fileNamesOf('job', ', '), fileNamesOf('schedule', ', ')) };
    }
    return { uri };
  }
  if ('path' in target && !path.isAbsolute(target.path)) {
    return { error: vscode.l10n.t("{0}: there is no file '{1}' (looked in {2}).", command, shown, candidates.map((c) => c.fsPath).join(', ')) };
  }
  return { error: vscode.l10n.t("{0}: there is no file '{1}'.", command, shown) };
}
