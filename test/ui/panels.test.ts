// The panels as a person sees them, inside the webview frames: the crawl table of a real crawl
// of the local server's own demo pages, hostile metadata and page content shown as text (and
// nothing run), a failed job's error, and the dashboard's figures against GET /workers/stats/queue.
// Screenshots (dark theme) go to test-results/screenshots/ for the README.
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { WorkersClient } from '../../src/api';
import { waitFor } from '../harness/processes';
import { ui } from './hooks';

const HOSTILE_METADATA = {
  script: '<script>window.__pwned = "script"</script>',
  image: '<img src=x onerror="window.__pwned = \'img\'">',
  link: 'javascript:window.__pwned = "link"',
};

/** Runs a command from the command palette and answers its input box, as a person would. */
async function runCommand(page: Page, title: string, answer?: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.getByText(title, { exact: true }) }).first();
  // Right after the workbench opens the palette may not list the extension's commands yet, and
  // it filters only when the text changes: type again until the command shows.
  await waitFor(`"${title}" in the command palette`, 30_000, async () => {
    await input.fill('>');
    await input.fill(`>${title}`);
    return (await row.waitFor({ state: 'visible', timeout: 2_000 }).then(() => true, () => false)) || undefined;
  });
  await row.click();
  if (answer === undefined) return;
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(answer);
  await page.keyboard.press('Enter');
}

/** The webview frame (VS Code nests the content in an inner iframe) that contains `selector`. */
async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  return waitFor(`a webview frame with ${selector}`, timeoutMs, async () => {
    for (const frame of page.frames()) {
      const found = await frame.evaluate((s) => document.querySelector(s) !== null, selector).catch(() => false);
      if (found) return frame;
    }
    return undefined;
  });
}

async function cellTexts(frame: Frame, selector: string): Promise<string[]> {
  return frame.$$eval(selector, (cells) => cells.map((c) => (c.textContent ?? '').trim()));
}

describe('panels in the workbench', function () {
  let client: WorkersClient;
  let serverUrl: string;
  const dialogs: string[] = [];

  before(() => {
    serverUrl = ui().session.workersServer.url;
    client = new WorkersClient({ baseUrl: serverUrl });
    ui().workbench.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  // Before rather than after each test, so that a failure's screenshot shows what went wrong.
  beforeEach(async () => {
    const { page } = ui().workbench;
    await page.keyboard.press('Escape');
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
  });

  after(async () => {
    await client.close();
  });

  it('shows a real crawl of the demo pages as a sortable table, with hostile content as text', async () => {
    const { page, screenshot } = ui().workbench;
    const urls = [1, 2, 3, 4, 5].map((n) => `${serverUrl}/demo/pages/${n}`).concat(`${serverUrl}/demo/pages/hostile`, `${serverUrl}/demo/pages/404`);
    const jobId = (await client.submitJob({ job_type: { type: 'batch_crawl', urls }, priority: 'High', metadata: { source: 'ui-test', ...HOSTILE_METADATA } })).job_id;
    const result = await client.waitForJob(jobId, { pollInterval: 0.2, timeout: 60 });
    assert.equal(result.success, true);

    await runCommand(page, 'RipTide: Go to Job by ID…', jobId);
    const frame = await webviewFrame(page, 'table.crawl tbody tr.crawl-row');

    // One row per URL, in submission order, with the page's HTTP status and title.
    assert.deepEqual(await cellTexts(frame, 'table.crawl tbody tr.crawl-row td.url'), urls);
    const statuses = await cellTexts(frame, 'table.crawl tbody tr.crawl-row td:nth-child(3)');
    assert.deepEqual(statuses, ['200', '200', '200', '200', '200', '200', '404']);
    const titles = await cellTexts(frame, 'table.crawl tbody tr.crawl-row td.title-cell');
    assert.equal(titles[0], 'Demo page 1: Tides');
    assert.equal(titles[4], 'Demo page 5: Lighthouses');
    // The hostile page's title is markup as text.
    assert.equal(titles[5], '<script>alert("title")</script> Hostile <img src=x onerror=alert(1)>');
    const summary = await cellTexts(frame, '.result .figures .figure-value');
    assert.deepEqual(summary.slice(0, 3), ['7', '6', '1'], 'URLs, successful, failed');

    // Metadata: every hostile value shown exactly as text.
    const metadata = await frame.$$eval('.metadata table.kv tr', (rows) => rows.map((r) => [r.querySelector('th')?.textContent, r.querySelector('td')?.textContent]));
    assert.deepEqual(Object.fromEntries(metadata), { source: 'ui-test', ...HOSTILE_METADATA });

    // Nothing ran and nothing became markup: no images, no links, no inline scripts, no flag set.
    const dom = await frame.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      links: document.querySelectorAll('a').length,
      // (VS Code injects one inline script of its own into the frame; none may carry our data.)
      hostileScripts: Array.from(document.querySelectorAll('script')).filter((s) => (s.textContent ?? '').includes('__pwned')).length,
      rawMarkup: document.body.innerHTML.includes('<script>window.__pwned') || document.body.innerHTML.includes('<img src'),
      pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
    }));
    assert.deepEqual(dom, { images: 0, links: 0, hostileScripts: 0, rawMarkup: false, pwned: null });
    await screenshot('panel-crawl-result');

    // Sort by HTTP status, descending on the second click: the 404 comes first.
    const httpHeader = frame.locator('th[data-column="status"]');
    await httpHeader.click();
    await httpHeader.click();
    await waitFor('the 404 row first', 10_000, async () => ((await cellTexts(frame, 'table.crawl tbody tr.crawl-row td:nth-child(3)'))[0] === '404' ? true : undefined));
    assert.equal(await httpHeader.getAttribute('aria-sort'), 'descending');
    // Back to the original order by #.
    await frame.locator('th[data-column="index"]').click();
    await waitFor('the original order', 10_000, async () => ((await cellTexts(frame, 'table.crawl tbody tr.crawl-row td.url'))[0] === urls[0] ? true : undefined));

    // Expand the hostile row: its text and links arrive from the extension, as text.
    await frame.locator('button[data-row="5"]').click();
    const detail = frame.locator('tr.detail-row .row-detail');
    await detail.locator('h4', { hasText: 'Links' }).waitFor({ timeout: 10_000 });
    const text = (await detail.locator('pre.text').textContent()) ?? '';
    assert.match(text, /Text that looks like markup: <script>alert\("text"\)<\/script>/);
    const links = await cellTexts(frame, 'tr.detail-row .links li');
    assert.ok(links.includes(`${serverUrl}/demo/pages/1`), `links shown as text: ${links.join(', ')}`);
    assert.equal(await frame.evaluate(() => document.querySelectorAll('a, img').length), 0);
    await detail.locator('.links').scrollIntoViewIfNeeded();
    await screenshot('panel-crawl-row-expanded');
    assert.deepEqual(dialogs, [], 'no alert() ran');
  });

  it('shows a failed job with its error first', async () => {
    const { page, screenshot } = ui().workbench;
    const jobId = (await client.submitJob({ job_type: { type: 'custom', job_name: 'flaky', payload: { fail_times: 5 } }, retry_config: { max_attempts: 1 } })).job_id;
    await waitFor('the flaky job to reach dead letter', 30_000, async () => ((await client.getJobStatus(jobId)).status === 'DeadLetter' ? true : undefined));
    await runCommand(page, 'RipTide: Go to Job by ID…', jobId);
    const frame = await webviewFrame(page, '.failure .failure-text');
    assert.match((await frame.locator('.failure .failure-text').textContent()) ?? '', /flaky: planned failure 1 of 5/);
    assert.match((await frame.locator('.status-badge').textContent()) ?? '', /Dead letter/);
    await frame.locator('.timeline li', { hasText: 'Attempt 1 failed' }).waitFor({ timeout: 10_000 });
    await screenshot('panel-failed-job');
  });

  it('shows the queue stats on the dashboard as the server counts them', async () => {
    const { page, screenshot } = ui().workbench;
    const { workersServer } = ui().session;
    await runCommand(page, 'RipTide: Open Queue Dashboard');
    const frame = await webviewFrame(page, '[data-figure="pending"]');
    // Some queued work, held still (paused pool) so the figures can be compared.
    workersServer.pause();
    try {
      await client.submitMany(Array.from({ length: 4 }, (_, i) => ({ job_type: { type: 'custom' as const, job_name: 'dashboard_demo', payload: { i } } })));
      await client.submitJob({ job_type: { type: 'custom', job_name: 'later', payload: {} }, scheduled_at: new Date(Date.now() + 3_600_000).toISOString() });
      const figures = async () =>
        Object.fromEntries(await frame.$$eval('.figures [data-figure]', (els) => els.map((e) => [e.getAttribute('data-figure'), Number((e.querySelector('.figure-value')?.textContent ?? '').replace(/\D/g, ''))])));
      const shown = await waitFor('the dashboard figures to equal GET /workers/stats/queue', 30_000, async () => {
        const q = await client.getQueueStats();
        const expected = { pending: q.pending, delayed: q.delayed, processing: q.processing, retry: q.retry, completed: q.completed, failed: q.failed };
        const f = await figures();
        return JSON.stringify(f) === JSON.stringify(expected) ? f : undefined;
      });
      assert.ok(shown.pending >= 4 && shown.delayed >= 1);
      const workers = await client.getWorkerStats();
      assert.equal(await frame.locator('[data-figure="healthy"]').textContent(), `${workers.healthy_workers} of ${workers.total_workers} healthy`);
      await screenshot('panel-dashboard');
    } finally {
      workersServer.resume();
    }
    // Resumed, the queued jobs run: the chart's completed line rises above zero.
    await waitFor('throughput in the chart', 30_000, async () => {
      const points = (await frame.locator('svg.chart polyline.line-completed').getAttribute('points').catch(() => null)) ?? '';
      const ys = new Set(points.split(' ').map((p) => p.split(',')[1]));
      return ys.size > 1 ? true : undefined;
    });
    await frame.locator('.chart-card').scrollIntoViewIfNeeded();
    await screenshot('panel-dashboard-chart');
  });
});
