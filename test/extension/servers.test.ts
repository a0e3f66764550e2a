// Named servers, per-origin keys and workspace trust in a real extension host, against two real
// local Workers servers, each behind a small proxy that records the headers it receives: a key
// never reaches another server, in any switch order, after a URL change or a redirect; a
// workspace's server is not contacted at all until the user agrees; a switch moves every view,
// the dashboard and the status bar within one refresh.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { WorkersClient } from '../../src/api';
import type { RipTideExtensionApi } from '../../src/extension/main';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { extensionApi, setSetting, testServerUrl, until } from './helpers';

interface Recorded {
  method: string;
  path: string;
  key: string | undefined;
  authorization: string | undefined;
}

/** An HTTP server on its own port that records each request's headers, then answers with `answer`. */
interface RecordingServer {
  readonly url: string;
  readonly origin: string;
  readonly requests: Recorded[];
  keysSeen(): string[];
  close(): Promise<void>;
}

async function recordingServer(answer: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void): Promise<RecordingServer> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = req.headers['x-api-key'];
      requests.push({ method: req.method ?? '', path: req.url ?? '', key: Array.isArray(key) ? key[0] : key, authorization: req.headers.authorization });
      answer(req, res, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    origin: url,
    requests,
    keysSeen: () => [...new Set(requests.flatMap((r) => [r.key, r.authorization?.replace(/^Bearer /, '')]).filter((k): k is string => !!k))],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A recording proxy in front of a real Workers server. */
async function recordedWorkersServer(apiKey: string): Promise<{ proxy: RecordingServer; server: WorkersServer }> {
  const server = await startWorkersServer({ port: 0, workers: 2, paused: true, apiKey });
  const target = new URL(server.url);
  const proxy = await recordingServer((req, res, body) => {
    const forwarded = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.writeHead(502).end());
    forwarded.end(body);
  });
  return { proxy, server };
}

describe('servers, keys and trust', function () {
  this.timeout(90_000);
  let api: RipTideExtensionApi;
  let alpha: { proxy: RecordingServer; server: WorkersServer };
  let beta: { proxy: RecordingServer; server: WorkersServer };
  const ALPHA_KEY = `alpha-key-${process.pid}`;
  const BETA_KEY = `beta-key-${process.pid}`;

  /** Makes `id` the active server and reads once. */
  async function use(id: string): Promise<void> {
    await api.connection.servers.choose(id);
    await api.connection.update();
    assert.equal(api.connection.server.id, id);
    await api.refresher.refreshNow();
  }

  async function onlineAfterRefresh(): Promise<void> {
    await until('online', async () => {
      await api.refresher.refreshNow();
      return api.refresher.latest.state === 'online';
    });
  }

  before(async () => {
    api = await extensionApi();
    alpha = await recordedWorkersServer(ALPHA_KEY);
    beta = await recordedWorkersServer(BETA_KEY);
    await setSetting('servers', [
      { name: 'Alpha', url: alpha.proxy.url },
      { name: 'Beta', url: `${beta.proxy.url}/` },
    ]);
    await until('both servers listed', () => api.connection.servers.servers.some((s) => s.id === 'user:Beta'));
    await api.connection.keys.set(alpha.proxy.origin, ALPHA_KEY);
    await api.connection.keys.set(beta.proxy.origin, BETA_KEY);
  });

  after(async () => {
    await api.connection.keys.set(alpha.proxy.origin, undefined);
    await api.connection.keys.set(beta.proxy.origin, undefined);
    await setSetting('servers', undefined);
    await setSetting('serverUrl', testServerUrl());
    await api.connection.servers.choose('serverUrl');
    await api.connection.update();
    await alpha.proxy.close();
    await beta.proxy.close();
    await alpha.server.close();
    await beta.server.close();
  });

  it('sends each server only its own key, in any switch order', async () => {
    for (const id of ['user:Alpha', 'user:Beta', 'user:Alpha', 'user:Alpha', 'user:Beta', 'user:Beta', 'user:Alpha']) {
      await use(id);
      assert.equal(api.refresher.latest.state, 'online', `${id}: ${api.refresher.latest.error?.message}`);
    }
    assert.ok(alpha.proxy.requests.length > 0 && beta.proxy.requests.length > 0);
    assert.deepEqual(alpha.proxy.keysSeen(), [ALPHA_KEY]);
    assert.deepEqual(beta.proxy.keysSeen(), [BETA_KEY]);
  });

  it('a URL change does not carry the key: the entry that pointed at Alpha now gets Beta\'s key, or none', async () => {
    await use('user:Alpha');
    const before = beta.proxy.requests.length;
    // The same entry (name) now points at Beta's server, with a path prefix.
    await setSetting('servers', [{ name: 'Alpha', url: `${beta.proxy.url}/` }, { name: 'Beta', url: beta.proxy.url }]);
    await until('the Alpha entry to point at Beta', () => api.connection.serverUrl === `${beta.proxy.url}/`);
    await onlineAfterRefresh();
    assert.ok(beta.proxy.requests.length > before);
    assert.deepEqual(beta.proxy.keysSeen(), [BETA_KEY]);

    // The serverUrl setting too: Alpha's key stays with Alpha's origin.
    await api.connection.keys.set(beta.proxy.origin, undefined);
    await setSetting('serverUrl', alpha.proxy.url);
    await use('serverUrl');
    assert.equal(api.refresher.latest.state, 'online');
    const betaBefore = beta.proxy.requests.length;
    await setSetting('serverUrl', beta.proxy.url);
    await until('serverUrl to point at Beta', () => api.connection.serverUrl === beta.proxy.url);
    await until('a 401 from Beta, which gets no key now', async () => {
      await api.refresher.refreshNow();
      return api.refresher.latest.state === 'unauthorized';
    });
    const sinceChange = beta.proxy.requests.slice(betaBefore);
    assert.ok(sinceChange.length > 0 && sinceChange.every((r) => r.key === undefined && r.authorization === undefined));
    assert.deepEqual(alpha.proxy.keysSeen(), [ALPHA_KEY]);
    // Said where the user looks: a notification and the log, never the key.
    await until('the refused-key notice', () => api.keyRefusals.notices.some((n) => n.includes(beta.proxy.origin) && n.includes('needs an API key')));
    await api.connection.keys.set(beta.proxy.origin, BETA_KEY);
    await setSetting('servers', [{ name: 'Alpha', url: alpha.proxy.url }, { name: 'Beta', url: `${beta.proxy.url}/` }]);
  });

  it('a redirect is not followed: the key of the redirecting server reaches no one else', async () => {
    const REDIRECT_KEY = `redirect-key-${process.pid}`;
    const redirecting = await recordingServer((req, res) => {
      res.writeHead(307, { location: `${beta.proxy.url}${req.url}` });
      res.end();
    });
    try {
      await setSetting('servers', [
        { name: 'Alpha', url: alpha.proxy.url },
        { name: 'Beta', url: `${beta.proxy.url}/` },
        { name: 'Redirecting', url: redirecting.url },
      ]);
      await until('the redirecting server listed', () => api.connection.servers.servers.some((s) => s.id === 'user:Redirecting'));
      await api.connection.keys.set(redirecting.origin, REDIRECT_KEY);
      const betaBefore = beta.proxy.requests.length;
      await use('user:Redirecting');
      assert.equal(api.refresher.latest.state, 'offline');
      assert.match(api.refresher.latest.error?.message ?? '', /redirects to .*Redirects are not followed/);
      assert.deepEqual(redirecting.keysSeen(), [REDIRECT_KEY]);
      assert.equal(beta.proxy.requests.length, betaBefore, 'nothing reached the address the redirect named');
      assert.ok(!beta.proxy.keysSeen().includes(REDIRECT_KEY) && !alpha.proxy.keysSeen().includes(REDIRECT_KEY));
    } finally {
      await api.connection.keys.set(redirecting.origin, undefined);
      await use('user:Alpha');
      await setSetting('servers', [{ name: 'Alpha', url: alpha.proxy.url }, { name: 'Beta', url: `${beta.proxy.url}/` }]);
      await redirecting.close();
    }
  });

  it('switching moves the status bar, every view and the dashboard within one refresh, and nothing of the old server stays', async () => {
    const alphaClient = new WorkersClient({ baseUrl: alpha.server.url, apiKey: ALPHA_KEY });
    const betaClient = new WorkersClient({ baseUrl: beta.server.url, apiKey: BETA_KEY });
    try {
      // Different queues, so each server's figures are recognisable.
      for (let i = 0; i < 3; i++) await alphaClient.submitJob({ job_type: { type: 'custom', job_name: 'on_alpha', payload: { i } } });
      await betaClient.submitJob({ job_type: { type: 'custom', job_name: 'on_beta', payload: {} } });
      await betaClient.createSchedule({ name: 'beta-nightly', cron_expression: '0 0 3 * * *', job_template: { type: 'custom', job_name: 'on_beta', payload: {} } });
      for (const view of ['riptide.jobs', 'riptide.schedules', 'riptide.workers']) await vscode.commands.executeCommand(`${view}.focus`);
      await vscode.commands.executeCommand('riptide.jobs.focus');
      await until('the Jobs view to be visible', () => api.sidebar.jobs.treeView.visible);
      await vscode.commands.executeCommand('riptide.openDashboard');
      await use('user:Alpha');
      const alphaStats = await alphaClient.getQueueStats();
      assert.equal(api.statusBar.text, `$(pulse) ${alphaStats.pending} pending · ${alphaStats.failed} failed`);
      assert.equal(api.sidebar.jobs.model.stats?.pending, alphaStats.pending);

      const betaStats = await betaClient.getQueueStats();
      const ticks = api.refresher.ticks;
      await use('user:Beta'); // one refresh
      assert.equal(api.refresher.ticks, ticks + 1);
      assert.match(api.serverItem.text, /Beta$/);
      assert.equal(api.statusBar.text, `$(pulse) ${betaStats.pending} pending · ${betaStats.failed} failed`);
      assert.equal(api.sidebar.jobs.model.stats?.pending, betaStats.pending);
      assert.equal(api.dashboard.current?.view?.queue.pending, betaStats.pending);
      assert.equal(api.dashboard.current?.samples.length, 1, 'the chart starts afresh: no sample from Alpha');
      assert.match(api.dashboard.current?.panel.title ?? '', /Beta/);
    } finally {
      // Hidden again, as the other suites expect (a visible view reads on every tick).
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('workbench.view.explorer');
      await until('the views to be hidden', () => !api.sidebar.jobs.treeView.visible && !api.sidebar.schedules.treeView.visible && !api.sidebar.workers.treeView.visible);
      await alphaClient.close();
      await betaClient.close();
    }
  });

  describe('a server named by the workspace settings', () => {
    let stranger: RecordingServer;
    const STRANGER_KEY = `stranger-key-${process.pid}`;

    before(async () => {
      stranger = await recordingServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ pending: 0, processing: 0, completed: 0, failed: 0, retry: 0, delayed: 0 }));
      });
      // A key for that origin already exists (the user used it once): it must still not be sent unasked.
      await api.connection.keys.set(stranger.origin, STRANGER_KEY);
    });

    after(async () => {
      await vscode.workspace.getConfiguration('riptide').update('serverUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await api.connection.servers.forget([stranger.origin]);
      await api.connection.keys.set(stranger.origin, undefined);
      await stranger.close();
    });

    it('is not contacted at all until the user agrees; the question names the origin and the settings file', async () => {
      await vscode.workspace.getConfiguration('riptide').update('serverUrl', stranger.url, vscode.ConfigurationTarget.Workspace);
      await until('the workspace server listed', () => api.connection.servers.servers.some((s) => s.id === 'workspace:serverUrl'));
      // This workspace chose a server before; a fresh one has not, and the workspace URL would win by itself.
      await api.connection.servers.choose('workspace:serverUrl');
      await api.connection.update();
      assert.equal(api.connection.access.contact, false);
      const asked = await until('the question', () => api.approvalPrompt.asked.find((a) => a.origin === stranger.origin));
      assert.match(asked.settingsFile ?? '', /\.vscode[\\/]settings\.json$/);
      assert.ok(asked.message.includes(stranger.origin) && asked.message.includes(asked.settingsFile!));
      const ticks = api.refresher.ticks;
      for (let i = 0; i < 3; i++) await api.refresher.refreshNow();
      assert.ok(api.refresher.ticks >= ticks + 3);
      assert.equal(api.refresher.latest.state, 'offline');
      assert.match(api.refresher.latest.error?.message ?? '', /not contacted until you allow it/);
      assert.match(api.serverItem.text, /^\$\(shield\)/);
      assert.deepEqual(stranger.requests, [], 'no request of any kind reached it');

      // "Connect Without Key": contacted, the key stays home.
      await api.connection.servers.approve(stranger.origin, 'connectWithoutKey');
      await onlineAfterRefresh();
      assert.ok(stranger.requests.length > 0);
      assert.deepEqual(stranger.keysSeen(), []);

      // "Ignore": the workspace's server is left out and the user's own is used again.
      await api.connection.servers.approve(stranger.origin, 'ignore');
      await until('the user\'s own server again', () => api.connection.server.id === 'serverUrl' || undefined);
      const seen = stranger.requests.length;
      await api.refresher.refreshNow();
      assert.equal(stranger.requests.length, seen);

      // Revoked: asked again, and still nothing sent meanwhile.
      await api.connection.servers.forget([stranger.origin]);
      await api.connection.servers.choose('workspace:serverUrl');
      await api.connection.update();
      assert.equal(api.connection.access.contact, false);
      await api.refresher.refreshNow();
      assert.equal(stranger.requests.length, seen);

      // "Connect": now its key goes, to it only.
      await api.connection.servers.approve(stranger.origin, 'connect');
      await onlineAfterRefresh();
      assert.deepEqual(stranger.keysSeen(), [STRANGER_KEY]);
      assert.ok(!alpha.proxy.keysSeen().includes(STRANGER_KEY) && !beta.proxy.keysSeen().includes(STRANGER_KEY));
    });
  });
});
