// Extension-host suites that need Restricted Mode: run by `npm run suite:ext` in a second
// code-server session whose workspace is not trusted (see test/harness/runExtensionTests.ts).
import { runSuites } from '../extension/index';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
