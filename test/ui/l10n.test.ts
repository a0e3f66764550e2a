// The extension in another display language: a session whose locale is qps-ploc, with a
// pseudo-localised translation generated from the English files (by @vscode/l10n-dev) and placed
// in the installed extension only. What a person sees must come out pseudo-localised: the status
// bar (code, vscode.l10n), the Jobs view's name and welcome content and a command title in the
// palette (package.nls), and a notification (code).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { installPseudoLanguagePack, PSEUDO_LOCALE, pseudo, writePseudoTranslation } from '../harness/pseudoLocale';
import { startSession, type Session } from '../harness/session';
import { waitFor } from '../harness/wait';
import { openWorkbench, type OpenWorkbench } from '../harness/workbench';
import { runCommand } from './palette';

/** The message with its {0}, {1}… filled in, as vscode.l10n.t does. */
const fill = (message: string, ...args: string[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)]);
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('localisation: the extension in a pseudo-localised display language', function () {
  let session: Session | undefined;
  let workbench: OpenWorkbench | undefined;
  const page = (): Page => workbench!.page;

  before(async function () {
    this.timeout(180_000);
    session = await startSession({
      locale: PSEUDO_LOCALE,
      prepareInstalled: (installed) => {
        writePseudoTranslation(installed);
        // <state>/extensions/<extension>: the language pack goes next to it, its index into <state>/user-data.
        installPseudoLanguagePack(path.dirname(installed), path.join(path.dirname(path.dirname(installed)), 'user-data'));
      },
    });
    workbench = await openWorkbench(session.codeServer.workspaceUrl);
  });

  after(async function () {
    this.timeout(30_000);
    await workbench?.close();
    await session?.dispose();
  });

  it('pseudo-localisation changes the texts it is checked on (the check could fail)', () => {
    assert.notEqual(pseudo('Jobs'), 'Jobs');
    assert.notEqual(pseudo('{0} pending · {1} failed'), '{0} pending · {1} failed');
    assert.match(pseudo('{0} pending · {1} failed'), /\{0\}.*\{1\}/, 'placeholders survive');
  });

  it('the status bar shows the queue figures in the display language', async () => {
    const expected = fill(pseudo('{0} pending · {1} failed'), '0', '0');
    const item = page().locator('.part.statusbar [id="riptide.riptide-jobs.riptide.queue"]');
    const shown = await waitFor(`the status bar to read "${expected}"`, 60_000, async () => {
      const text = squash(await item.textContent());
      return text === expected ? text : undefined;
    });
    assert.equal(shown, expected);
    assert.ok(!/pending|failed/.test(shown), `no English left in "${shown}"`);
  });

  it("the Jobs view's name and its welcome content are translated (package.nls)", async () => {
    await page().locator(`.activitybar .action-item [aria-label^="${pseudo('RipTide')}"]`).first().click();
    const header = page().locator('.part.sidebar .pane-header').getByText(pseudo('Jobs'), { exact: true }).first();
    await header.waitFor({ state: 'visible', timeout: 30_000 });
    // An empty queue: the welcome content with its "New Job File" button.
    const button = page().locator('.part.sidebar .welcome-view-content').getByText(pseudo('New Job File'), { exact: true }).first();
    await button.waitFor({ state: 'visible', timeout: 30_000 });
    const welcome = squash(await page().locator('.part.sidebar .welcome-view-content').first().textContent());
    assert.ok(!welcome.includes('The queue is empty'), `the welcome content is still English: ${welcome}`);
  });

  it('a command title in the palette and the notification it shows are translated', async () => {
    await runCommand(page(), `${pseudo('RipTide')}: ${pseudo('Clear API Key')}`);
    const origin = new URL(session!.workersServer.url).origin;
    const toast = page().locator('.notifications-toasts .notification-toast').filter({ hasText: fill(pseudo('The API key for {0} was cleared.'), origin) }).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    assert.ok(!squash(await toast.textContent()).includes('was cleared'), 'the notification is still English');
  });
});
