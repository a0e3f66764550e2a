// Shell benchmarks: the production bundle's size, activation time in a real VS Code
// (code-server, the packaged VSIX), and requests per minute while idle with the real Refresher
// and client against a counting loopback server.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { WorkersClient } from '../../src/api';
import { Refresher } from '../../src/core/refresh/refresher';
import type { ActivationMeasurement } from '../bench-suites/activation.test';
import { productVsix, repoRoot } from '../harness/paths';
import { withBenchSuites } from './benchSuites';
import { fmt, heading, row } from './harness';

const IDLE_WINDOW_S = 10;
const IDLE_INTERVAL_S = 1;
const STATUS_FIGURES = /\d+ pending · \d+ failed/;

const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;

function bundleSizes(): void {
  heading('Shell: production bundle (npm run package: esbuild --production, then vsce; `npm run bench` runs it first)');
  const bundle = fs.readFileSync(path.join(repoRoot, 'dist', 'extension.js'));
  row('dist/extension.js', `${kb(bundle.length)}  (gzip ${kb(gzipSync(bundle).length)})`);
  if (fs.existsSync(productVsix)) row(path.basename(productVsix), kb(fs.statSync(productVsix).size));
}

/** Activation in code-server, read back from the extension host by test/bench-suites/. */
async function activationInCodeServer(): Promise<void> {
  heading('Shell: activation in a real VS Code (code-server, the packaged VSIX)');
  await withBenchSuites({ grep: 'bench: activation' }, async ({ workbench, openedAt, measurement }) => {
    const statusItem = workbench.page.locator('.part.statusbar [id="riptide.riptide-jobs.riptide.queue"]').filter({ hasText: STATUS_FIGURES });
    await statusItem.waitFor({ state: 'visible', timeout: 90_000 });
    const toFigures = performance.now() - openedAt;
    const measured = await measurement<ActivationMeasurement>(120_000);
    row('activate() (one activation; a host activates once)', `${fmt(measured.activationMs, 1)} ms  (state then: ${measured.stateAtActivation})`);
    row('page.goto(workbench) to status bar showing figures', `${fmt(toFigures)} ms`);
  });
}

const QUEUE = JSON.stringify({ pending: 2, processing: 0, completed: 5, failed: 1, retry: 0, delayed: 0, total: 8 });

/** A loopback server answering the queue stats, counting requests. */
async function countingServer(): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    res.setHeader('content-type', 'application/json');
    res.end(QUEUE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

interface IdleCase {
  label: string;
  focused: boolean;
  statusBar: boolean;
}

const IDLE_CASES: IdleCase[] = [
  { label: 'focused, status bar on, views hidden (aim: <= 60)', focused: true, statusBar: true },
  { label: 'unfocused, status bar on, views hidden (slower)', focused: false, statusBar: true },
  { label: 'focused, status bar off, views hidden', focused: true, statusBar: false },
  { label: 'unfocused, status bar off, views hidden (aim: 0)', focused: false, statusBar: false },
];

/** All cases side by side over the same window, each with its own refresher, client and server. */
async function idleRequests(): Promise<void> {
  heading(`Shell: requests per minute while idle (real Refresher and client, ${IDLE_INTERVAL_S} s interval, ${IDLE_WINDOW_S} s window)`);
  const runs = await Promise.all(
    IDLE_CASES.map(async (c) => {
      const server = await countingServer();
      const client = new WorkersClient({ baseUrl: server.url });
      const refresher = new Refresher({
        client: () => client,
        intervalSeconds: () => IDLE_INTERVAL_S,
        statusBarWanted: () => c.statusBar,
        focused: () => c.focused,
      });
      // The views are registered but hidden, as in the editor with the RipTide sidebar closed.
      for (const id of ['view.jobs', 'view.schedules', 'view.workers']) {
        refresher.register({ id, isActive: () => false, run: async () => undefined });
      }
      return { c, server, client, refresher };
    }),
  );
  const started = performance.now();
  for (const r of runs) r.refresher.start();
  await new Promise((resolve) => setTimeout(resolve, IDLE_WINDOW_S * 1000)); // the measurement window itself
  const elapsedMin = (performance.now() - started) / 60_000;
  for (const r of runs) {
    r.refresher.dispose();
    row(r.c.label, `${fmt(r.server.requests() / elapsedMin, 1)} /min  (${r.server.requests()} in ${fmt(elapsedMin * 60, 1)} s)`);
    await r.client.close();
    await r.server.close();
  }
}

export async function benchShell(): Promise<void> {
  await idleRequests();
  bundleSizes();
  await activationInCodeServer();
}
