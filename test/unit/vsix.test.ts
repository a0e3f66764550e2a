// The VSIX ships only the bundles, media, schemas, snippets, manifest and docs: checked on the
// file list that vsce itself computes from .vscodeignore (the harness checks the built VSIX too).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { referencedMedia, unexpectedVsixEntries } from '../harness/vsixContents';

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

  it('ships exactly the media that the manifest and the README use, every one of them', async () => {
    const files = await vsce.listFiles({ cwd: root, packageManager: vsce.PackageManager.None });
    const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
    // A folder (the l10n bundles') stands for every file in it.
    const used = referencedMedia(read('package.json'), read('README.md'))
      .flatMap((f) => (fs.statSync(path.join(root, f)).isDirectory() ? fs.readdirSync(path.join(root, f)).map((name) => `${f}/${name}`) : [f]))
      .sort();
    assert.ok(used.includes('media/icon.png') && used.some((f) => f.startsWith('media/screenshots/')), used.join(', '));
    assert.deepEqual(files.filter((f) => f.startsWith('media/')).sort(), used);
  });

  it('the marketplace icon is a 128 by 128 PNG', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { icon: string; galleryBanner: { color: string; theme: string } };
    const png = fs.readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
  });

  it('the allow-list rejects sources, tests, dependencies and source maps', () => {
    const shipped = ['package.json', 'package.nls.json', 'package.nls.de.json', 'readme.md', 'LICENSE.txt', 'dist/extension.js', 'dist/webview/job.js', 'dist/webview/codicon.css', 'dist/webview/codicon.ttf', 'media/riptide.svg'];
    const leaked = ['media/icon.svg', 'src/extension/main.ts', 'node_modules/zod/index.js', 'test/unit/vsix.test.ts', 'out/src/extension.js', 'dist/extension.js.map', 'tsconfig.json'];
    assert.deepEqual(unexpectedVsixEntries([...shipped, ...leaked]), leaked);
  });
});
