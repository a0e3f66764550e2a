// `npm run test:electron`: the same extension-host suites (out/test/extension/index.js) in a
// desktop VS Code that @vscode/test-electron downloads, for machines that can reach Microsoft's
// update service (this one cannot: use `npm run test:ext`, which runs them in code-server).
// The extension is loaded from the work tree (dist/, built by `node esbuild.mjs`), not the VSIX.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startWorkersServer } from '../../src/server';
import { extensionSuitesIndex, repoRoot, sampleWorkspace } from '../harness/paths';
import { pointUserSettingsAt } from '../harness/session';

async function main(): Promise<void> {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-electron-'));
  const workspace = path.join(temp, 'workspace');
  fs.cpSync(sampleWorkspace, workspace, { recursive: true });
  const server = await startWorkersServer({ port: 0, host: '127.0.0.1' });
  try {
    pointUserSettingsAt(path.join(temp, 'user-data'), server.url);
    await runTests({
      version: process.env.RIPTIDE_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: extensionSuitesIndex,
      extensionTestsEnv: { RIPTIDE_TEST_SERVER_URL: server.url },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(temp, 'user-data')],
    });
  } finally {
    await server.close();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`extension-host tests (test-electron) failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
