// Runs suites of test/bench-suites/ inside a real VS Code (code-server with the packaged VSIX,
// which `npm run bench` builds first) and reads back what they measured from
// RIPTIDE_BENCH_RESULTS. Shared by the benchmarks that need the real extension host rather than
// its vscode-free parts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SuiteResults } from '../extension/index';
import { withHostSuites, type HostSuitesRun } from '../harness/hostSuites';
import { benchSuitesIndex } from '../harness/paths';
import { GiveUp, waitFor } from '../harness/wait';

export interface BenchSuitesRun extends HostSuitesRun {
  /** What the suite wrote to RIPTIDE_BENCH_RESULTS; fails as soon as the suites finished without it. */
  measurement<T>(timeoutMs?: number): Promise<T>;
}

export interface BenchSuitesOptions {
  /** Mocha grep: the describe() title of the suite(s) to run, e.g. 'bench: views'. */
  grep: string;
  /** More environment for the extension host (e.g. a server URL for the suite). */
  env?: Record<string, string>;
}

const measurementFile = (resultsDir: string) => path.join(resultsDir, 'measurement.json');

function failures(results: SuiteResults): string {
  const failed = results.tests.filter((t) => t.state === 'failed').map((t) => `${t.titlePath.join(' ')}: ${t.error ?? ''}`);
  return [...failed, results.error ?? ''].filter(Boolean).join('\n');
}

/** Starts code-server with the bench suites matching `grep`, opens the workbench, hands both to `use`, then stops everything. */
export function withBenchSuites<T>(options: BenchSuitesOptions, use: (run: BenchSuitesRun) => Promise<T>): Promise<T> {
  const env = (resultsDir: string) => ({ RIPTIDE_TEST_GREP: options.grep, RIPTIDE_BENCH_RESULTS: measurementFile(resultsDir), ...options.env });
  return withHostSuites(benchSuitesIndex, env, (run) => {
    const benchFile = measurementFile(run.resultsDir);
    const measurement = <M>(timeoutMs = 180_000) =>
      waitFor(`the measurement of "${options.grep}" in the extension host`, timeoutMs, () => {
        if (fs.existsSync(benchFile)) return JSON.parse(fs.readFileSync(benchFile, 'utf8')) as M;
        const results = run.results();
        if (!results) return undefined;
        if (results.passes === 0 && results.failures === 0) throw new GiveUp(`no bench suite matched "${options.grep}"`);
        throw new GiveUp(`the bench suite "${options.grep}" wrote no measurement:\n${failures(results)}`);
      });
    return use({ ...run, measurement });
  });
}
