// From the queue back to the code, as a person sees it in the browser: a job file's failed run
// in the Problems panel and in its CodeLens, two jobs selected together in the Jobs view and
// their results compared in the diff editor. The screenshots are the README's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { WorkersClient } from '../../src/api';
import { shortId } from '../../src/common/jobLabels';
import { waitFor } from '../harness/wait';
import { ui } from './hooks';
import { leaveWorkbenchTidy, runCommand } from './palette';

/** The README's pictures are taken here: test-results/screenshots/<name>.png, copied to media/screenshots/. */
const README_SHOTS = path.join(__dirname, '..', '..', '..', 'media', 'screenshots');

async function readmeShot(name: string): Promise<void> {
  const file = await ui().workbench.screenshot(name);
  if (process.env.RIPTIDE_UPDATE_SCREENSHOTS) fs.copyFileSync(file, path.join(README_SHOTS, `${name}.png`));
}

function sidebarRow(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.sidebar .pane-body .monaco-list-row').filter({ hasText: text }).first();
}

/** Opens a workspace file with Quick Open, typing again until the file search has found it (a new file takes a moment). */
async function openFile(page: Page, name: string): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: name }).first();
  await waitFor(`${name} in Quick Open`, 60_000, async () => {
    if (!(await input.isVisible())) {
      await page.keyboard.press('Control+P');
      if (!(await input.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false))) return undefined;
    }
    await input.fill('', { timeout: 2_000 });
    await input.fill(name, { timeout: 2_000 });
    return (await row.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) || undefined;
  });
  await page.keyboard.press('Enter');
  await page.locator('.editor-group-container .tab.active').filter({ hasText: name }).waitFor({ state: 'visible', timeout: 20_000 });
}

describe('from the queue back to the code (UI)', function () {
  this.timeout(120_000);
  let client: WorkersClient;

  before(() => {
    ui().session.workersServer.resume();
    client = new WorkersClient({ baseUrl: ui().session.workersServer.url });
  });

  after(async () => {
    const { page } = ui().workbench;
    await leaveWorkbenchTidy(page);
    await client.close();
  });

  it('shows a failed run in the Problems panel and in the CodeLens above its job', async () => {
    const { session, workbench } = ui();
    const { page } = workbench;
    const base = session.workersServer.url;
    const crawl = (page: string) => `job_type:\n  type: single_crawl\n  url: ${base}/demo/pages/${page}\nretry_config:\n  max_attempts: 1\n`;
    const name = 'crawl-demo.job.yaml';
    fs.writeFileSync(path.join(session.workspace, name), `# Two demo crawls: the second page does not exist.\n${crawl('1')}---\n${crawl('missing')}`);
    await openFile(page, name);
    // The CodeLens is there before anything was sent; then the file is submitted from the palette.
    const submit = page.locator('.contentWidgets .codelens-decoration a').filter({ hasText: 'Submit' }).first();
    await submit.waitFor({ state: 'visible', timeout: 20_000 });
    await runCommand(page, 'RipTide: Submit Job File');

    // The CodeLens says how each job's last run went.
    const failedLens = page.locator('.contentWidgets .codelens-decoration').filter({ hasText: /last run failed/ }).first();
    await failedLens.waitFor({ state: 'visible', timeout: 40_000 });
    await page.locator('.contentWidgets .codelens-decoration').filter({ hasText: /last run succeeded/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await failedLens.textContent()) ?? '', /Submit.*Submit and wait.*last run failed (\d+ (ms|s) ago|just now)/);
    await readmeShot('trace-codelens');

    // The Problems panel lists it with the job's short id, next to nothing else of the file's.
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'Last run failed on the server: HTTP error: 404' }).first();
    await problem.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await problem.textContent()) ?? '', /\(job [0-9a-f]{8}, (\d+ (ms|s|min) ago|just now)\)/);
    await readmeShot('trace-problems');
    await page.keyboard.press('Control+Shift+M');
  });

  it('selects two jobs in the Jobs view and compares their results in the diff editor', async () => {
    const { page } = ui().workbench;
    const base = ui().session.workersServer.url;
    const ids = [];
    for (const n of [3, 4]) ids.push((await client.submitJob({ job_type: { type: 'single_crawl', url: `${base}/demo/pages/${n}` } })).job_id);
    for (const id of ids) await client.waitForJob(id, { pollInterval: 0.2, timeout: 30 });

    const jobsHeader = page.locator('.part.sidebar .pane-header').getByText('Jobs', { exact: true }).first();
    if (!(await jobsHeader.isVisible())) await page.locator('.activitybar .action-item [aria-label^="RipTide"]').first().click();
    await jobsHeader.waitFor({ state: 'visible', timeout: 30_000 });
    const completed = sidebarRow(page, /^Completed/);
    await completed.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await completed.getAttribute('aria-expanded')) !== 'true') await completed.click();
    const [a, b] = ids.map((id) => sidebarRow(page, shortId(id)));
    await waitFor('both jobs in the Completed group', 30_000, async () => ((await a.isVisible()) && (await b.isVisible())) || undefined);
    await a.click();
    await b.click({ modifiers: ['Control'] });
    await waitFor('two selected rows', 10_000, async () => ((await page.locator('.part.sidebar .monaco-list-row.selected').count()) === 2) || undefined);
    await b.click({ button: 'right' });
    const compare = page.locator('.context-view .monaco-menu .action-item').filter({ hasText: 'Compare Results' }).first();
    await compare.waitFor({ state: 'visible', timeout: 10_000 });
    await readmeShot('trace-multiselect');
    await compare.click();

    const diff = page.locator('.editor-group-container .monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 30_000 });
    const tab = page.locator('.editor-group-container .tab.active');
    assert.match((await tab.textContent()) ?? '', new RegExp(`Result ${shortId(ids[0])} ↔ ${shortId(ids[1])}`));
    // The two crawls differ in their page's title: the diff marks it.
    await diff.locator('.line-insert, .char-insert').first().waitFor({ state: 'visible', timeout: 20_000 });
    await readmeShot('trace-diff');
  });
});
