// Runs extension-host suites (an index such as out/test/extension/index.js) inside a real VS Code:
// a session with the packaged extension and the test-runner extension, a workbench page (opening
// it starts the extension host), the results file the suites write, and cleanup whatever happens.
// Shared by `npm run test:ext` and the benchmarks that measure inside the extension host.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SuiteResults } from '../extension/index';
import { onShutdown } from './processes';
import { workersServerOptionsFromEnv } from './serverMode';
import { startSession, type Session, type SessionOptions } from './session';
import { waitFor } from './wait';
import { openWorkbench, type OpenWorkbench } from './workbench';

export interface HostSuitesRun {
  readonly session: Session;
  readonly workbench: OpenWorkbench;
  /** performance.now() just before the workbench page was opened (which starts the extension host). */
  readonly openedAt: number;
  /** A temporary folder for the results and for other files the suites write; removed afterwards. */
  readonly resultsDir: string;
  /** The suites' results once they all ran (the runner writes them atomically); undefined before. */
  results(): SuiteResults | undefined;
  /** Waits for results(); on timeout fails with a screenshot, the extension host's log and code-server's output. */
  waitForResults(timeoutMs: number): Promise<SuiteResults>;
}

/** Extra environment for the extension host, or a function of the results folder that returns it. */
export type HostSuitesEnv = Record<string, string> | ((resultsDir: string) => Record<string, string>);

/** The tail of the extension host's log(s) in a user-data folder, for failure messages. */
function extensionHostLog(userDataDir: string): string {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return '    (no logs)';
  const files = (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => /exthost\.log$|remoteexthost\.log$/.test(f));
  return files.map((f) => `    ${f}:\n${fs.readFileSync(path.join(logs, f), 'utf8').slice(-3000)}`).join('\n') || '    (no extension host log)';
}

/** Starts code-server running the suites of `index`, opens the workbench, hands both to `use`, then stops everything. */
export async function withHostSuites<T>(
  index: string,
  env: HostSuitesEnv,
  use: (run: HostSuitesRun) => Promise<T>,
  sessionOptions: Pick<SessionOptions, 'restricted' | 'userSettings'> = {},
): Promise<T> {
  if (!fs.existsSync(index)) throw new Error(`${index} missing: compile first (npx tsc -p .)`);
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-results-'));
  const resultsFile = path.join(resultsDir, 'suite-results.json');
  let session: Session | undefined;
  let workbench: OpenWorkbench | undefined;
  const stop = async () => {
    await workbench?.close();
    await session?.dispose();
  };
  onShutdown(stop);
  try {
    session = await startSession({
      workersServerOptions: workersServerOptionsFromEnv(),
      ...sessionOptions,
      withTestRunner: true,
      // The suites poll every second or faster to stay quick, which the default request budget
      // (60 a minute) would stretch; the budget has its own unit tests and suites that set it.
      userSettings: { 'riptide.requestBudgetPerMinute': 10_000, ...sessionOptions.userSettings },
      env: { RIPTIDE_TEST_SUITES: index, RIPTIDE_TEST_RESULTS: resultsFile, ...(typeof env === 'function' ? env(resultsDir) : env) },
      echo: process.env.RIPTIDE_ECHO_CODE_SERVER ? '[code-server] ' : undefined,
    });
    const openedAt = performance.now();
    workbench = await openWorkbench(session.codeServer.workspaceUrl);
    const { userDataDir, codeServer } = session;
    const opened = workbench;
    const results = () => (fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults) : undefined);
    const waitForResults = (timeoutMs: number) =>
      waitFor(`extension-host suite results in ${resultsFile}`, timeoutMs, results).catch(async (error: Error) => {
        await opened.screenshot('extension-host-suites-timeout').catch(() => undefined);
        throw new Error(
          `${error.message}\n  Did the test-runner extension start? The extension host's log:\n${extensionHostLog(userDataDir)}\n` +
            `  code-server's output:\n${codeServer.process.output().slice(-4000)}`,
        );
      });
    return await use({ session, workbench, openedAt, resultsDir, results, waitForResults });
  } finally {
    await stop();
    fs.rmSync(resultsDir, { recursive: true, force: true });
  }
}
