// From the queue back to the code, in a real extension host against the real local server: a job
// file whose failing job gets a diagnostic on its own line (and loses it after a fix and a
// successful resubmission), the CodeLens run summary, the source link, results as documents and
// their comparison, "Submit Again" of dead-letter jobs, and the dashboard's remembered hour.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkersClient } from '../../src/api';
import type { RipTideExtensionApi } from '../../src/extension/main';
import { extensionApi, suiteFiles, testServerUrl, until } from './helpers';

const { dir: testDir, write: writeFile } = suiteFiles('trace-tests');

/** One crawl of a demo page, tried once (a 404 goes straight to the dead letter). */
function crawl(page: string, comment = ''): string {
  return `${comment}job_type:\n  type: single_crawl\n  url: ${testServerUrl()}/demo/pages/${page}\nretry_config:\n  max_attempts: 1\n`;
}

/** The extension's log and what it recorded, for a failure message. */
function explain(api: RipTideExtensionApi, uri: vscode.Uri): string {
  const dir = api.logUri.fsPath;
  const logs = fs.existsSync(dir)
    ? (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile()).map((f) => fs.readFileSync(f, 'utf8')).join('\n')
    : '';
  return `runs: ${JSON.stringify(api.trace.runsOf(uri))}\nwatching: ${api.watcher.isActive()}\nall diagnostics: ${JSON.stringify(vscode.languages.getDiagnostics(uri).map((d) => [d.source, d.message]))}\nlog:\n${logs.slice(-4000)}`;
}

/** Waits, and on timeout says what the extension recorded. */
async function waitExplained<T>(api: RipTideExtensionApi, uri: vscode.Uri, what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  try {
    return await until(what, check, timeoutMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${explain(api, uri)}`);
  }
}

const serverDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'RipTide server');
const ownDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'RipTide');

describe('from the queue back to the code', function () {
  this.timeout(90_000);
  let api: RipTideExtensionApi;
  let client: WorkersClient;

  before(async () => {
    api = await extensionApi();
    client = new WorkersClient({ baseUrl: testServerUrl() });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(testDir(), { recursive: true, useTrash: false });
    await client.close();
  });

  it('puts a failed job\'s error on the line that defined it, and takes it away after a fix and a successful resubmission', async () => {
    const uri = await writeFile('three.job.yaml', [crawl('1'), crawl('404-missing'), crawl('2')].join('---\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const summary = await api.jobFiles.submitter.submitFile(uri);
    assert.equal(summary.submitted.length, 3, summary.message);
    const failedId = summary.submitted[1];

    const [diagnostic] = await waitExplained(api, uri, 'one failure diagnostic', () => {
      const found = serverDiagnostics(uri);
      return found.length === 1 && api.trace.runsOf(uri).every((r) => r.outcome) && found;
    });
    const secondDocLine = doc.getText().split('\n').indexOf('---') + 1;
    assert.equal(diagnostic.range.start.line, secondDocLine, 'on the first line of the second job');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, new RegExp(`^Last run failed on the server: HTTP error: 404 \\(job ${failedId.slice(0, 8)}, (\\d+ (ms|s) ago|just now)\\)$`));
    assert.deepEqual(ownDiagnostics(uri), [], 'the file itself is valid: its own problems are a separate list');
    assert.deepEqual(api.trace.runsOf(uri).map((r) => r.outcome), ['succeeded', 'failed', 'succeeded']);

    // The quick actions on it: open the job, dismiss.
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(`Open failed job ${failedId.slice(0, 8)}`), titles.join(', '));
    assert.ok(titles.includes('Dismiss this failure'), titles.join(', '));

    // The CodeLens above each job says how its last run went.
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10);
    const summaries = lenses.filter((l) => /last run/.test(l.command?.title ?? '')).map((l) => [l.range.start.line, l.command!.title, l.command!.arguments?.[0]]);
    assert.equal(summaries.length, 3);
    assert.deepEqual(summaries[1].slice(0, 1), [secondDocLine]);
    assert.match(String(summaries[1][1]), /^\$\(error\) last run failed (\d+ (ms|s) ago|just now)$/);
    assert.equal(summaries[1][2], failedId, 'it opens that run');
    assert.match(String(summaries[0][1]), /last run succeeded/);

    // A line added at the top moves the diagnostic with its job.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# three demo crawls\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the diagnostic to move down a line', () => serverDiagnostics(uri)[0]?.range.start.line === secondDocLine + 1);

    // Fixed in place (another page), the failure stays until the fix has run...
    const fix = new vscode.WorkspaceEdit();
    const text = doc.getText();
    const at = text.indexOf('404-missing');
    fix.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '404-missing'.length)), '3');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await doc.save();
    await until('the analysis of the fixed text', () => ownDiagnostics(uri).length === 0 && doc.getText().includes('/demo/pages/3'));
    assert.equal(serverDiagnostics(uri).length, 1, 'a fix alone does not clear it');
    // ...and goes once the fixed job was sent again and succeeded.
    const again = await api.jobFiles.submitter.submitFile(uri, 1);
    assert.equal(again.submitted.length, 1, again.message);
    await until('the failure to go away', () => serverDiagnostics(uri).length === 0 && api.trace.find(again.submitted[0])?.outcome === 'succeeded', 30_000);
  });

  it('dismisses a failure from its quick action, without touching the file\'s own problems', async () => {
    const uri = await writeFile('dismiss.job.yaml', crawl('404-again') + 'timout_secs: 30\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const summary = await api.jobFiles.submitter.submitFile(uri);
    assert.equal(summary.submitted.length, 1, summary.message);
    const [diagnostic] = await waitExplained(api, uri, 'the failure diagnostic', () => serverDiagnostics(uri).length === 1 && serverDiagnostics(uri));
    assert.equal(diagnostic.range.start.line, 0);
    assert.equal(ownDiagnostics(uri).length, 1, 'the misspelt field\'s warning stays next to it');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const dismiss = actions.find((a) => a.title === 'Dismiss this failure');
    assert.ok(dismiss?.command);
    await vscode.commands.executeCommand(dismiss.command.command, ...(dismiss.command.arguments ?? []));
    await until('the failure dismissed', () => serverDiagnostics(uri).length === 0);
    assert.equal(ownDiagnostics(uri).length, 1);
  });

  it('opens a job\'s definition at its line from the source link, wherever the entry moved', async () => {
    const uri = await writeFile('source.job.yaml', [crawl('1'), crawl('2'), crawl('4')].join('---\n'));
    const summary = await api.jobFiles.submitter.submitFile(uri);
    const third = summary.submitted[2];
    const place = api.knownJobs.get(third)?.place;
    assert.equal(place?.file, uri.toString());
    assert.equal(place?.index, 2);
    const expectedLine = [crawl('1'), crawl('2')].join('---\n').split('\n').length; // after the second ---
    assert.equal(place?.line, expectedLine);
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('riptide.job.openSource', third);
    assert.equal(editor?.document.uri.toString(), uri.toString());
    assert.equal(editor?.selection.active.line, expectedLine);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    // Two lines added above it: the link follows the job.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), '# a\n# b\n');
    await vscode.workspace.applyEdit(edit);
    const moved = await vscode.commands.executeCommand<vscode.TextEditor>('riptide.job.openSource', third);
    assert.equal(moved?.selection.active.line, expectedLine + 2);
    // The job panel says it too, and its link opens the same place.
    const panel = api.jobPanels.createOrShow(third);
    const job = await until('the panel\'s job view with its origin', () => {
      const m = panel.poster.last('job');
      return m?.type === 'job' && m.job.origin.source ? m.job : undefined;
    }, 20_000);
    assert.equal(job.origin.source, `Defined in source.job.yaml, line ${expectedLine + 3}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await panel.handleMessage({ type: 'openSource' });
    await until('the file opened from the panel', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() && vscode.window.activeTextEditor.selection.active.line === expectedLine + 2);
  });

  it('compares two results in the diff editor, with and without volatile fields, and finds the previous run', async () => {
    const uri = await writeFile('compare.job.yaml', [crawl('1'), crawl('2')].join('---\n'));
    const first = await api.jobFiles.submitter.submitFile(uri);
    const [a, b] = first.submitted;
    await Promise.all([a, b].map((id) => client.waitForJob(id, { pollInterval: 0.2, timeout: 30 })));
    assert.equal(await vscode.commands.executeCommand('riptide.jobs.compareResults', a, b), true);
    const tab = await until('a diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.equal(tab.original.scheme, 'riptide-job');
    assert.ok(tab.original.path.includes(a) && tab.modified.path.includes(b));
    const left = await vscode.workspace.openTextDocument(tab.original);
    assert.equal(left.languageId, 'json');
    assert.deepEqual(JSON.parse(left.getText()), JSON.parse(JSON.stringify(await client.getJobResult(a))));
    // One toggle leaves out timestamps, ids and processing times.
    assert.equal(api.documents.ignoreVolatile, false);
    await vscode.commands.executeCommand('riptide.compare.toggleVolatileFields');
    try {
      await until('the comparison without volatile fields', () => !left.getText().includes('"job_id"') && !left.getText().includes('processing_time_ms'));
      assert.equal(JSON.parse(left.getText()).success, true);
    } finally {
      await vscode.commands.executeCommand('riptide.compare.toggleVolatileFields');
    }
    // The same entry sent again: its previous run is the first one.
    const second = await api.jobFiles.submitter.submitFile(uri, 0);
    const again = second.submitted[0];
    assert.equal(api.traceCommands.previousRun(again), a);
    await client.waitForJob(again, { pollInterval: 0.2, timeout: 30 });
    assert.equal(await vscode.commands.executeCommand('riptide.job.compareWithPrevious', again), true);
    await until('the previous-run diff', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff && input.original.path.includes(a) && input.modified.path.includes(again);
    });
  });

  it('keeps the local server\'s jobs, runs and failures across a restart on another port', async () => {
    const uri = await writeFile('local.job.yaml', 'job_type:\n  type: custom\n  job_name: flaky\n  payload:\n    fail_times: 1\nretry_config:\n  max_attempts: 1\n');
    const firstUrl = await vscode.commands.executeCommand<string>('riptide.startLocalServer');
    assert.ok(firstUrl && api.connection.usingLocalServer, 'the local server is in use');
    let portHolder: net.Server | undefined;
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const summary = await api.jobFiles.submitter.submitFile(uri);
      assert.equal(summary.submitted.length, 1, summary.message);
      const [jobId] = summary.submitted;
      await waitExplained(api, uri, 'the run to fail on the local server', async () => {
        await api.refresher.refreshNow();
        return serverDiagnostics(uri).length === 1 && api.trace.runsOf(uri)[0]?.outcome === 'failed';
      });

      // Stopped, then started again: its old port is held, so it cannot come back on it.
      await vscode.commands.executeCommand('riptide.stopLocalServer');
      assert.equal(api.knownJobs.get(jobId), undefined, 'another server is in use meanwhile');
      const held = net.createServer();
      portHolder = held;
      await new Promise<void>((resolve) => held.listen(Number(new URL(firstUrl).port), '127.0.0.1', resolve));
      const secondUrl = await vscode.commands.executeCommand<string>('riptide.startLocalServer');
      assert.ok(secondUrl && secondUrl !== firstUrl, `another port: ${firstUrl} then ${secondUrl}`);

      // Its data file kept the job, and the extension still knows it as this server's.
      const local = new WorkersClient({ baseUrl: secondUrl, getRetries: 0 });
      try {
        assert.equal((await local.getJobStatus(jobId)).status, 'DeadLetter');
      } finally {
        await local.close();
      }
      assert.equal(api.knownJobs.get(jobId)?.definition.job_type.type, 'custom', 'its definition is still known');
      assert.equal(api.trace.find(jobId)?.outcome, 'failed', 'its run is still in the history');
      await until('the failure on its line again', () => serverDiagnostics(uri).length === 1);
      const again = await vscode.commands.executeCommand<string[]>('riptide.job.submitAgain', jobId);
      assert.equal(again?.length, 1, 'Submit Again found its definition');
      assert.ok(api.knownJobs.get(again[0]), 'the new job is known too');
    } finally {
      await vscode.commands.executeCommand('riptide.stopLocalServer');
      if (portHolder) await new Promise((resolve) => portHolder!.close(resolve));
    }
  });

  it('submits again exactly the dead-letter jobs whose definitions are known, after saying how many cannot be', async () => {
    const token = `dl-${Date.now()}`;
    const failing = (n: number) => `job_type:\n  type: custom\n  job_name: flaky\n  payload: { fail_times: 9, n: ${n} }\nretry_config:\n  max_attempts: 1\nmetadata:\n  batch: ${token}\n`;
    const uri = await writeFile('deadletter.job.yaml', [failing(1), failing(2)].join('---\n'));
    const known = (await api.jobFiles.submitter.submitFile(uri)).submitted;
    const stranger = (await client.submitJob({ job_type: { type: 'custom', job_name: 'flaky', payload: { fail_times: 9, n: 3 } }, retry_config: { max_attempts: 1 }, metadata: { batch: token } })).job_id;
    for (const id of [...known, stranger]) await until(`job ${id} in the dead letter`, async () => (await client.getJobStatus(id)).status === 'DeadLetter', 30_000);
    const asked: string[] = [];
    const outcome = await api.traceCommands.resubmitDeadLetter({ search: token }, { confirm: async (message, detail) => (asked.push(message, detail), true) });
    assert.equal(asked[0], 'Submit 2 dead-letter job(s) matching the filter again?');
    assert.match(asked[1], /^1 of the 3 cannot be sent: their definitions are not known here/);
    assert.deepEqual({ found: outcome.found, unknown: outcome.unknown, failed: outcome.failed, cancelled: outcome.cancelled }, { found: 3, unknown: 1, failed: [], cancelled: 0 });
    assert.deepEqual(outcome.sent.map((s) => s.from).sort(), [...known].sort());
    for (const { from, to } of outcome.sent) {
      assert.deepEqual(api.knownJobs.get(to)?.definition, api.knownJobs.get(from)?.definition);
      assert.deepEqual(api.knownJobs.get(to)?.place, api.knownJobs.get(from)?.place, 'the same place in the file');
    }
    const listed = await client.listJobs({ search: token, limit: 50 });
    assert.equal(listed.jobs.length, 5, 'three dead-letter jobs and exactly two sent again');
  });

  it('saves a known job as a job file that is checked like every job file', async () => {
    const uri = await writeFile('save.job.yaml', crawl('5'));
    const [id] = (await api.jobFiles.submitter.submitFile(uri)).submitted;
    const [saved] = await api.traceCommands.saveJobs([id], testDir());
    assert.match(saved.path, /single_crawl-[0-9a-f]{8}\.job\.yaml$/);
    const analysis = await api.jobFiles.submitter.analyze(saved);
    assert.equal(analysis.ok, true);
    assert.deepEqual(analysis.entries[0].job, api.knownJobs.get(id)?.definition);
    const [second] = await api.traceCommands.saveJobs([id], testDir());
    assert.notEqual(second.toString(), saved.toString(), 'never over an existing file');
  });

  it('opens the dashboard with the queue readings recorded before it opened', async () => {
    api.dashboard.current?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.refresher.refreshNow();
    await api.refresher.refreshNow();
    await api.refresher.refreshNow();
    const before = api.statsHistory.samples();
    assert.ok(before.length >= 3, `the refresher's ticks were recorded (${before.length})`);
    assert.ok(before.every((s) => typeof s.pending === 'number' && typeof s.processing === 'number'), 'with the backlog');
    await vscode.commands.executeCommand('riptide.openDashboard');
    const dashboard = await until('the dashboard', () => api.dashboard.current);
    const history = await until('the dashboard\'s first history message', () => {
      const m = dashboard.poster.last('history');
      return m?.type === 'history' ? m : undefined;
    }, 30_000);
    const shown = new Set(history.samples.map((s) => s.t));
    assert.ok(before.every((s) => shown.has(s.t)), 'every sample from before it opened is in its first message');
    dashboard.dispose();
  });
});
