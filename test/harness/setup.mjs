#!/usr/bin/env node
// Bootstraps a fresh clone so that `npm start` and `npm test` are all a user types: the npm
// lifecycle runs this first (prestart / pretest). It installs the Debian packages the goal needs
// (when running as root; otherwise it says which to install) and the project's npm packages
// (`npm ci`) when node_modules is missing or older than package-lock.json. Plain Node: it must
// run before any dependency is installed.
//
//   node test/harness/setup.mjs start   libkrb5-dev (code-server's kerberos add-on)
//   node test/harness/setup.mjs test    the same plus chromium (the browser for UI tests)
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const goal = process.argv[2] === 'test' ? 'test' : 'start';
const PACKAGES = {
  start: ['libkrb5-dev', 'build-essential', 'python3'],
  test: ['libkrb5-dev', 'build-essential', 'python3', 'chromium', 'fonts-dejavu-core'],
};
const log = (message) => process.stderr.write(`[setup] ${message}\n`);

// The outer `npm run` passes npm_* settings down; a nested npm must not inherit them.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function run(command, args, env = cleanEnv) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    log(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

function systemPackages() {
  if (!existsSync('/usr/bin/dpkg-query')) return; // not Debian: the user provides them
  const missing = PACKAGES[goal].filter((p) => !installed(p));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    log(`missing Debian packages: ${missing.join(' ')}. Install them with:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...cleanEnv, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], env);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], env);
}

function npmPackages() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  const lock = path.join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm packages (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

systemPackages();
npmPackages();
