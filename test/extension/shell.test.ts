// The extension shell in a real extension host, against the real local server: activation,
// live settings, the API key, the refresh loop and status bar, the local server command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkersClient } from '../../src/api';
import type { RipTideExtensionApi } from '../../src/extension/main';
import type { RefreshSnapshot } from '../../src/core/refresh/refresher';
import { startWorkersServer } from '../../src/server';
import { formatCount } from '../../src/common/format';
import { extensionApi, setSetting, testServerUrl, until } from './helpers';

function logText(api: RipTideExtensionApi): string {
  const dir = api.logUri.fsPath;
  if (!fs.existsSync(dir)) return '';
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

describe('extension shell', function () {
  let api: RipTideExtensionApi;

  before(async () => {
    api = await extensionApi();
    // These tests count the loop's requests with the RipTide views closed, whatever an earlier suite left open.
    await vscode.commands.executeCommand('workbench.view.explorer');
    const { jobs, schedules, workers } = api.sidebar;
    await until('the RipTide views to be hidden', () => ![jobs, schedules, workers].some((v) => v.treeView.visible));
  });

  afterEach(async () => {
    for (const key of ['statusBar.enabled', 'pollIntervalSeconds', 'statusBar.failedThreshold']) await setSetting(key, undefined);
    await setSetting('serverUrl', testServerUrl());
    await api.connection.setApiKey(undefined);
  });

  it('activates without waiting on the network', () => {
    assert.equal(api.stateAtActivation, 'connecting');
    assert.ok(api.activationMs >= 0);
  });

  it('shows the server\'s pending and failed counts in the status bar', async () => {
    const client = new WorkersClient({ baseUrl: testServerUrl() });
    try {
      await client.submitJob({ job_type: { type: 'custom', job_name: 'status_bar', payload: {} } });
      await api.refresher.refreshNow();
      const stats = await client.getQueueStats();
      // The figure read by the loop may be a moment older than ours; refresh until they agree.
      await until('the status bar to match the queue stats', async () => {
        await api.refresher.refreshNow();
        const now = await client.getQueueStats();
        return api.statusBar.text === `$(pulse) ${formatCount(now.pending)} pending · ${formatCount(now.failed)} failed`;
      });
      assert.ok(stats.total >= 1);
    } finally {
      await client.close();
    }
  });

  it('applies settings at once: status bar visibility, poll interval, server URL', async () => {
    await setSetting('statusBar.enabled', false);
    assert.equal(api.statusBar.visible, false);
    await setSetting('statusBar.enabled', true);
    assert.equal(api.statusBar.visible, true);

    await setSetting('pollIntervalSeconds', 7);
    await until('the 7 s interval', () => api.refresher.nextDelayMs() === (vscode.window.state.focused ? 7000 : 28000));

    await setSetting('serverUrl', 'http://127.0.0.1:9'); // discard port: nothing answers
    assert.equal(api.connection.serverUrl, 'http://127.0.0.1:9');
    const offline = await until('the offline state', () => api.refresher.latest.state === 'offline' && api.refresher.latest);
    assert.match(offline.error!.message, /127\.0\.0\.1:9/);
    assert.match(api.statusBar.text, /offline/);

    await setSetting('serverUrl', testServerUrl());
    await until('recovery', async () => {
      await api.refresher.refreshNow();
      return api.refresher.latest.state === 'online';
    });
  });

  it('keeps the API key in secret storage, sends it, and never logs it', async () => {
    const key = `key-${Date.now()}-secret`;
    const guarded = await startWorkersServer({ port: 0, workers: 2, apiKey: key });
    try {
      await setSetting('serverUrl', guarded.url);
      await until('the 401 state', async () => {
        await api.refresher.refreshNow();
        return api.refresher.latest.state === 'unauthorized';
      });
      assert.match(api.statusBar.text, /API key refused/, 'a 401 is not "offline": the server answered');

      await api.connection.setApiKey(key);
      assert.equal(api.connection.hasApiKey, true);
      await until('the online state with the key', async () => {
        await api.refresher.refreshNow();
        return api.refresher.latest.state === 'online';
      });
      const settingsText = JSON.stringify(vscode.workspace.getConfiguration('riptide'));
      assert.ok(!settingsText.includes(key), 'the key is not in the settings');
      assert.ok(!logText(api).includes(key), 'the key is not in the log');
    } finally {
      await guarded.close();
    }
  });

  it('cleans error text of the key: a server echoing the request headers shows it in neither the status bar tooltip nor the log', async () => {
    const key = `echo${Date.now()}secret`; // letters and digits only: Markdown escaping cannot hide it
    const echo = http.createServer((req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`upstream failed; request headers: ${JSON.stringify(req.headers)}`);
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    try {
      await setSetting('serverUrl', `http://127.0.0.1:${(echo.address() as AddressInfo).port}`);
      await api.connection.setApiKey(key);
      const tooltip = () => api.statusBar.tooltipText.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'); // Markdown escapes off
      await until('the echoed error in the status bar tooltip', async () => {
        await api.refresher.refreshNow();
        return tooltip().includes('upstream failed');
      });
      assert.ok(!tooltip().includes(key), tooltip());
      assert.match(tooltip(), /"x-api-key":"\[redacted\]"/);
      assert.ok(!logText(api).includes(key), 'the key is not in the log');
    } finally {
      echo.closeAllConnections();
      await new Promise((r) => echo.close(r));
    }
  });

  it('starts and stops the local server from the command, pointing the extension at it', async () => {
    const url = await vscode.commands.executeCommand<string>('riptide.startLocalServer');
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(api.connection.serverUrl, url);
    assert.equal(api.connection.usingLocalServer, true);
    await until('online against the local server', async () => {
      await api.refresher.refreshNow();
      return api.refresher.latest.state === 'online';
    });
    const client = new WorkersClient({ baseUrl: url!, getRetries: 0 });
    try {
      assert.ok((await client.getWorkerStats()).is_running);
      await vscode.commands.executeCommand('riptide.stopLocalServer');
      assert.equal(api.localServer.running, false);
      assert.equal(api.connection.serverUrl, testServerUrl());
      await assert.rejects(client.getQueueStats(), /refused the connection/);
    } finally {
      await client.close();
    }
  });

  it('announces a watched job that fails', async () => {
    const client = new WorkersClient({ baseUrl: testServerUrl() });
    try {
      const { job_id } = await client.submitJob({
        job_type: { type: 'custom', job_name: 'flaky', payload: { fail_times: 3 } },
        retry_config: { max_attempts: 1 },
      });
      const finished = new Promise<{ jobId: string; succeeded: boolean }>((resolve) => {
        const sub = api.watcher.onDidFinish((job) => {
          if (job.jobId !== job_id) return;
          sub.dispose();
          resolve(job);
        });
      });
      api.watcher.watch(job_id, 'Custom · flaky');
      // The watcher runs on the loop's ticks; ask for ticks until it has seen the end.
      const done = until('the watcher to see the job finish', async () => {
        await api.refresher.refreshNow();
        return !api.watcher.isWatching(job_id);
      });
      const [job] = await Promise.all([finished, done]);
      assert.equal(job.succeeded, false);
    } finally {
      await client.close();
    }
  });

  it('never stacks requests while the server is slow, and spins only while a request is slow', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let requests = 0;
    const paths: string[] = [];
    const slow = http.createServer((req, res) => {
      requests++;
      paths.push(`${req.method} ${req.url}`);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ pending: 1, processing: 0, completed: 0, failed: 0, retry: 0, delayed: 0, total: 1 }));
      }, 1300); // past the loop's 1 s "slow" mark
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      await setSetting('serverUrl', `http://127.0.0.1:${(slow.address() as AddressInfo).port}`);
      await until('a request in flight', () => inFlight > 0);
      // Asking again while one is in flight joins it; the spinner shows once it is slow.
      const asks = [api.refresher.refreshNow(), api.refresher.refreshNow(), api.refresher.refreshNow()];
      await until('the spinner', () => api.statusBar.text.includes('$(sync~spin)'));
      await Promise.all(asks);
      assert.equal(maxInFlight, 1, 'one request at a time');
      assert.ok(requests <= 3, `${requests} requests for three asks joined to the tick in flight: ${paths.join(', ')}`);
      assert.equal(api.statusBar.text, '$(pulse) 1 pending · 0 failed', 'no spinner once answered');
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });

  it('backs off while the server is down, and recovers by itself when it comes back', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    await setSetting('pollIntervalSeconds', 1);
    const delays: number[] = [];
    const threeFailures = new Promise<void>((resolve) => {
      const sub = api.refresher.onDidRefresh((s: RefreshSnapshot) => {
        if (s.state !== 'offline') return;
        delays.push(api.refresher.nextDelayMs()!);
        if (delays.length === 3) {
          sub.dispose();
          resolve();
        }
      });
    });
    await setSetting('serverUrl', `http://127.0.0.1:${port}`);
    await threeFailures;
    // Backoff doubles from the poll interval, whatever the window's focus.
    assert.deepEqual(delays, [1000, 2000, 4000]);
    const back = await startWorkersServer({ port, workers: 2 });
    try {
      // No command, no settings change: the loop's own next tick finds the server again.
      await until('recovery', () => api.refresher.latest.state === 'online', 15_000);
      assert.equal(api.refresher.nextDelayMs(), vscode.window.state.focused ? 1000 : 4000, 'backoff forgotten');
    } finally {
      await back.close();
    }
  });

  it('polls nothing while no view is visible and the status bar is off', async () => {
    // A server of its own: jobs that earlier tests still watch on theirs rightly keep polling there.
    const quiet = await startWorkersServer({ port: 0, workers: 2 });
    try {
      await setSetting('serverUrl', quiet.url);
      await setSetting('statusBar.enabled', false);
      await until('the idle state', () => api.refresher.nextDelayMs() === undefined).catch((e: Error) => {
        throw new Error(`${e.message}; still active: ${api.refresher.activeTaskIds().join(', ') || 'none'}`);
      });
      await api.refresher.refreshNow(); // a tick in flight ends without scheduling another
      assert.equal(api.refresher.scheduled, false);
    } finally {
      await setSetting('serverUrl', testServerUrl());
      await quiet.close();
    }
  });
});
