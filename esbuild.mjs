// Bundles the extension (Node, `vscode` external), the local Workers server (its own Node
// entry) and the webview scripts (browser). `--production` minifies; `--watch` rebuilds on change;
// `--only=<name>` builds one entry.
import * as esbuild from 'esbuild';

const args = process.argv.slice(2);
const production = args.includes('--production');
const watch = args.includes('--watch');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  // A release build prints only warnings and errors: its size table flags every bundle over 1 MB
  // (undici and zod make up most of both Node bundles), which is expected, not a problem.
  logLevel: production ? 'warning' : 'info',
};

const entries = {
  extension: {
    ...common,
    entryPoints: ['src/extension/main.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    // jsonc-parser's default (UMD) build requires its parts at run time, which a bundle breaks: take its ES module build.
    mainFields: ['module', 'main'],
  },
  server: {
    ...common,
    entryPoints: ['src/server/main.ts'],
    outfile: 'dist/server.js',
    platform: 'node',
    target: 'node20',
    format: 'cjs',
  },
  webview: {
    ...common,
    entryPoints: { job: 'src/webview/job.ts', dashboard: 'src/webview/dashboard.ts' },
    outdir: 'dist/webview',
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  },
};

import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
const selected = Object.entries(entries).filter(([name, options]) => {
  if (only && name !== only) return false;
  // Entries whose sources are not written yet are skipped rather than failing the build.
  const points = Array.isArray(options.entryPoints) ? options.entryPoints : Object.values(options.entryPoints);
  return points.every((p) => existsSync(p));
});

// A release build starts from an empty dist/, so no development source map ends up in the VSIX.
if (production && !only) rmSync('dist', { recursive: true, force: true });

// The webviews link VS Code's icon font (codicons) as it ships: its stylesheet and the font it loads.
const CODICON_FILES = ['codicon.css', 'codicon.ttf'];
function copyCodicons() {
  mkdirSync('dist/webview', { recursive: true });
  for (const file of CODICON_FILES) copyFileSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/webview/${file}`);
}
if (selected.some(([name]) => name === 'webview')) copyCodicons();

if (watch) {
  const contexts = await Promise.all(selected.map(([, o]) => esbuild.context(o)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(selected.map(([, o]) => esbuild.build(o)));
}
