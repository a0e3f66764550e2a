// The engine layers must stay usable outside the editor: no `vscode` import in them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const VSCODE_IMPORT = /(from\s+['"]vscode['"])|(require\(\s*['"]vscode['"]\s*\))|(import\(\s*['"]vscode['"]\s*\))/;

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

describe('layering', () => {
  for (const layer of ['src/api', 'src/jobfiles', 'src/server']) {
    it(`${layer} never imports vscode`, () => {
      const files = sourceFiles(path.join(root, layer));
      assert.ok(files.length > 0, `${layer} has no source files`);
      const offenders = files.filter((f) => VSCODE_IMPORT.test(fs.readFileSync(f, 'utf8')));
      assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
    });
  }

  it('the pattern catches an import of vscode', () => {
    assert.ok(VSCODE_IMPORT.test(`import * as vscode from 'vscode';`));
    assert.ok(VSCODE_IMPORT.test(`const v = require("vscode");`));
    assert.ok(!VSCODE_IMPORT.test(`import { z } from 'zod';`));
  });
});
