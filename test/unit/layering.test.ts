// The layout is the layering rule: a file's folder says what it may import.
//   src/extension   the only code that imports `vscode`
//   src/common      runs in the extension host and in the webviews: no `vscode`, no Node
//   src/webview     runs in the browser: no `vscode`, no Node, imports only itself and src/common
//   everything else (api, core, jobfiles, server) runs in plain Node without `vscode`
import * as assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.resolve(__dirname, '../../..');
const src = path.join(root, 'src');
const IMPORT = /(?:^|[\s;])(import\s+type\s+|import\s+|export\s+(?:type\s+)?[^'"]*?from\s+|require\(\s*|import\(\s*)(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

interface Import { spec: string; typeOnly: boolean }

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(text: string): Import[] {
  return [...text.matchAll(IMPORT)].map((m) => ({ spec: m[2], typeOnly: /^import\s+type\s+|^export\s+type\s+/.test(m[1]) }));
}

const layerOf = (file: string): string => path.relative(src, file).split(path.sep)[0];
const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
const resolveRelative = (file: string, spec: string): string => path.resolve(path.dirname(file), spec);

const files = sourceFiles(src);

describe('layering', () => {
  it('finds the layers it checks', () => {
    const layers = new Set(files.map(layerOf));
    for (const layer of ['api', 'core', 'extension', 'common', 'jobfiles', 'server', 'webview']) assert.ok(layers.has(layer), `src/${layer} missing`);
  });

  it('only src/extension imports vscode', () => {
    const offenders = files.filter((f) => layerOf(f) !== 'extension' && importsOf(fs.readFileSync(f, 'utf8')).some((i) => i.spec === 'vscode'));
    assert.deepEqual(offenders.map(rel), []);
  });

  it('nothing outside src/extension imports from it', () => {
    const offenders = files.flatMap((f) => layerOf(f) === 'extension' ? [] : importsOf(fs.readFileSync(f, 'utf8'))
      .filter((i) => i.spec.startsWith('.') && layerOf(resolveRelative(f, i.spec)) === 'extension')
      .map((i) => `${rel(f)} imports ${i.spec}`));
    assert.deepEqual(offenders, []);
  });

  it('src/common and src/webview use no Node module and import only browser-safe code', () => {
    const offenders = files.filter((f) => ['common', 'webview'].includes(layerOf(f))).flatMap((f) => importsOf(fs.readFileSync(f, 'utf8')).flatMap((i) => {
      if (NODE_BUILTINS.has(i.spec)) return [`${rel(f)} imports ${i.spec}`];
      if (!i.spec.startsWith('.') || i.typeOnly) return []; // packages are bundled; types are erased
      const target = layerOf(resolveRelative(f, i.spec));
      const allowed = layerOf(f) === 'common' ? ['common'] : ['common', 'webview'];
      return allowed.includes(target) ? [] : [`${rel(f)} imports ${i.spec} (src/${target})`];
    }));
    assert.deepEqual(offenders, []);
  });

  it('everything the webview bundle includes is browser code without vscode', async () => {
    const webviewEntries = fs.readdirSync(path.join(src, 'webview')).filter((n) => /^(job|dashboard)\.ts$/.test(n)).map((n) => path.join(src, 'webview', n));
    assert.ok(webviewEntries.length >= 2, 'webview entries missing');
    const result = await esbuild.build({
      entryPoints: webviewEntries, bundle: true, write: false, metafile: true, outdir: path.join(root, 'out', 'layering-check'),
      platform: 'browser', format: 'iife', logLevel: 'silent', absWorkingDir: root,
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((i) => i.startsWith('src/common/')), 'the bundle is expected to include src/common');
    const outside = inputs.filter((i) => !/^(src\/(webview|common)\/|node_modules\/)/.test(i));
    assert.deepEqual(outside, [], 'the webview bundle includes code from outside src/webview and src/common');
    const vscodeUsers = inputs.filter((i) => /\.(ts|js|mjs|cjs)$/.test(i) && importsOf(fs.readFileSync(path.join(root, i), 'utf8')).some((x) => x.spec === 'vscode'));
    assert.deepEqual(vscodeUsers, []);
  });

  it('the patterns catch what they must', () => {
    const specs = (text: string) => importsOf(text).map((i) => `${i.typeOnly ? 'type ' : ''}${i.spec}`);
    assert.deepEqual(specs(`import * as vscode from 'vscode';`), ['vscode']);
    assert.deepEqual(specs(`const v = require("vscode");`), ['vscode']);
    assert.deepEqual(specs(`const v = await import('vscode');`), ['vscode']);
    assert.deepEqual(specs(`import type { A } from '../api';\nimport {\n  b,\n} from './b';`), ['type ../api', './b']);
    assert.deepEqual(specs(`export { x } from '../extension/log';`), ['../extension/log']);
    assert.deepEqual(specs(`import './panels.css';`), ['./panels.css']);
    assert.deepEqual(specs(`import { z } from 'zod';`), ['zod']);
  });
});
