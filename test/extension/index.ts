// Runs every extension-host suite (out/test/extension/**/*.test.js) with mocha inside a real
// VS Code's extension host, where `require('vscode')` is the real API. Shared by both runners:
// the test-runner extension in code-server (test/runner-extension/) and @vscode/test-electron
// (test/electron/run.ts), which both call run(). Adding a suite is adding a *.test.ts file here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** What the harness reads back from the file named by RIPTIDE_TEST_RESULTS. */
export interface SuiteResults {
  passes: number;
  failures: number;
  durationMs: number;
  /** Skipped or pending tests (`it.skip`, `this.skip()`, an `it` without a body). */
  pending: number;
  tests: Array<{ titlePath: string[]; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }>;
  /** Set when the suites could not be run at all (e.g. a suite file failed to load). */
  error?: string;
}

function suiteFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return suiteFiles(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

/** Writes the results atomically, so a reader never sees half a file. */
export function writeResults(file: string, results: SuiteResults): void {
  fs.writeFileSync(`${file}.partial`, JSON.stringify(results, null, 2));
  fs.renameSync(`${file}.partial`, file);
}

function runMocha(dir: string): Promise<SuiteResults> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  if (process.env.RIPTIDE_TEST_GREP) mocha.grep(process.env.RIPTIDE_TEST_GREP);
  for (const file of suiteFiles(dir).sort()) mocha.addFile(file);
  const started = Date.now();
  const results: SuiteResults = { passes: 0, failures: 0, pending: 0, durationMs: 0, tests: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => {
      results.durationMs = Date.now() - started;
      resolve(results);
    });
    runner.on('pass', (test) => {
      results.passes++;
      results.tests.push({ titlePath: test.titlePath(), state: 'passed', durationMs: test.duration });
    });
    runner.on('pending', (test) => {
      results.pending++;
      results.tests.push({ titlePath: test.titlePath(), state: 'pending' });
    });
    // Also reached by failing hooks, which are reported under the hook's title.
    runner.on('fail', (test, error: Error) => {
      results.failures++;
      results.tests.push({ titlePath: test.titlePath(), state: 'failed', durationMs: test.duration, error: error.stack ?? String(error) });
    });
  });
}

export function run(): Promise<void> {
  return runSuites(__dirname);
}

/** Runs the *.test.js files under `dir` (another index, e.g. the benchmarks', passes its own). */
export async function runSuites(dir: string): Promise<void> {
  const resultsFile = process.env.RIPTIDE_TEST_RESULTS;
  let results: SuiteResults;
  try {
    results = await runMocha(dir);
  } catch (error) {
    results = { passes: 0, failures: 1, pending: 0, durationMs: 0, tests: [], error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  if (resultsFile) writeResults(resultsFile, results);
  if (results.error) throw new Error(results.error);
  if (results.failures > 0) throw new Error(`${results.failures} extension-host test(s) failed`);
}
