// Shared by the extension-host suites: the extension's API, settings changes, and waiting on a
// condition with a deadline (never a bare sleep).
import * as vscode from 'vscode';
import type { RipTideExtensionApi } from '../../src/extension';

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

/** Sets a `riptide.` setting in the workspace (undefined removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('riptide').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
