// `npm run test:ext`: runs the extension-host suites (test/extension/*.test.ts) inside a real
// VS Code (code-server) with the packaged extension installed, against the local Workers server.
// Prints the results mocha-style and exits non-zero on any failure or when no results arrive.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SuiteResults } from '../extension/index';
import { extensionSuitesIndex } from './paths';
import { onShutdown, waitFor } from './processes';
import { startSession, type Session } from './session';
import { openWorkbench, type OpenWorkbench } from './workbench';

const RESULTS_DEADLINE_MS = Number(process.env.RIPTIDE_TEST_DEADLINE_MS ?? 240_000);

function printResults(results: SuiteResults): void {
  let previous: string[] = [];
  for (const test of results.tests) {
    const suites = test.titlePath.slice(0, -1);
    suites.forEach((title, depth) => {
      if (previous[depth] !== title) console.log(`${'  '.repeat(depth + 1)}${title}`);
    });
    previous = suites;
    const indent = '  '.repeat(suites.length + 1);
    const title = test.titlePath[test.titlePath.length - 1];
    const time = test.durationMs !== undefined && test.durationMs > 75 ? ` (${test.durationMs}ms)` : '';
    console.log(test.state === 'passed' ? `${indent}✔ ${title}${time}` : `${indent}✘ ${title}`);
  }
  console.log(`\n  ${results.passes} passing (${results.durationMs}ms)`);
  if (results.failures > 0) console.log(`  ${results.failures} failing`);
  results.tests
    .filter((test) => test.state === 'failed')
    .forEach((test, i) => console.log(`\n  ${i + 1}) ${test.titlePath.join(' ')}:\n     ${(test.error ?? '').replace(/\n/g, '\n     ')}`));
  if (results.error) console.log(`\n  The suites could not run:\n     ${results.error.replace(/\n/g, '\n     ')}`);
}

/** The tail of the extension host's log(s) in a user-data folder, for failure messages. */
function extensionHostLog(userDataDir: string): string {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return '    (no logs)';
  const files = (fs.readdirSync(logs, { recursive: true }) as string[]).filter((f) => /exthost\.log$|remoteexthost\.log$/.test(f));
  return files.map((f) => `    ${f}:\n${fs.readFileSync(path.join(logs, f), 'utf8').slice(-3000)}`).join('\n') || '    (no extension host log)';
}

async function main(): Promise<number> {
  if (!fs.existsSync(extensionSuitesIndex)) throw new Error(`${extensionSuitesIndex} missing: compile first (npx tsc -p .)`);
  const started = Date.now();
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-results-'));
  const resultsFile = path.join(resultsDir, 'extension-test-results.json');
  let session: Session | undefined;
  let workbench: OpenWorkbench | undefined;
  onShutdown(async () => {
    await workbench?.close();
    await session?.dispose();
  });
  try {
    session = await startSession({
      withTestRunner: true,
      env: { RIPTIDE_TEST_SUITES: extensionSuitesIndex, RIPTIDE_TEST_RESULTS: resultsFile },
      echo: process.env.RIPTIDE_ECHO_CODE_SERVER ? '[code-server] ' : undefined,
    });
    const { userDataDir, codeServer } = session;
    workbench = await openWorkbench(codeServer.workspaceUrl);
    console.log(`  workbench open after ${((Date.now() - started) / 1000).toFixed(1)}s; running the extension-host suites\n`);
    const results = await waitFor(`extension-host test results in ${resultsFile}`, RESULTS_DEADLINE_MS, () =>
      fs.existsSync(resultsFile) ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults) : undefined,
    ).catch(async (error: Error) => {
      await workbench?.screenshot('extension-tests-timeout').catch(() => undefined);
      throw new Error(
        `${error.message}\n  Did the test-runner extension start? The extension host's log:\n${extensionHostLog(userDataDir)}\n` +
          `  code-server's output:\n${codeServer.process.output().slice(-4000)}`,
      );
    });
    printResults(results);
    return results.failures === 0 && !results.error && results.passes > 0 ? 0 : 1;
  } finally {
    await workbench?.close();
    await session?.dispose();
    fs.rmSync(resultsDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\nextension-host tests could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
