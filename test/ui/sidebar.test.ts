// The Jobs view as a person uses it: expand a group, load more, run a context action.
// Screenshots go to test-results/screenshots/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { WorkersClient } from '../../src/api';
import { shortId } from '../../src/common/jobLabels';
import { ui } from './hooks';

const JOBS = 71; // one page of 50 (the default page size) and a partial second one

/** The row of the Jobs view whose text contains `text`. */
function row(page: Page, text: string | RegExp): Locator {
  return page.locator('.part.sidebar .pane-body .monaco-list-row').filter({ hasText: text }).first();
}

async function openRipTide(page: Page): Promise<void> {
  const jobsHeader = page.locator('.part.sidebar .pane-header').getByText('Jobs', { exact: true }).first();
  if (!(await jobsHeader.isVisible())) {
    await page.locator('.activitybar .action-item [aria-label^="RipTide"]').first().click();
  }
  await jobsHeader.waitFor({ state: 'visible', timeout: 30_000 });
}

describe('sidebar: Jobs view', function () {
  let client: WorkersClient;
  let firstJob: string;

  before(async () => {
    const { session } = ui();
    session.workersServer.pause(); // the queue holds still while we look at it
    client = new WorkersClient({ baseUrl: session.workersServer.url });
    firstJob = (await client.submitJob({ job_type: { type: 'batch_crawl', urls: ['https://example.com/a', 'https://example.com/b'] }, priority: 'Critical' })).job_id;
    const rest = await client.submitMany(Array.from({ length: JOBS - 1 }, (_, i) => ({ job_type: { type: 'custom' as const, job_name: 'ui_demo', payload: { i } } })));
    assert.ok(rest.every((o) => o.ok));
  });

  after(async () => {
    // Leave the workbench as other UI tests expect to find it: the Explorer showing.
    await ui().workbench.page.locator('.activitybar .action-item [aria-label^="Explorer"]').first().click().catch(() => undefined);
    ui().session.workersServer.resume();
    await client.close();
  });

  it('expands Pending, loads more, and runs "Watch Until Done" from a job\'s context menu', async () => {
    const { page, screenshot } = ui().workbench;
    await openRipTide(page);

    // The group shows the queue stats' count; its jobs are fetched when it is expanded.
    const pending = row(page, /Pending/);
    await pending.filter({ hasText: String(JOBS) }).waitFor({ state: 'visible', timeout: 30_000 });
    await pending.click();
    const first = row(page, shortId(firstJob));
    await first.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await first.textContent()) ?? '', /^Batch crawl/);
    assert.match((await first.textContent()) ?? '', /Critical/);
    await screenshot('jobs-pending-expanded');

    // The last row of the first page is "Load more…", with how many are shown.
    await page.keyboard.press('End');
    const loadMore = row(page, 'Load more');
    await loadMore.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await loadMore.textContent()) ?? '', new RegExp(`50 of ${JOBS} shown`));
    await screenshot('jobs-load-more');
    await loadMore.click();
    // The second page is short: the list now ends with a job, and no Load more is left.
    await loadMore.waitFor({ state: 'detached', timeout: 30_000 });
    // End focuses the last group (Dead letter); five rows up is the last row of Pending.
    await page.keyboard.press('End');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
    const last = page.locator('.part.sidebar .pane-body .monaco-list-row.focused').first();
    await last.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match((await last.textContent()) ?? '', /Custom · ui_demo/);
    await screenshot('jobs-after-load-more');

    // A context action on the Critical job: Watch Until Done.
    await page.keyboard.press('Home');
    await first.scrollIntoViewIfNeeded();
    await first.click({ button: 'right' });
    const watch = page.locator('.monaco-menu .action-item').filter({ hasText: 'Watch Until Done' }).first();
    await watch.waitFor({ state: 'visible', timeout: 10_000 });
    assert.ok(await page.locator('.monaco-menu .action-item').filter({ hasText: 'Copy Job ID' }).first().isVisible());
    assert.equal(await page.locator('.monaco-menu .action-item').filter({ hasText: 'Open Job Result' }).count(), 0, 'no result for a pending job');
    const file = await screenshot('jobs-context-menu');
    assert.ok(fs.statSync(file).size > 10_000);
    await watch.click();
    await page.locator('.part.statusbar').getByText(`Watching job ${shortId(firstJob)}`, { exact: false }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot('jobs-watching');
  });
});
