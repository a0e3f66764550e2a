// The extension's shell as a person sees it: the activity-bar icon, the status bar's figures,
// a failure notification, the welcome content while no server answers, and starting the local
// server from there. Leaves the workbench pointed at the session's server, with the Explorer
// showing, as the other UI tests expect. Screenshots go to test-results/screenshots/.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { WorkersClient } from '../../src/api';
import { freePort } from '../harness/processes';
import { waitFor } from '../harness/wait';
import { ui } from './hooks';
import { answerInputBox, openWorkspaceFile, runCommand } from './palette';

const RIPTIDE_ICON = '.activitybar .action-item [aria-label^="RipTide"]';

/** The RipTide status-bar item (VS Code gives it the id `<extension id>.<item id>`). */
function statusItem(page: Page): Locator {
  return page.locator('.part.statusbar [id="riptide.riptide-jobs.riptide.queue"]');
}

/** The status-bar item's text as shown, icons aside. */
async function statusText(page: Page): Promise<string> {
  return ((await statusItem(page).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the status bar shows `<pending> pending · <failed> failed` as the server at `url` counts them now. */
async function statusBarMatchesServer(page: Page, url: string): Promise<string> {
  const client = new WorkersClient({ baseUrl: url });
  try {
    return await waitFor(`the status bar to show the queue stats of ${url}`, 30_000, async () => {
      const stats = await client.getQueueStats();
      const expected = `${stats.pending} pending · ${stats.failed} failed`;
      return (await statusText(page)) === expected ? expected : undefined;
    });
  } finally {
    await client.close();
  }
}

async function openRipTide(page: Page): Promise<void> {
  const jobsHeader = page.locator('.part.sidebar .pane-header').getByText('Jobs', { exact: true }).first();
  if (!(await jobsHeader.isVisible())) await page.locator(RIPTIDE_ICON).first().click();
  await jobsHeader.waitFor({ state: 'visible', timeout: 30_000 });
}

/** Hovers the status-bar item until its tooltip, the hover containing `text`, shows. */
async function statusTooltip(page: Page, text: string): Promise<Locator> {
  const hover = page.locator('.monaco-hover').filter({ hasText: text }).first();
  return waitFor(`the status bar's tooltip with "${text}"`, 20_000, async () => {
    // The hover opens when the pointer enters the item: leave it first, then come back.
    await page.mouse.move(700, 300);
    await statusItem(page).hover();
    await hover.waitFor({ state: 'visible', timeout: 3_000 });
    return hover;
  });
}

function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
}

async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 10_000 });
}

function assertScreenshot(file: string): void {
  assert.ok(fs.statSync(file).size > 20_000, `screenshot ${file} looks empty`);
}

describe('shell', function () {
  let client: WorkersClient;
  let localServerStarted = false;

  before(() => {
    const { session } = ui();
    session.workersServer.resume();
    client = new WorkersClient({ baseUrl: session.workersServer.url });
  });

  after(async function () {
    this.timeout(60_000);
    const { session, workbench } = ui();
    const { page } = workbench;
    await page.keyboard.press('Escape');
    if (localServerStarted) await runCommand(page, 'RipTide: Stop Local Server');
    // Back to the session's server the way a user would (the test above set another URL).
    await runCommand(page, 'RipTide: Set Server URL');
    await answerInputBox(page, session.workersServer.url);
    session.workersServer.resume();
    await statusBarMatchesServer(page, session.workersServer.url);
    await runCommand(page, 'View: Close All Editors');
    await clearNotifications(page).catch(() => undefined);
    await page.locator('.activitybar .action-item [aria-label^="Explorer"]').first().click();
    await client.close();
  });

  it('shows the RipTide icon in the activity bar; its views open with the extension\'s data, not a missing provider', async () => {
    const { page } = ui().workbench;
    const icon = page.locator(RIPTIDE_ICON).first();
    await icon.waitFor({ state: 'visible', timeout: 30_000 });
    // The icon is the extension's own SVG, drawn as a CSS mask over the label.
    const mask = await icon.evaluate((el) => {
      const style = getComputedStyle(el);
      return style.webkitMaskImage || style.maskImage;
    });
    assert.match(mask, /riptide\.svg/, `the activity-bar icon is not media/riptide.svg: ${mask}`);
    await icon.click();
    await openRipTide(page);
    // Once the Jobs view shows what the server has (its groups, or the empty queue's welcome),
    // no view may be left saying it has no data provider.
    const jobsShown = page
      .locator('.part.sidebar .pane-body .monaco-list-row')
      .filter({ hasText: 'Pending' })
      .or(page.locator('.part.sidebar .welcome-view-content').filter({ hasText: 'The queue is empty' }));
    await jobsShown.first().waitFor({ state: 'visible', timeout: 30_000 });
    const sidebarText = (await page.locator('.part.sidebar').textContent()) ?? '';
    assert.doesNotMatch(sidebarText, /no data provider/i);
  });

  it('shows the queue stats in the status bar: "N pending · M failed", as GET /workers/stats/queue counts them', async () => {
    const { session, workbench } = ui();
    const { page, screenshot } = workbench;
    // One dead-letter job, so both figures mean something.
    const failing = await client.submitJob({
      job_type: { type: 'custom', job_name: 'flaky', payload: { fail_times: 5 } },
      retry_config: { max_attempts: 1 },
    });
    await waitFor('the flaky job to reach the dead letter queue', 30_000, async () =>
      (await client.getJobStatus(failing.job_id)).status === 'DeadLetter' ? true : undefined,
    );
    // Pending jobs that stay pending while we look.
    session.workersServer.pause();
    const pending = await client.submitMany(Array.from({ length: 3 }, (_, i) => ({ job_type: { type: 'custom' as const, job_name: 'shell_demo', payload: { i } } })));
    assert.ok(pending.every((o) => o.ok));

    const shown = await statusBarMatchesServer(page, session.workersServer.url);
    const [pendingCount, failedCount] = shown.match(/\d+/g)!.map(Number);
    assert.ok(pendingCount >= 3 && failedCount >= 1, `unexpected figures: ${shown}`);

    // The tooltip breaks the figures down.
    const hover = await statusTooltip(page, 'RipTide queue');
    assert.match((await hover.textContent()) ?? '', new RegExp(`${pendingCount}\\s+pending,.*${failedCount}\\s+failed\\s+\\(dead\\s+letter\\)`));
    assertScreenshot(await screenshot('shell-status-bar'));
    await page.mouse.move(700, 300);
    session.workersServer.resume();
  });

  it('notifies when a job submitted from a job file fails, with "Open Result"', async () => {
    const { session, workbench } = ui();
    session.workersServer.resume();
    const { page, screenshot } = workbench;
    const jobFile = 'flaky.job.json';
    fs.writeFileSync(
      path.join(session.workspace, jobFile),
      JSON.stringify({ job_type: { type: 'custom', job_name: 'flaky', payload: { fail_times: 5 } }, retry_config: { max_attempts: 1 } }, null, 2) + '\n',
    );
    await clearNotifications(page);
    // Open the file with Quick Open, then submit it from the command palette.
    await openWorkspaceFile(page, jobFile);
    await runCommand(page, 'RipTide: Submit Job File');

    const submitted = toast(page, `Submitted 1 of 1 job from ${jobFile}`);
    await submitted.waitFor({ state: 'visible', timeout: 20_000 });
    const submittedText = (await submitted.textContent()) ?? '';
    const shortId = /Submitted 1 of 1 job from flaky\.job\.json \(([0-9a-f]+)\)/.exec(submittedText)?.[1];
    assert.ok(shortId, `unexpected submission message: ${submittedText}`);

    const failed = toast(page, `RipTide job Custom · flaky (${shortId}) failed`);
    await failed.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await failed.textContent()) ?? '', /planned failure 1 of 5/);
    await failed.locator('.monaco-button').filter({ hasText: 'Open Result' }).first().waitFor({ state: 'visible', timeout: 5_000 });
    // The submission's progress notification has closed by now.
    await toast(page, `Submitting 1 job from ${jobFile}`).waitFor({ state: 'hidden', timeout: 10_000 });
    assertScreenshot(await screenshot('shell-notification'));
  });

  it('offers Set Server URL, Set API Key and Start Local Server, and says why, when no server answers', async () => {
    const { page, screenshot } = ui().workbench;
    await clearNotifications(page);
    await runCommand(page, 'View: Close All Editors');
    const closedPort = await freePort();
    await runCommand(page, 'RipTide: Set Server URL');
    await answerInputBox(page, `http://127.0.0.1:${closedPort}`);
    await openRipTide(page);

    const welcome = page.locator('.part.sidebar .pane-body .welcome-view-content').first();
    await welcome.filter({ hasText: 'the connection was refused' }).waitFor({ state: 'visible', timeout: 30_000 });
    for (const action of ['Set Server URL', 'Set API Key', 'Start Local Server']) {
      await welcome.locator('.monaco-button').filter({ hasText: action }).first().waitFor({ state: 'visible', timeout: 5_000 });
    }
    assert.match(await statusText(page), /RipTide offline/);
    // The status bar's tooltip gives the full reason, with the URL.
    const hover = await statusTooltip(page, 'RipTide is unreachable');
    assert.match((await hover.textContent()) ?? '', new RegExp(`127\\.0\\.0\\.1:${closedPort}\\s+refused\\s+the\\s+connection`));
    assertScreenshot(await screenshot('shell-welcome-offline'));
    await page.mouse.move(700, 300);
  });

  it('starts the local server from the welcome content, and the status bar comes online with its figures', async () => {
    const { page, screenshot } = ui().workbench;
    const welcome = page.locator('.part.sidebar .pane-body .welcome-view-content').first();
    await welcome.locator('.monaco-button').filter({ hasText: 'Start Local Server' }).first().click();
    const running = toast(page, /Local RipTide server running at http:\/\/127\.0\.0\.1:\d+/);
    await running.waitFor({ state: 'visible', timeout: 30_000 });
    localServerStarted = true;
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec((await running.textContent()) ?? '')![1];
    assert.notEqual(url, ui().session.workersServer.url);
    const shown = await statusBarMatchesServer(page, url);
    assert.match(shown, /^\d+ pending · \d+ failed$/);
    await welcome.filter({ hasText: 'the connection was refused' }).waitFor({ state: 'hidden', timeout: 10_000 });
    await screenshot('shell-local-server');
  });
});
