// The VSIX ships only the bundles, media, schemas, snippets, manifest and docs: checked on the
// file list that vsce itself computes from .vscodeignore (the harness checks the built VSIX too).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { unexpectedVsixEntries } from '../harness/vsixContents';

const root = path.resolve(__dirname, '../../..');

interface Vsce {
  listFiles(options: { cwd: string; packageManager: number }): Promise<string[]>;
  PackageManager: { None: number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vsce = require('@vscode/vsce') as Vsce;

describe('VSIX contents', () => {
  it('vsce packages nothing outside the allowed files', async () => {
    const files = await vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None });
    assert.ok(files.includes('package.json'), `package.json missing from ${files.join(', ')}`);
    assert.deepEqual(unexpectedVsixEntries(files), []);
  });

  it('the allow-list rejects sources, tests, dependencies and source maps', () => {
    const shipped = ['package.json', 'package.nls.json', 'package.nls.de.json', 'readme.md', 'LICENSE.txt', 'dist/extension.js', 'dist/webview/job.js', 'dist/webview/codicon.css', 'dist/webview/codicon.ttf', 'media/riptide.svg'];
    const leaked = ['src/extension/main.ts', 'node_modules/zod/index.js', 'test/unit/vsix.test.ts', 'out/src/extension.js', 'dist/extension.js.map', 'tsconfig.json'];
    assert.deepEqual(unexpectedVsixEntries([...shipped, ...leaked]), leaked);
  });
});
