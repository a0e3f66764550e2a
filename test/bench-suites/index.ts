// Extension-host suites for `npm run bench` (not tests: they measure and write what they saw to
// RIPTIDE_BENCH_RESULTS). Run by the same runner as test/extension/, over this folder.
import { runSuites } from '../extension/index';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
