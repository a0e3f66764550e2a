// Mocha root hooks for the UI tests (test/ui/.mocharc.json requires this file): one real VS Code
// (code-server, with the packaged extension and the local Workers server) and one Chromium page
// on its workbench, shared by every UI test file, stopped after the last test. A failing test
// leaves a screenshot in test-results/screenshots/.
import type { Context } from 'mocha';
import { onShutdown } from '../harness/processes';
import { startSession, type Session } from '../harness/session';
import { openWorkbench, type OpenWorkbench } from '../harness/workbench';

let session: Session | undefined;
let workbench: OpenWorkbench | undefined;

/** The running session and its workbench page; only valid inside tests. */
export function ui(): { session: Session; workbench: OpenWorkbench } {
  if (!session || !workbench) throw new Error('the UI session is not running (are the root hooks in test/ui/.mocharc.json loaded?)');
  return { session, workbench };
}

async function stop(): Promise<void> {
  await workbench?.close();
  await session?.dispose();
  workbench = undefined;
  session = undefined;
}

onShutdown(stop);

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(180_000);
    session = await startSession({ echo: process.env.RIPTIDE_ECHO_CODE_SERVER ? '[code-server] ' : undefined });
    workbench = await openWorkbench(session.codeServer.workspaceUrl);
  },
  async afterEach(this: Context) {
    const test = this.currentTest;
    if (test?.state === 'failed' && workbench) {
      await workbench.screenshot(`failed-${test.fullTitle().replace(/[^\w-]+/g, '-')}`).catch(() => undefined);
    }
  },
  async afterAll(this: Context) {
    this.timeout(30_000);
    await stop();
  },
};
