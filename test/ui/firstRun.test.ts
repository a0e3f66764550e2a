// A new user's first run, in the real workbench: the walkthrough's steps tick themselves off as
// the user does each thing (test/ui/.mocharc.json runs this file first, on a fresh profile, so
// none was done before). Leaves the editors closed and the Explorer showing, as the other UI
// tests expect.
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { WorkersClient } from '../../src/api';
import { shortId } from '../../src/common/jobLabels';
import { waitFor } from '../harness/wait';
import { ui } from './hooks';
import { answerInputBox, leaveWorkbenchTidy, runCommand } from './palette';

const STEPS = ['server', 'jobFile', 'submit', 'jobsView', 'result', 'dashboard'] as const;
type StepId = (typeof STEPS)[number];

/** A step of the walkthrough page (the workbench names it `<extension>#<walkthrough>#<step>`). */
function step(page: Page, id: StepId): Locator {
  return page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
}

async function ticked(page: Page, id: StepId): Promise<boolean> {
  return (await step(page, id).getAttribute('aria-checked', { timeout: 5_000 }).catch(() => null)) === 'true';
}

/** Brings the walkthrough to the front and waits until the step is ticked. */
async function waitTicked(page: Page, id: StepId): Promise<void> {
  await waitFor(`the walkthrough step "${id}" to be ticked`, 30_000, async () => {
    if (!(await step(page, id).isVisible())) await runCommand(page, 'RipTide: Get Started');
    return (await ticked(page, id)) || undefined;
  });
}

/** Clicks a step open, then one of the buttons its description draws from a command link. */
async function clickStepButton(page: Page, id: StepId, label: string): Promise<void> {
  if (!(await step(page, id).isVisible())) await runCommand(page, 'RipTide: Get Started');
  await step(page, id).click();
  // Only the open step shows its buttons.
  await page.locator('.gettingStartedContainer').getByText(label, { exact: true }).locator('visible=true').first().click();
}

function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
}

function tab(page: Page, text: string | RegExp): Locator {
  return page.locator('.tabs-container .tab').filter({ hasText: text }).first();
}

describe('first run', function () {
  this.timeout(180_000);
  let client: WorkersClient;

  before(() => {
    const { session } = ui();
    session.workersServer.resume();
    client = new WorkersClient({ baseUrl: session.workersServer.url });
  });

  after(async () => {
    const { page } = ui().workbench;
    await leaveWorkbenchTidy(page);
    await client.close();
  });

  it('the walkthrough ticks off each step as the user does it, from a server to the dashboard', async () => {
    const { workbench } = ui();
    const { page } = workbench;
    await runCommand(page, 'RipTide: Get Started');
    await page.getByText('Get Started with RipTide Jobs', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The session's server answers (the status bar shows its figures): the first step is done by itself.
    await page.locator('.part.statusbar [id="riptide.riptide-jobs.riptide.queue"]').filter({ hasText: /\d+ pending/ }).waitFor({ state: 'visible', timeout: 60_000 });
    await waitTicked(page, 'server');
    for (const id of ['jobFile', 'submit', 'result', 'dashboard'] as const) assert.equal(await ticked(page, id), false, `${id} is not done yet`);

    await clickStepButton(page, 'jobFile', 'Open Sample Job File');
    await page.locator('.tabs-container .tab').filter({ hasText: /\.job\.(json|ya?ml)$/ }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await waitTicked(page, 'jobFile');
    assert.equal(await ticked(page, 'submit'), false, 'opening a file submits nothing');

    // The walkthrough covers the job file, so Submit Job File asks which one.
    await clickStepButton(page, 'submit', 'Submit Job File');
    await answerInputBox(page, 'page.job.json');
    await toast(page, /^Submitted \d+ of \d+ jobs? from /).waitFor({ state: 'visible', timeout: 30_000 });
    await waitTicked(page, 'submit');

    await page.locator('.activitybar .action-item [aria-label^="RipTide"]').first().click();
    await page.locator('.part.sidebar .pane-header').getByText('Jobs', { exact: true }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await waitTicked(page, 'jobsView');

    const { jobs } = await client.listJobs({ limit: 1 });
    assert.ok(jobs[0], 'the submitted job is on the server');
    await clickStepButton(page, 'result', 'Go to Job by ID');
    await answerInputBox(page, jobs[0].job_id);
    await tab(page, shortId(jobs[0].job_id)).waitFor({ state: 'visible', timeout: 20_000 });
    await waitTicked(page, 'result');

    await page.locator('.part.statusbar [id="riptide.riptide-jobs.riptide.queue"]').click();
    await tab(page, 'RipTide Queue').waitFor({ state: 'visible', timeout: 20_000 });
    await waitTicked(page, 'dashboard');
    for (const id of STEPS) assert.ok(await ticked(page, id), `${id} is ticked`);
    await workbench.screenshot('walkthrough');
  });
});
