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
