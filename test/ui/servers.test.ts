// Servers and server text as a person sees them: the status bar names the server in use and a
// click on it switches servers; a job named with Markdown and command links shows as text in its
// failure notification, its Jobs-view tooltip and its panel, and nothing there is a link. That
// job runs on a server in RipTide mode, where a custom job of any name but "Custom" dead-letters
// with an error that repeats the name: server text in both the name and the error.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { WorkersClient } from '../../src/api';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { waitFor } from '../harness/wait';
import { ui } from './hooks';
import { openWorkspaceFile, runCommand } from './palette';

const HOSTILE_NAME = '[Open me](command:workbench.action.openSettings) and [docs](https://evil.example/x "title that swallows the rest") $(alert)';

function serverItem(page: Page): Locator {
  return page.locator('.part.statusbar [id="riptide.riptide-jobs.riptide.server"]');
}

function queueItem(page: Page): Locator {
  return page.locator('.part.statusbar [id="riptide.riptide-jobs.riptide.queue"]');
}

async function itemText(item: Locator): Promise<string> {
  return ((await item.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits until the queue item shows the figures of the server at `url`. */
async function queueShows(page: Page, url: string): Promise<void> {
  const client = new WorkersClient({ baseUrl: url });
  try {
    await waitFor(`the status bar to show the figures of ${url}`, 30_000, async () => {
      const stats = await client.getQueueStats();
      return (await itemText(queueItem(page))) === `${stats.pending} pending · ${stats.failed} failed` || undefined;
    });
  } finally {
    await client.close();
  }
}

/** Links (anything clickable besides the notification's own buttons) inside `scope`. */
async function linksIn(scope: Locator): Promise<string[]> {
  return scope.locator('a').evaluateAll((links) => links.map((a) => `${a.textContent} -> ${a.getAttribute('href') ?? a.getAttribute('data-href') ?? ''}`));
}

/** Answers the input box whose prompt contains `prompt` (one of several opened in a row). */
async function answerNext(page: Page, prompt: string, value: string): Promise<void> {
  const widget = page.locator('.quick-input-widget').filter({ hasText: prompt });
  await widget.waitFor({ state: 'visible', timeout: 10_000 });
  await widget.locator('.quick-input-box input').fill(value);
  await page.keyboard.press('Enter');
}

/** Add Server…: name, URL, connection tested, saved and switched to. */
async function addServer(page: Page, name: string, url: string): Promise<void> {
  await runCommand(page, 'RipTide: Add Server…');
  await answerNext(page, 'A short name', name);
  await answerNext(page, 'Base URL', url);
  await waitFor(`the server item to name "${name}"`, 30_000, async () => (await itemText(serverItem(page))) === name || undefined);
  await queueShows(page, url);
}

/** One click on the server item, then the row of the server at `url`. */
async function switchTo(page: Page, url: string): Promise<void> {
  const { host } = new URL(url);
  await serverItem(page).click();
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: host }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
  await waitFor(`the server item to name ${host}`, 30_000, async () => (await itemText(serverItem(page))).endsWith(host) || undefined);
  await queueShows(page, url);
}

async function webviewFrame(page: Page, selector: string): Promise<Frame> {
  return waitFor(`a webview frame with ${selector}`, 30_000, async () => {
    for (const frame of page.frames()) {
      if (await frame.evaluate((s) => document.querySelector(s) !== null, selector).catch(() => false)) return frame;
    }
    return undefined;
  });
}

describe('servers and server text', function () {
  let second: WorkersServer;
  let riptide: WorkersServer;

  before(async () => {
    second = await startWorkersServer({ port: 0, host: '127.0.0.1', workers: 2, paused: true });
    riptide = await startWorkersServer({ port: 0, host: '127.0.0.1', workers: 2, riptide: { rateLimitPerMinute: 0 } });
    // Figures that differ from the session server's, so a switch shows.
    const client = new WorkersClient({ baseUrl: second.url });
    await client.submitMany(Array.from({ length: 7 }, (_, i) => ({ job_type: { type: 'custom' as const, job_name: 'second', payload: { i } } })));
    await client.close();
  });

  after(async function () {
    this.timeout(60_000);
    const { session, workbench } = ui();
    const { page } = workbench;
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.activitybar .action-item [aria-label^="Explorer"]').first().click();
    // The later UI tests expect the session's server in use.
    if (!(await itemText(serverItem(page))).endsWith(new URL(session.workersServer.url).host)) await switchTo(page, session.workersServer.url);
    await second.close();
    await riptide.close();
  });

  it('names the server in the status bar (URL in the tooltip), and switches servers from it', async () => {
    const { session, workbench } = ui();
    const { page, screenshot } = workbench;
    const sessionHost = new URL(session.workersServer.url).host;
    await waitFor('the server item to name the session server', 30_000, async () => (await itemText(serverItem(page))).endsWith(sessionHost) || undefined);

    await addServer(page, 'Second', second.url);
    await serverItem(page).hover();
    const hover = page.locator('.monaco-hover').filter({ hasText: 'RipTide server' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(((await hover.textContent()) ?? '').replace(/\u200b/g, ''), new RegExp(second.url.replace(/[.:/]/g, '\\$&')));
    await screenshot('servers-status-bar');
    await page.mouse.move(700, 300);

    // One click on the name: the quick pick; pick the session's server back.
    await switchTo(page, session.workersServer.url);
  });

  it('shows a job named with Markdown and command links as text in its notification, tooltip and panel; nothing is a link', async () => {
    const { session, workbench } = ui();
    const { page, screenshot } = workbench;
    await addServer(page, 'RipTide mode', riptide.url);
    const file = 'hostile.job.json';
    fs.writeFileSync(
      path.join(session.workspace, file),
      JSON.stringify({ job_type: { type: 'custom', job_name: HOSTILE_NAME, payload: {} }, retry_config: { max_attempts: 1 } }, null, 2),
    );
    await openWorkspaceFile(page, file);
    await runCommand(page, 'RipTide: Submit Job File');

    // The failure notification: the name as written, no link, nothing swallowed after it.
    const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: 'failed' }).filter({ hasText: 'Open me' }).first();
    await toast.waitFor({ state: 'visible', timeout: 60_000 });
    const message = toast.locator('.notification-list-item-message').first();
    const shown = ((await message.textContent()) ?? '').replace(/\u200b/g, '');
    assert.ok(shown.includes(HOSTILE_NAME), `the name shows as written: ${shown}`);
    assert.match(shown, /failed: No processor found for job type: custom:\[Open me\]/, 'the text after the name is all there, the error as the server wrote it');
    assert.deepEqual(await linksIn(message), []);
    await message.click(); // clicking the text runs nothing: no settings editor opens
    await screenshot('servers-hostile-notification');
    assert.equal(await page.locator('.editor-group-container .tab').filter({ hasText: 'Settings' }).count(), 0);

    // The Jobs view's tooltip.
    await page.locator('.activitybar .action-item [aria-label^="RipTide"]').first().click();
    const deadLetter = page.locator('.part.sidebar .monaco-list-row').filter({ hasText: /Dead letter|Failed/ }).first();
    await deadLetter.waitFor({ state: 'visible', timeout: 30_000 });
    if ((await deadLetter.getAttribute('aria-expanded')) !== 'true') await deadLetter.click();
    const jobRow = page.locator('.part.sidebar .monaco-list-row').filter({ hasText: 'Open me' }).first();
    await jobRow.waitFor({ state: 'visible', timeout: 30_000 });
    const tooltip = await waitFor('the job\'s tooltip', 20_000, async () => {
      await page.mouse.move(700, 300);
      await jobRow.hover();
      const hover = page.locator('.monaco-hover').filter({ hasText: 'Open me' }).first();
      return (await hover.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false)) ? hover : undefined;
    });
    // appendText writes spaces as &nbsp;: compare them as spaces.
    const tooltipText = ((await tooltip.textContent()) ?? '').replace(/\u200b/g, '').replace(/\u00a0/g, ' ');
    assert.ok(tooltipText.includes('[Open me](command:workbench.action.openSettings)'), tooltipText);
    assert.ok(!tooltipText.includes('\\'), 'no backslash escapes show');
    // The one link is the extension's own, to the job's definition; none comes from the name.
    assert.deepEqual((await linksIn(tooltip)).filter((link) => !link.startsWith('Defined in hostile.job.json')), []);
    await screenshot('servers-hostile-tooltip');

    // The job's panel.
    await page.mouse.move(700, 300);
    await jobRow.click();
    const frame = await webviewFrame(page, 'h1');
    await waitFor('the panel to show the name', 30_000, async () => ((await frame.locator('body').textContent()) ?? '').includes('Open me') || undefined);
    const body = (await frame.locator('body').textContent()) ?? '';
    assert.ok(body.includes('[docs](https://evil.example/x "title that swallows the rest")'), 'the name shows as written in the panel');
    const panelLinks = await frame.locator('a[href^="command:"], a[href*="evil.example"]').count();
    assert.equal(panelLinks, 0);
    await screenshot('servers-hostile-panel');
    await switchTo(page, session.workersServer.url);
  });
});
