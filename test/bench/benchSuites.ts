// Runs suites of test/bench-suites/ inside a real VS Code (code-server with the packaged VSIX)
// and reads back what they measured from RIPTIDE_BENCH_RESULTS. Shared by the benchmarks that
// need the real extension host rather than its vscode-free parts.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SuiteResults } from '../extension/index';
import { GiveUp, waitFor } from '../harness/processes';
import { startSession, type Session } from '../harness/session';
import { openWorkbench, type OpenWorkbench } from '../harness/workbench';
import { ROOT } from './harness';

const BENCH_SUITES_INDEX = path.join(ROOT, 'out', 'test', 'bench-suites', 'index.js');

export interface BenchSuitesRun {
  readonly session: Session;
  readonly workbench: OpenWorkbench;
  /** performance.now() just before the workbench page was opened (which starts the extension host). */
  readonly openedAt: number;
  /** What the suite wrote to RIPTIDE_BENCH_RESULTS; fails as soon as the suites finished without it. */
  measurement<T>(timeoutMs?: number): Promise<T>;
}

export interface BenchSuitesOptions {
  /** Mocha grep: the describe() title of the suite(s) to run, e.g. 'bench: views'. */
  grep: string;
  /** More environment for the extension host (e.g. a server URL for the suite). */
  env?: Record<string, string>;
}

/** The production bundle and VSIX (`npm run package`), which the session installs. */
export function packageProduct(): void {
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: 'pipe' }); // its output is in the error when it fails
}

function failures(results: SuiteResults): string {
  const failed = results.tests.filter((t) => t.state === 'failed').map((t) => `${t.titlePath.join(' ')}: ${t.error ?? ''}`);
  return [...failed, results.error ?? ''].filter(Boolean).join('\n');
}

/** Starts code-server with the bench suites matching `grep`, opens the workbench, hands both to `use`, then stops everything. */
export async function withBenchSuites<T>(options: BenchSuitesOptions, use: (run: BenchSuitesRun) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-bench-'));
  const resultsFile = path.join(dir, 'suite-results.json');
  const benchFile = path.join(dir, 'measurement.json');
  let session: Session | undefined;
  let workbench: OpenWorkbench | undefined;
  try {
    session = await startSession({
      withTestRunner: true,
      env: {
        RIPTIDE_TEST_SUITES: BENCH_SUITES_INDEX,
        RIPTIDE_TEST_RESULTS: resultsFile,
        RIPTIDE_TEST_GREP: options.grep,
        RIPTIDE_BENCH_RESULTS: benchFile,
        ...options.env,
      },
    });
    const openedAt = performance.now();
    workbench = await openWorkbench(session.codeServer.workspaceUrl);
    const measurement = <M>(timeoutMs = 180_000) =>
      waitFor(`the measurement of "${options.grep}" in the extension host`, timeoutMs, () => {
        if (fs.existsSync(benchFile)) return JSON.parse(fs.readFileSync(benchFile, 'utf8')) as M;
        if (!fs.existsSync(resultsFile)) return undefined;
        const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults;
        if (results.passes === 0 && results.failures === 0) throw new GiveUp(`no bench suite matched "${options.grep}"`);
        throw new GiveUp(`the bench suite "${options.grep}" wrote no measurement:\n${failures(results)}`);
      });
    return await use({ session, workbench, openedAt, measurement });
  } finally {
    await workbench?.close();
    await session?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
