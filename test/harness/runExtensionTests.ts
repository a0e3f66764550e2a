// `npm run test:ext`: runs the extension-host suites (test/extension/*.test.ts) inside a real
// VS Code (code-server) with the packaged extension installed, against the local Workers server.
// Prints the results mocha-style and exits non-zero on any failure or when no results arrive.
import type { SuiteResults } from '../extension/index';
import { withHostSuites } from './hostSuites';
import SpecWithSkipped from './specReporter';
import { extensionSuitesIndex, restrictedSuitesIndex } from './paths';

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
    const mark = { passed: `✔ ${title}${time}`, failed: `✘ ${title}`, pending: `- ${title}` }[test.state];
    console.log(`${indent}${mark}`);
  }
  console.log(`\n  ${results.passes} passing (${results.durationMs}ms)`);
  // Mocha's words, so .ci/run counts all three runners alike.
  if (results.pending > 0) console.log(`  ${results.pending} pending`);
  if (results.failures > 0) console.log(`  ${results.failures} failing`);
  results.tests
    .filter((test) => test.state === 'failed')
    .forEach((test, i) => console.log(`\n  ${i + 1}) ${test.titlePath.join(' ')}:\n     ${(test.error ?? '').replace(/\n/g, '\n     ')}`));
  results.tests.filter((test) => test.state === 'pending').forEach((test) => console.log(SpecWithSkipped.skippedLine(test.titlePath.join(' '))));
  if (results.error) console.log(`\n  The suites could not run:\n     ${results.error.replace(/\n/g, '\n     ')}`);
}

/** The Restricted Mode suites run in a session of their own, unless RIPTIDE_TEST_GREP leaves them out. */
function restrictedWanted(): boolean {
  const grep = process.env.RIPTIDE_TEST_GREP;
  return !grep || new RegExp(grep).test('Restricted Mode');
}

async function runSession(index: string, what: string, restricted: boolean): Promise<SuiteResults> {
  const started = Date.now();
  return withHostSuites(
    index,
    {},
    (run) => {
      console.log(`  workbench open after ${((Date.now() - started) / 1000).toFixed(1)}s; running ${what}\n`);
      return run.waitForResults(RESULTS_DEADLINE_MS);
    },
    { restricted },
  );
}

async function main(): Promise<number> {
  const sessions: SuiteResults[] = [await runSession(extensionSuitesIndex, 'the extension-host suites', false)];
  printResults(sessions[0]);
  if (restrictedWanted()) {
    sessions.push(await runSession(restrictedSuitesIndex, 'the Restricted Mode suites (workspace not trusted)', true));
    printResults(sessions[1]);
  }
  const passes = sessions.reduce((n, r) => n + r.passes, 0);
  return sessions.every((r) => r.failures === 0 && !r.error) && passes > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`\nextension-host tests could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
