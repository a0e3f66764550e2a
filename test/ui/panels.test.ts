// The panels as a person sees them, inside the webview frames: the crawl table of a real crawl
// of the local server's own demo pages, hostile metadata and page content shown as text (and
// nothing run), a failed job's error, and the dashboard's figures against GET /workers/stats/queue.
// Screenshots (dark theme; light and high contrast for the theme check) go to test-results/screenshots/.
import * as assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { WorkersClient } from '../../src/api';
import { waitFor } from '../harness/wait';
import { ui } from './hooks';
import { runCommand } from './palette';

const HOSTILE_METADATA = {
  script: '<script>window.__pwned = "script"</script>',
  image: '<img src=x onerror="window.__pwned = \'img\'">',
  link: 'javascript:window.__pwned = "link"',
};

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

/** The workbench themes the panels are checked in: the label in "Preferences: Color Theme", the
 * workbench's class for it, and the class VS Code gives a webview's body. */
const THEMES = {
  dark: { label: 'Dark Modern', workbenchClass: 'vs-dark', bodyClass: 'vscode-dark' },
  light: { label: 'Light Modern', workbenchClass: 'vs', bodyClass: 'vscode-light' },
  hc: { label: 'Dark High Contrast', workbenchClass: 'hc-black', bodyClass: 'vscode-high-contrast' },
} as const;
type Theme = (typeof THEMES)[keyof typeof THEMES];

/** Picks a colour theme as a person would, and waits until the workbench wears it. */
async function selectTheme(page: Page, theme: Theme): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(theme.label);
  await page.locator('.quick-input-widget .monaco-list-row').filter({ has: page.getByText(theme.label, { exact: true }) }).first().click();
  await page.locator(`.monaco-workbench.${theme.workbenchClass}`).waitFor({ state: 'attached', timeout: 10_000 });
}

/** A colour a panel must keep readable: the text colour, or the top border (figures' accents). */
interface ColourCheck {
  selector: string;
  part: 'text' | 'top border';
}

/**
 * What a panel shows of the theme: the codicon font loaded through the CSP, an icon's size, and
 * for every element a check names, its colour's contrast against the editor background (WCAG
 * ratio; a top border that is not drawn counts as 0).
 */
async function themeLook(frame: Frame, iconSelector: string, checks: ColourCheck[]): Promise<{ iconWidth: number; iconHeight: number; contrasts: { what: string; ratio: number }[] }> {
  await waitFor('the codicon font to load in the webview', 10_000, () =>
    frame.evaluate(() => {
      let loaded = false;
      document.fonts.forEach((f) => (loaded ||= f.family.replace(/["']/g, '') === 'codicon' && f.status === 'loaded'));
      return loaded ? true : undefined;
    }),
  );
  return frame.evaluate(
    ([icon, colourChecks]) => {
      /** [r, g, b, alpha] of a CSS colour. */
      const rgba = (cssColour: string): number[] => {
        const probe = document.createElement('span');
        probe.style.color = cssColour;
        document.body.append(probe);
        const [r, g, b, a = 1] = getComputedStyle(probe).color.match(/[\d.]+/g)?.map(Number) ?? [];
        probe.remove();
        return [r, g, b, a];
      };
      const luminance = (c: number[]): number => {
        const [r, g, b] = c.slice(0, 3).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const editorBackground = rgba(getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-background').trim());
      const background = luminance(editorBackground);
      // A translucent colour is seen blended over the editor background.
      const seen = (cssColour: string): number[] => {
        const [r, g, b, a] = rgba(cssColour);
        return [r, g, b].map((v, i) => v * a + editorBackground[i] * (1 - a));
      };
      const contrasts: { what: string; ratio: number }[] = [];
      for (const check of colourChecks) {
        document.querySelectorAll(check.selector).forEach((el) => {
          const style = getComputedStyle(el);
          const what = `${check.part} of ${check.selector}${el.getAttribute('data-figure') ? `[${el.getAttribute('data-figure')}]` : ''}`;
          if (check.part === 'top border' && (style.borderTopStyle === 'none' || parseFloat(style.borderTopWidth) === 0)) {
            contrasts.push({ what, ratio: 0 });
            return;
          }
          const [hi, lo] = [luminance(seen(check.part === 'text' ? style.color : style.borderTopColor)), background].sort((a, b) => b - a);
          contrasts.push({ what, ratio: (hi + 0.05) / (lo + 0.05) });
        });
      }
      const box = (document.querySelector(icon) as Element).getBoundingClientRect();
      return { iconWidth: box.width, iconHeight: box.height, contrasts };
    },
    [iconSelector, checks] as const,
  );
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

  it('looks native in the light and high-contrast themes: codicons, readable status colours', async () => {
    const { page, screenshot } = ui().workbench;
    const crawlId = (await client.submitJob({ job_type: { type: 'batch_crawl', urls: [`${serverUrl}/demo/pages/1`, `${serverUrl}/demo/pages/404`] } })).job_id;
    const failedId = (await client.submitJob({ job_type: { type: 'custom', job_name: 'flaky', payload: { fail_times: 5 } }, retry_config: { max_attempts: 1 } })).job_id;
    await client.waitForJob(crawlId, { pollInterval: 0.2, timeout: 60 });
    await waitFor('the flaky job to reach dead letter', 30_000, async () => ((await client.getJobStatus(failedId)).status === 'DeadLetter' ? true : undefined));

    // Each panel: where it shows, the status icon it must draw, and the coloured text that must stay readable.
    const panels: { name: string; open: () => Promise<void>; ready: string; icon: string; colours: ColourCheck[] }[] = [
      {
        name: 'crawl-result',
        open: () => runCommand(page, 'RipTide: Go to Job by ID…', crawlId),
        ready: 'table.crawl tbody tr.crawl-row',
        icon: '.status-badge .codicon-pass',
        colours: [{ selector: '.status-badge', part: 'text' }, { selector: 'table.crawl td.ok, table.crawl td.bad', part: 'text' }, { selector: '.figure[class*="tone-"]', part: 'top border' }],
      },
      {
        name: 'failed-job',
        open: () => runCommand(page, 'RipTide: Go to Job by ID…', failedId),
        ready: '.failure .failure-text',
        icon: '.status-badge .codicon-error',
        colours: [{ selector: '.status-badge', part: 'text' }, { selector: '.failure-title', part: 'text' }],
      },
      {
        name: 'dashboard',
        open: () => runCommand(page, 'RipTide: Open Queue Dashboard'),
        // The pool's line, not only the figures: under the request budget the pool may be read a tick later.
        ready: '.pool-state .codicon',
        icon: '.pool-state .codicon',
        colours: [{ selector: '.figures [data-figure]', part: 'top border' }, { selector: '.pool-state', part: 'text' }],
      },
    ];
    try {
      for (const [suffix, theme] of [['light', THEMES.light], ['hc', THEMES.hc]] as const) {
        await selectTheme(page, theme);
        for (const panel of panels) {
          await runCommand(page, 'View: Close All Editors');
          await panel.open();
          // The panel opened in this theme: VS Code gives its body the theme's class.
          const frame = await webviewFrame(page, `body.${theme.bodyClass} ${panel.ready}`);
          const look = await themeLook(frame, panel.icon, panel.colours);
          assert.ok(look.iconWidth >= 12 && look.iconHeight >= 12, `${panel.name} (${suffix}): status codicon drawn at ${look.iconWidth}x${look.iconHeight}`);
          for (const c of panel.colours) assert.ok(look.contrasts.some((x) => x.what.startsWith(`${c.part} of ${c.selector}`)), `${panel.name} (${suffix}): nothing matches ${c.selector}`);
          // 3:1 is WCAG's minimum for large or bold text and for the parts of a control.
          const faint = look.contrasts.filter((c) => c.ratio < 3).map((c) => `${c.what}: ${c.ratio.toFixed(2)}`);
          assert.deepEqual(faint, [], `${panel.name} (${suffix}): colours too faint against the editor background`);
          await screenshot(`panel-${panel.name}-${suffix}`);
        }
      }
    } finally {
      // The other suites' screenshots are in the dark theme.
      await page.keyboard.press('Escape');
      await selectTheme(page, THEMES.dark);
    }
  });

  it('long server strings wrap or are cut with the whole text on hover: no page scrolls sideways, no column a letter wide', async () => {
    const { page, screenshot } = ui().workbench;
    const longKey = `metadata_key_${'k'.repeat(300)}`;
    const longValue = `value_${'v'.repeat(3000)}`;
    const longName = `job_${'n'.repeat(400)}`;
    const jobId = (await client.submitJob({ job_type: { type: 'custom', job_name: longName, payload: {} }, metadata: { [longKey]: longValue, short: 'ok' } })).job_id;
    await client.waitForJob(jobId, { pollInterval: 0.2, timeout: 60 });

    /** How a page lays out: sideways overflow, and the narrowest cell of `cells`. */
    const layout = (frame: Frame, cells: string) =>
      frame.evaluate((selector) => {
        const root = document.documentElement;
        const widths = Array.from(document.querySelectorAll(selector)).map((c) => c.getBoundingClientRect().width);
        return { overflow: root.scrollWidth - root.clientWidth, viewport: root.clientWidth, narrowest: Math.min(...widths), cells: widths.length };
      }, cells);

    await runCommand(page, 'RipTide: Go to Job by ID…', jobId);
    const panel = await webviewFrame(page, '.metadata table.kv');
    const job = await layout(panel, '.metadata table.kv th, .metadata table.kv td');
    assert.equal(job.cells, 4);
    assert.ok(job.overflow <= 0, `the job panel scrolls sideways by ${job.overflow} px`);
    assert.ok(job.narrowest >= 40, `a metadata column is ${job.narrowest} px wide`);
    // The key is cut on one line with the whole key on hover; the value wraps, all of it shown.
    const key = panel.locator('.metadata table.kv th .cut', { hasText: 'metadata_key_' });
    assert.equal(await key.getAttribute('title'), longKey);
    const keyBox = await key.boundingBox();
    assert.ok(keyBox && keyBox.width <= job.viewport * 0.45, `the key takes ${keyBox?.width} of ${job.viewport} px`);
    const valueCell = panel.locator('.metadata table.kv td', { hasText: 'value_' });
    assert.equal(await valueCell.textContent(), longValue);
    assert.ok(((await valueCell.boundingBox())?.width ?? 0) >= job.viewport * 0.4, 'the value keeps most of the width');
    // The title (type and name) wraps inside the page.
    assert.match((await panel.locator('h1').textContent()) ?? '', /^Custom · job_n+/);
    await screenshot('panel-long-strings');

    await runCommand(page, 'RipTide: Open Queue Dashboard');
    const dashboard = await webviewFrame(page, '.per-type-table .cut');
    const type = dashboard.locator('.per-type-table .cut', { hasText: 'job_nnn' });
    await type.waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await type.getAttribute('title'), `Custom · ${longName}`);
    const dash = await layout(dashboard, '.per-type-table td, .per-type-table th');
    assert.ok(dash.overflow <= 0, `the dashboard scrolls sideways by ${dash.overflow} px`);
    assert.ok(dash.narrowest >= 30, `a per-type column is ${dash.narrowest} px wide`);
    await type.scrollIntoViewIfNeeded();
    await screenshot('panel-dashboard-long-type');
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
    // The backlog chart: the paused pool's queued jobs were pending, then ran.
    const backlog = frame.locator('[data-chart="backlog"] svg.chart polyline.line-pending');
    await backlog.waitFor({ timeout: 30_000 });
    const backlogYs = new Set(((await backlog.getAttribute('points')) ?? '').split(' ').map((p) => p.split(',')[1]));
    assert.ok(backlogYs.size > 1, 'the pending line moves');
    await frame.locator('[data-chart="backlog"]').scrollIntoViewIfNeeded();
    await screenshot('panel-dashboard-chart');
  });
});
