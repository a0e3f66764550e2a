// Shared by the extension-host suites: the extension's API, settings changes, and waiting on a
// condition with a deadline (never a bare sleep).
import * as vscode from 'vscode';
import type { RipTideExtensionApi } from '../../src/extension/main';
import { waitFor } from '../harness/wait';

export const EXTENSION_ID = 'riptide.riptide-jobs';

export async function extensionApi(): Promise<RipTideExtensionApi> {
  const extension = vscode.extensions.getExtension<RipTideExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  return extension.activate();
}

export function testServerUrl(): string {
  const url = process.env.RIPTIDE_TEST_SERVER_URL;
  if (!url) throw new Error('RIPTIDE_TEST_SERVER_URL is not set by the harness');
  return url;
}

/**
 * Sets a `riptide.` setting in the user settings (undefined removes it). Not the workspace's:
 * a server URL from workspace settings is not contacted until the user approves its origin.
 */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('riptide').update(key, value, vscode.ConfigurationTarget.Global);
}

/**
 * Polls `check` every 25 ms until it returns a value other than undefined/false, or fails after
 * `timeoutMs`. A check that throws counts as "not yet" (e.g. a tree item not there yet).
 */
export function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  return waitFor(what, timeoutMs, async () => {
    const value = await check();
    return value === false ? undefined : value;
  }, 25);
}

/** The sample workspace's folder: the suites run with it open. */
export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the tests run with the sample workspace open');
  return folder.uri;
}

/** A suite's own folder in the workspace (`dir`), and a writer of files into it. */
export function suiteFiles(dir: string): { dir: () => vscode.Uri; write: (name: string, text: string) => Promise<vscode.Uri> } {
  const folder = () => vscode.Uri.joinPath(workspaceRoot(), dir);
  return {
    dir: folder,
    async write(name, text) {
      const uri = vscode.Uri.joinPath(folder(), name);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      return uri;
    },
  };
}
