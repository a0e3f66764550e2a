// Where things are, seen from the compiled harness (out/test/harness/*.js).
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const cacheDir = path.join(repoRoot, '.vscode-test');
export const sampleWorkspace = path.join(repoRoot, 'test', 'sample-workspace');
export const runnerExtensionDir = path.join(repoRoot, 'test', 'runner-extension');
/** The compiled entry that runs the extension-host suites (shared with @vscode/test-electron). */
export const extensionSuitesIndex = path.join(repoRoot, 'out', 'test', 'extension', 'index.js');
/** The compiled entry of the suites that run in Restricted Mode (test/restricted/). */
export const restrictedSuitesIndex = path.join(repoRoot, 'out', 'test', 'restricted', 'index.js');
/** The compiled entry that runs the benchmarks' extension-host suites (test/bench-suites/). */
export const benchSuitesIndex = path.join(repoRoot, 'out', 'test', 'bench-suites', 'index.js');
export const screenshotsDir = path.join(repoRoot, 'test-results', 'screenshots');

export interface Manifest {
  name: string;
  publisher: string;
  version: string;
}

export function readManifest(dir: string): Manifest {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dir, 'package.json')) as Manifest;
}

export const product = readManifest(repoRoot);
export const productExtensionId = `${product.publisher}.${product.name}`;
/** What `npm run package` writes (vsce's default file name). */
export const productVsix = path.join(repoRoot, `${product.name}-${product.version}.vsix`);
