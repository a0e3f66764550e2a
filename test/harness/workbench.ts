// Opens a code-server workbench in Debian's Chromium through playwright-core. Opening the
// workbench is what starts code-server's extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { screenshotsDir } from './paths';

export const CHROMIUM = process.env.RIPTIDE_CHROMIUM ?? '/usr/bin/chromium';

// Keep Chromium quiet on a closed network: no background downloads, updates, sync or first-run pages.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface OpenWorkbench {
  readonly browser: Browser;
  readonly page: Page;
  /** Saves a PNG of the page to test-results/screenshots/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openWorkbench(url: string, timeoutMs = 90_000): Promise<OpenWorkbench> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set RIPTIDE_CHROMIUM)`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url, { timeout: timeoutMs });
    // The activity bar is among the last parts of the workbench to be laid out.
    await page.locator('.monaco-workbench .activitybar').first().waitFor({ state: 'visible', timeout: timeoutMs });
    return {
      browser,
      page,
      async screenshot(name) {
        fs.mkdirSync(screenshotsDir, { recursive: true });
        const file = path.join(screenshotsDir, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      close: () => browser.close(),
    };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
