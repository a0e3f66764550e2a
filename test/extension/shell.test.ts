// The extension shell in a real extension host, against the real local server: activation,
// live settings, the API key, the refresh loop and status bar, the local server command.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkersClient } from '../../src/api';
import type { RipTideExtensionApi } from '../../src/extension';
import { startWorkersServer } from '../../src/server';
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
        return api.statusBar.text === `$(pulse) ${now.pending} pending · ${now.failed} failed`;
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
      assert.match(api.statusBar.text, /offline/);

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

  it('polls nothing while no view is visible and the status bar is off', async () => {
    await setSetting('statusBar.enabled', false);
    // The suites run with the RipTide views closed.
    await until('the idle state', () => api.refresher.nextDelayMs() === undefined);
    await api.refresher.refreshNow(); // a tick in flight ends without scheduling another
    assert.equal(api.refresher.scheduled, false);
  });
});
