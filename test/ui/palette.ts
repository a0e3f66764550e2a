// The command palette, driven as a person would; shared by the UI suites.
import type { Page } from 'playwright-core';
import { waitFor } from '../harness/wait';

const INPUT = '.quick-input-widget .quick-input-box input';

/**
 * Runs a command from the palette by clicking its row (Enter would run whichever command the
 * palette ranks first), and answers the input box it opens when `answer` is given.
 */
export async function runCommand(page: Page, title: string, answer?: string): Promise<void> {
  const input = page.locator(INPUT);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.getByText(title, { exact: true }) }).first();
  // The palette may not list the extension's commands yet right after start-up, it filters only
  // when the text changes, and a quick pick that is still closing can swallow F1: open it and
  // type again until the command shows.
  await waitFor(`"${title}" in the command palette`, 30_000, async () => {
    if (!(await input.isVisible())) {
      await page.keyboard.press('F1');
      if (!(await input.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false))) return undefined;
    }
    await input.fill('>', { timeout: 2_000 });
    await input.fill(`>${title}`, { timeout: 2_000 });
    return (await row.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false)) || undefined;
  });
  await row.click();
  if (answer !== undefined) await answerInputBox(page, answer);
}

/** Leaves the workbench as every UI suite expects to find it: no editor, no notification, the Explorer showing. */
export async function leaveWorkbenchTidy(page: Page): Promise<void> {
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Notifications: Clear All Notifications');
  await runCommand(page, 'View: Show Explorer');
}

/** Opens a file of the workspace with Quick Open (Ctrl+P), as a person would, and waits for its tab. */
export async function openWorkspaceFile(page: Page, name: string): Promise<void> {
  const input = page.locator(INPUT);
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: name }).first();
  // A file written a moment ago may not be in Quick Open's first search: ask again until it is.
  await waitFor(`"${name}" in Quick Open`, 30_000, async () => {
    if (!(await input.isVisible())) await page.keyboard.press('Control+P');
    if (!(await input.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false))) return undefined;
    await input.fill('', { timeout: 2_000 });
    await input.fill(name, { timeout: 2_000 });
    return (await row.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) || undefined;
  });
  await row.click();
  await page.locator('.editor-group-container .tab.active').filter({ hasText: name }).waitFor({ state: 'visible', timeout: 20_000 });
}

/** Answers the input box a command opened, and waits for it to close. */
export async function answerInputBox(page: Page, value: string): Promise<void> {
  const input = page.locator(INPUT);
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(value);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}
