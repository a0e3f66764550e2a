// Restricted Mode in a real extension host (this session's workspace is not trusted): the
// workspace's server settings are ignored and never contacted, and job files are checked but
// nothing is submitted, with a message that says why.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkersClient } from '../../src/api';
import { extensionApi, testServerUrl, until } from '../extension/helpers';

describe('Restricted Mode', function () {
  this.timeout(60_000);

  it('ignores the workspace\'s server, checks job files and submits nothing, saying why', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this session\'s workspace must be untrusted');
    const api = await extensionApi();
    const hits: string[] = [];
    const stranger = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    const strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
    const client = new WorkersClient({ baseUrl: testServerUrl() });
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const settingsFile = path.join(folder, '.vscode', 'settings.json');
    const jobFile = path.join(folder, 'restricted.job.json');
    try {
      // The workspace names another server, in its own settings file.
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      // pageSize is not a restricted setting: once it applies, the file has been read.
      fs.writeFileSync(settingsFile, JSON.stringify({ 'riptide.serverUrl': strangerUrl, 'riptide.servers': [{ name: 'Stranger', url: strangerUrl }], 'riptide.pageSize': 17 }));
      await until('the workspace settings file to be read', () => vscode.workspace.getConfiguration('riptide').get('pageSize') === 17, 20_000);
      assert.notEqual(vscode.workspace.getConfiguration('riptide').get('serverUrl'), strangerUrl, 'VS Code itself ignores the restricted setting');
      api.connection.servers.reload();
      assert.equal(api.connection.serverUrl, testServerUrl(), 'the user\'s server stays in use');
      assert.ok(!api.connection.servers.servers.some((s) => s.source === 'workspace'), 'no workspace entry is even listed');
      await until('online against the user\'s server', async () => {
        await api.refresher.refreshNow();
        return api.refresher.latest.state === 'online';
      });

      // A job file: checked (its problems shown) but not sent.
      fs.writeFileSync(jobFile, JSON.stringify({ job_type: { type: 'custom', job_name: 'restricted', payload: {} } }));
      const before = (await client.getQueueStats()).total;
      const summary = await api.jobFiles.submitter.submitFile(vscode.Uri.file(jobFile));
      assert.deepEqual(summary.submitted, []);
      assert.match(summary.message, /Restricted Mode: restricted\.job\.json was checked but not sent/);
      assert.match(summary.message, /Trust the workspace to submit/);
      const analysis = await api.jobFiles.submitter.analyze(vscode.Uri.file(jobFile));
      assert.equal(analysis.ok, true, 'the file was checked');
      await vscode.commands.executeCommand('riptide.submitFolder', vscode.Uri.file(folder));
      assert.equal((await client.getQueueStats()).total, before, 'nothing reached the server');
      assert.deepEqual(hits, [], 'the workspace\'s server was never contacted');
    } finally {
      fs.rmSync(settingsFile, { force: true });
      fs.rmSync(jobFile, { force: true });
      await client.close();
      await new Promise<void>((resolve) => stranger.close(() => resolve()));
    }
  });
});
