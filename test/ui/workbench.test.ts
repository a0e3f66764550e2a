// What a person sees when the workbench opens with RipTide Jobs installed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ui } from './hooks';
import { runCommand } from './palette';

describe('workbench', () => {
  it('loads with the sample workspace open', async () => {
    const { page } = ui().workbench;
    // The Explorer names the open folder; the session opens a copy called "workspace".
    await page.locator('.monaco-workbench .part.titlebar, .monaco-workbench .part.sidebar').first().waitFor();
    const title = await page.title();
    assert.match(title, /workspace/i, `unexpected window title: ${title}`);
  });

  it('shows the RipTide icon in the activity bar, and clicking it opens the RipTide views', async () => {
    const { page, screenshot } = ui().workbench;
    const icon = page.locator('.activitybar .action-item [aria-label^="RipTide"]').first();
    await icon.waitFor({ state: 'visible', timeout: 30_000 });
    // A click on the container already showing would hide it: start from the Explorer.
    await runCommand(page, 'View: Show Explorer');
    await icon.click();
    const sideBarTitle = page.locator('.part.sidebar .composite.title');
    await sideBarTitle.getByText('RipTide', { exact: false }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The three views of the container, by their header titles.
    for (const view of ['Jobs', 'Schedules', 'Workers']) {
      await page.locator('.part.sidebar .pane-header').getByText(view, { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
    }
    const file = await screenshot('workbench-riptide-views');
    assert.ok(fs.statSync(file).size > 10_000, `screenshot ${file} looks empty`);
  });
});
