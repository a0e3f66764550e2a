// Job and schedule files in a real extension host, against the real local Workers server:
// positioned diagnostics (live while typing), the cron quick fix, CodeLens, submitting a file,
// refusing an invalid one, cancelling mid-way, submit and wait, creating a schedule.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { WorkersClient } from '../../src/api';
import type { RipTideExtensionApi } from '../../src/extension/main';
// Types only: the extension runs from its bundle (see views.test.ts).
import type { SubmitSummary, WaitOutcome } from '../../src/extension/jobfilesEditor/submit';
import type { ScheduleNode } from '../../src/extension/views/schedulesView';
import type { WorkerRowNode } from '../../src/extension/views/workersView';
import { startWorkersServer } from '../../src/server';
import { extensionApi, setSetting, suiteFiles, testServerUrl, until, workspaceRoot } from './helpers';

const SAMPLES = ['crawl.job.yaml', 'page.job.json', 'maintenance.job.yaml', 'custom.job.json', 'many.job.yaml', 'nightly.schedule.yaml'];

const { dir: testDir, write: writeFile } = suiteFiles('jobfiles-tests');

/** The CodeLenses of a file (the provider command wants the document open). */
async function codeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  await vscode.workspace.openTextDocument(uri);
  return vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
}

/** RipTide's diagnostics of a file, once there are `count` of them (they are debounced). */
async function diagnosticsOf(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
  return until(`${count} RipTide diagnostic(s) on ${uri.path}`, () => {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'RipTide');
    return found.length === count && found;
  });
}

function at(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function customJobs(names: string[]): string {
  return names.map((name) => `job_type:\n  type: custom\n  job_name: ${name}\n  payload: {}\n`).join('---\n');
}

/** A real server behind a gate: its POSTs wait until the gate opens, as a long submission does under a rate limit. */
async function gatedServer() {
  const server = await startWorkersServer({ port: 0 });
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let held = 0;
  const gate = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.method === 'POST') {
        held++;
        await opened;
      }
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(`${server.url}${req.url}`, { method: req.method, headers: body ? { 'content-type': 'application/json' } : {}, body });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(gate.address() as AddressInfo).port}`,
    behind: server.url,
    held: () => held,
    open,
    async close() {
      open();
      gate.closeAllConnections();
      await new Promise((resolve) => gate.close(resolve));
      await server.close();
    },
  };
}

describe('job and schedule files', function () {
  this.timeout(60_000);
  let api: RipTideExtensionApi;
  let client: WorkersClient;
  const total = async () => (await client.getQueueStats()).total;

  before(async () => {
    api = await extensionApi();
    assert.equal(api.connection.serverUrl, testServerUrl());
    client = new WorkersClient({ baseUrl: testServerUrl() });
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(testDir(), { recursive: true, useTrash: false });
    await client.close();
  });

  it('finds no problem in the sample workspace\'s job and schedule files', async () => {
    for (const name of SAMPLES) {
      const analysis = await api.jobFiles.submitter.analyze(vscode.Uri.joinPath(workspaceRoot(), name));
      const errors = analysis.problems.filter((p) => p.severity !== 'info').map((p) => p.message);
      assert.deepEqual(errors, [], name);
      assert.ok(analysis.ok && analysis.entries.length >= 1, name);
    }
  });

  it('shows positioned diagnostics for a broken YAML job file, and clears them as it is fixed', async () => {
    const uri = await writeFile('broken.job.yaml', 'job_type:\n  type: batch_crawl\n  urls: []\npriority: urgent\ntimout_secs: 30\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    const found = await diagnosticsOf(uri, 3);
    assert.deepEqual(
      found.map((d) => [at(d), d.severity, d.message]),
      [
        ['2:8-2:10', vscode.DiagnosticSeverity.Error, 'job_type.urls: must contain at least one URL'],
        ['3:10-3:16', vscode.DiagnosticSeverity.Error, "priority: expected one of Low, Normal, High, Critical, got 'urgent'"],
        ['4:0-4:11', vscode.DiagnosticSeverity.Warning, "unknown field 'timout_secs' (did you mean 'timeout_secs'?)"],
      ],
    );

    // Typing fixes the priority: the (debounced) diagnostics follow the unsaved text.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(3, 10, 3, 16), 'HIGH');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const after = await diagnosticsOf(uri, 2);
    assert.deepEqual(after.map(at), ['2:8-2:10', '4:0-4:11']);
    await doc.save();
  });

  it('shows positioned diagnostics for a broken JSON job file, with a rename quick fix', async () => {
    const uri = await writeFile('broken.job.json', '{\n  "job_type": { "type": "single_crawl", "url": 42 },\n  "priorty": "High"\n}\n');
    await vscode.workspace.openTextDocument(uri);
    const found = await diagnosticsOf(uri, 2);
    assert.deepEqual(
      found.map((d) => [at(d), d.severity, d.message]),
      [
        ['1:47-1:49', vscode.DiagnosticSeverity.Error, 'job_type.url: expected a string, got 42'],
        ['2:2-2:11', vscode.DiagnosticSeverity.Warning, "unknown field 'priorty' (did you mean 'priority'?)"],
      ],
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(2, 4, 2, 4));
    assert.ok(actions.some((a) => a.title === "Rename to 'priority'"), actions.map((a) => a.title).join(', '));
  });

  it('a JSON syntax error is a positioned diagnostic, and nothing is sent', async () => {
    const uri = await writeFile('syntax.job.json', '{ "job_type": { "type": "custom", "job_name": "x", "payload": {} }, }\n');
    await vscode.workspace.openTextDocument(uri);
    const [d] = await diagnosticsOf(uri, 1);
    assert.equal(at(d), '0:66-0:67');
    assert.match(d.message, /trailing comma/);
    const summary = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitFile', uri);
    assert.match(summary.refused ?? '', /nothing was sent.*line 1: JSON syntax: trailing comma/);
  });

  it('converts a 5-field cron expression to the server dialect with the quick fix', async () => {
    const uri = await writeFile('classic.schedule.yaml', 'name: classic_cron\ncron_expression: "0 2 * * *"\njob_template:\n  type: custom\n  job_name: Custom\n  payload: {}\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    // One diagnostic: the meaning in words is in the hover (and the CodeLens), not a second problem.
    const found = await diagnosticsOf(uri, 1);
    const dialect = found.find((d) => d.code === 'cron-dialect');
    assert.ok(dialect, 'a cron dialect warning');
    assert.equal(dialect.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(at(dialect), '1:17-1:28');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 20));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
    assert.match(hoverText, /At 02:00 AM/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, dialect.range);
    const fix = actions.find((a) => a.title.includes('0 0 2 * * *'));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(1).text, 'cron_expression: "0 0 2 * * *"');
    await until('the dialect warning to go', () => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'cron-dialect'));
    await doc.save();
  });

  it('hovering a cron expression says what it means, its next runs and the server\'s form', async () => {
    const uri = await writeFile('hover.schedule.yaml', 'name: hover_cron\ncron_expression: "*/5 * * * *"\njob_template:\n  type: custom\n  job_name: noop\n  payload: {}\n');
    await vscode.workspace.openTextDocument(uri);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 22));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
    assert.match(text, /Every 5 minutes/);
    assert.equal((text.match(/^- \d{4}-\d\d-\d\d \d\d:\d\d:00 UTC$/gm) ?? []).length, 5, text);
    // Written as text (Markdown-escaped), and said to be the form sent while the target is the server.
    assert.match(text.replace(/\\/g, ''), /The RipTide server's form: 0 \*\/5 \* \* \* \* \(it is sent in that form\)/);
    assert.match(text, /Read as classic cron: weekdays 0 or 7 = Sunday/);
    const elsewhere = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(0, 2));
    assert.ok(!elsewhere.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('Next runs'))));
  });

  it('an untitled job file stays one when its language mode changes', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: 'job_type:\n  type: batch_crawl\n  urls: []\n' });
    try {
      api.jobFiles.markUntitled(doc, 'job');
      api.jobFiles.diagnostics.update(doc);
      const [yaml] = await diagnosticsOf(doc.uri, 1);
      assert.equal(yaml.message, 'job_type.urls: must contain at least one URL');
      // VS Code "closes" and reopens the document for the new language: it is checked as JSON now.
      await vscode.languages.setTextDocumentLanguage(doc, 'json');
      await until('a JSON syntax problem on the untitled job file', () =>
        vscode.languages.getDiagnostics(doc.uri).some((d) => d.source === 'RipTide' && d.message.startsWith('JSON syntax')),
      );
    } finally {
      // An unsaved untitled document would make closing all editors ask whether to save it.
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('puts Submit and Submit and wait above each job, Create schedule above each schedule', async () => {
    const jobs = await writeFile(
      'lenses.job.yaml',
      '# three jobs\njob_type: { type: custom, job_name: lens_a, payload: {} }\n---\njob_type:\n  type: single_crawl\n  url: https://example.com\npriority: low\n---\n# the third\njob_type: { type: maintenance, task_type: health_check, parameters: {} }\n',
    );
    const jobLenses = await codeLenses(jobs);
    assert.deepEqual(
      jobLenses.map((l) => [l.range.start.line, l.command?.title, l.command?.arguments?.slice(1)]),
      [1, 3, 9].flatMap((line, index) => [
        [line, '$(rocket) Submit', [index, false]],
        [line, 'Submit and wait', [index, true]],
      ]),
    );

    const schedules = await writeFile(
      'lenses.schedule.json',
      '[\n  { "name": "a", "cron_expression": "0 0 0 1 1 *", "job_template": { "type": "custom", "job_name": "n", "payload": {} } },\n  { "name": "b", "cron_expression": "0 3 1 1 *", "job_template": { "type": "custom", "job_name": "n", "payload": {} } }\n]\n',
    );
    const scheduleLenses = await codeLenses(schedules);
    assert.deepEqual(scheduleLenses.map((l) => l.range.start.line), [1, 2]);
    assert.match(scheduleLenses[0].command?.title ?? '', /^\$\(calendar\) Create schedule · At 12:00 AM, on day 1 of the month, only in January, next in \d+ ?\w+/);
    assert.match(scheduleLenses[1].command?.title ?? '', /Create schedule · At 03:00 AM/);
  });

  it('submits every job of a multi-job file to the server, remembered for Submit again', async () => {
    const uri = await writeFile('three.job.yaml', customJobs(['multi_a', 'multi_b', 'multi_c']));
    const summary = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitFile', uri);
    assert.equal(summary.refused, undefined);
    assert.equal(summary.submitted.length, 3);
    assert.deepEqual(summary.failed, []);
    assert.match(summary.message, /^Submitted 3 of 3 jobs from jobfiles-tests\/three\.job\.yaml\.$/);
    for (const id of summary.submitted) {
      const status = await client.getJobStatus(id);
      assert.equal(status.job_id, id);
      assert.ok(api.knownJobs.has(id));
    }
    const names = summary.submitted.map((id) => (api.knownJobs.get(id)!.definition.job_type as { job_name: string }).job_name);
    assert.deepEqual(names, ['multi_a', 'multi_b', 'multi_c']);
  });

  it('refuses a file with an invalid job, naming the problem and its line, and sends nothing', async () => {
    const uri = await writeFile('half.job.yaml', `${customJobs(['fine'])}---\njob_type:\n  type: custom\n  job_name: bad\n  payload: {}\npriority: urgent\n`);
    const before = await total();
    const summary = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitFile', uri);
    assert.equal(
      summary.refused,
      "jobfiles-tests/half.job.yaml has 1 problem; nothing was sent. First: line 10: priority: expected one of Low, Normal, High, Critical, got 'urgent'",
    );
    assert.deepEqual(summary.submitted, []);
    assert.equal(await total(), before);
    // The valid job on its own (its CodeLens) may still go.
    const one = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitEntry', uri, 0, false);
    assert.equal(one.submitted.length, 1);
    assert.equal(await total(), before + 1);
  });

  it('cancelled mid-way: sends some but not all, and the summary counts the rest as cancelled', async () => {
    const count = 150;
    const uri = await writeFile('many.job.yaml', customJobs(Array.from({ length: count }, (_, i) => `bulk_${i}`)));
    const before = await total();
    const stop = new AbortController();
    const summary = await api.jobFiles.submitter.submitFile(uri, undefined, {
      signal: stop.signal,
      onProgress: ({ done }) => done === 10 && stop.abort(),
    });
    const sent = summary.submitted.length;
    assert.ok(sent >= 10 && sent < count, `sent ${sent}`);
    assert.deepEqual(summary.failed, []);
    assert.equal(summary.cancelled, count - sent);
    assert.equal(summary.message, `Submitted ${sent} of ${count} jobs from jobfiles-tests/many.job.yaml. ${count - sent} not sent (cancelled).`);
    // Exactly the jobs reported as sent exist: none was cut off half-way.
    assert.equal(await total(), before + sent);
  });

  it('Submit and wait: returns once the job has finished, with its result', async () => {
    const uri = await writeFile('wait.job.json', JSON.stringify({ job_type: { type: 'custom', job_name: 'wait_for_me', payload: { n: 1 } }, priority: 'critical' }));
    const outcome = await vscode.commands.executeCommand<WaitOutcome>('riptide.submitEntry', uri, 0, true);
    assert.equal(outcome.error, undefined);
    assert.equal(outcome.jobId, outcome.summary.submitted[0]);
    assert.equal(outcome.result?.job_id, outcome.jobId);
    assert.equal(outcome.result?.success, true);
    assert.equal((await client.getJobStatus(outcome.jobId!)).status, 'Completed');
  });

  it('creating schedules stops when cancelled, and counts the ones not sent', async () => {
    const name = `cancel_${Date.now()}`;
    const uri = await writeFile(
      'cancel.schedule.yaml',
      [1, 2, 3].map((i) => `name: ${name}_${i}\ncron_expression: "0 0 3 1 1 *"\njob_template: { type: custom, job_name: c, payload: {} }\nenabled: false\n`).join('---\n'),
    );
    const stop = new AbortController();
    const progress: number[] = [];
    const summary = await api.jobFiles.submitter.submitFile(uri, undefined, {
      signal: stop.signal,
      onProgress: ({ done }) => {
        progress.push(done);
        stop.abort();
      },
    });
    try {
      assert.deepEqual(progress, [1]);
      assert.equal(summary.schedules.length, 1);
      assert.equal(summary.cancelled, 2);
      assert.equal(summary.message, 'Created 1 of 3 schedules from jobfiles-tests/cancel.schedule.yaml. 2 not sent (cancelled).');
      assert.deepEqual((await client.listSchedules()).filter((s) => s.name.startsWith(name)).map((s) => s.name), [`${name}_1`]);
    } finally {
      for (const s of summary.schedules) await client.deleteSchedule(s.id);
    }
  });

  it('creates a schedule from a schedule file, sending a classic cron in the server\'s dialect', async () => {
    const name = `yearly_${Date.now()}`;
    const uri = await writeFile(
      'yearly.schedule.yaml',
      `name: ${name}_server\ncron_expression: "0 0 0 1 1 *"\njob_template: { type: custom, job_name: yearly, payload: {} }\nenabled: false\n---\n` +
        `name: ${name}_classic\ncron_expression: "0 3 1 1 *"\njob_template: { type: custom, job_name: yearly, payload: {} }\nenabled: false\n`,
    );
    const lenses = await codeLenses(uri);
    assert.equal(lenses.length, 2);
    const created: string[] = [];
    try {
      for (const lens of lenses) {
        const summary = await vscode.commands.executeCommand<SubmitSummary>(lens.command!.command, ...lens.command!.arguments!);
        assert.equal(summary.schedules.length, 1, summary.message);
        created.push(summary.schedules[0].id);
      }
      const onServer = (await client.listSchedules()).filter((s) => s.name.startsWith(name));
      assert.deepEqual(
        onServer.map((s) => [s.name, s.cron_expression, s.enabled]).sort(),
        [
          [`${name}_classic`, '0 0 3 1 1 *', false],
          [`${name}_server`, '0 0 0 1 1 *', false],
        ],
      );
    } finally {
      for (const id of created) await client.deleteSchedule(id);
    }
  });

  it('"Create Schedule" with a schedule file sends it as Submit Job File does, remembering each schedule\'s file; any other file is refused', async () => {
    const name = `create_cmd_${Date.now()}`;
    const uri = await writeFile('create-cmd.schedule.yaml', `name: ${name}\ncron_expression: "0 0 5 * * *"\njob_template: { type: custom, job_name: noop, payload: {} }\nenabled: false\n`);
    const summary = await vscode.commands.executeCommand<SubmitSummary>('riptide.schedules.create', uri);
    try {
      assert.equal(summary.schedules.length, 1, summary.message);
      assert.equal(summary.schedules[0].name, name);
      const known = api.knownSchedules.get(summary.schedules[0].id);
      assert.ok(known, 'the schedule is remembered');
      assert.match(JSON.stringify(known), /create-cmd\.schedule\.yaml/, 'with its file');
    } finally {
      for (const s of summary?.schedules ?? []) await client.deleteSchedule(s.id);
    }
    const jobFile = await writeFile('not-a-schedule.job.yaml', 'job_type: { type: custom, job_name: noop, payload: {} }\n');
    const before = await total();
    assert.equal(await vscode.commands.executeCommand('riptide.schedules.create', jobFile), undefined);
    assert.equal(await total(), before, 'a job file given to Create Schedule sends nothing');
  });

  it('a schedule created from a file shows in the Schedules view at once', async () => {
    const schedules = api.sidebar.schedules;
    await vscode.commands.executeCommand('riptide.schedules.focus');
    await until('the Schedules view loaded', async () => {
      await api.refresher.refreshNow();
      return schedules.treeView.visible && schedules.status.everLoaded;
    });
    const name = `from_file_${Date.now()}`;
    const uri = await writeFile('instant.schedule.yaml', `name: ${name}\ncron_expression: "0 0 4 * * *"\njob_template: { type: custom, job_name: noop, payload: {} }\nenabled: false\n`);
    const before = schedules.listRequests;
    const [lens] = await codeLenses(uri);
    const summary = await vscode.commands.executeCommand<SubmitSummary>(lens.command!.command, ...lens.command!.arguments!);
    try {
      assert.equal(summary.schedules.length, 1, summary.message);
      // No refresh asked for here: the view shows it as soon as the command returns...
      const shown = schedules.getChildren().find((n): n is ScheduleNode => n.kind === 'schedule' && n.id === summary.schedules[0].id);
      assert.ok(shown, 'the new schedule is in the view');
      assert.equal(schedules.getTreeItem(shown).label, name);
      // ...and the list is read again (a new schedule moves no queue figure the usual rule watches).
      await until('the Schedules view read the list again', () => schedules.listRequests > before);
    } finally {
      for (const s of summary.schedules) await client.deleteSchedule(s.id);
    }
  });

  it('a job from a file that completes with a failed result: named in words, and counted in the status bar, Workers view and dashboard', async () => {
    const task = `no_such_task_${Date.now()}`;
    const uri = await writeFile('failing.job.yaml', `job_type:\n  type: maintenance\n  task_type: ${task}\n  parameters: {}\n`);
    const seenBefore = api.completedFailures.count;
    const finished = new Promise<{ jobId: string; label: string; succeeded: boolean }>((resolve) => {
      const sub = api.watcher.onDidFinish((job) => {
        if (job.label.includes(task)) {
          sub.dispose();
          resolve(job);
        }
      });
    });
    const summary = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitFile', uri);
    assert.equal(summary.submitted.length, 1, summary.message);
    const watched = until('the watcher to see the job finish', async () => {
      await api.refresher.refreshNow();
      return !api.watcher.isWatching(summary.submitted[0]);
    });
    const [job] = await Promise.all([finished, watched]);
    // The notification's label: the same words as the Jobs view, never "maintenance:...".
    assert.equal(job.label, `Maintenance · ${task}`);
    assert.equal(job.succeeded, false);
    assert.equal(api.completedFailures.count, seenBefore + 1);

    await api.refresher.refreshNow();
    const tooltip = api.statusBar.tooltipText.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'); // Markdown escapes off
    assert.match(tooltip, /\d+ completed jobs? seen here had a failed result \(the server counts them as completed\)/);

    const workers = api.sidebar.workers;
    await vscode.commands.executeCommand('riptide.workers.focus');
    const rows = await until('the Workers view rows', async () => {
      workers.invalidate();
      await api.refresher.refreshNow();
      const found = workers.getChildren().filter((n): n is WorkerRowNode => n.kind === 'workerRow');
      return found.length > 0 && found;
    });
    const failed = rows.find((r) => r.row.key === 'failed');
    assert.match(failed?.row.value ?? '', new RegExp(`and ${api.completedFailures.count} completed jobs? seen here had a failed result`));
    assert.match(rows.find((r) => r.row.key === 'success')?.row.value ?? '', /as the server counts · \d+ completed jobs? seen here/);

    await vscode.commands.executeCommand('riptide.openDashboard');
    const count = await until('the dashboard to carry the count', async () => {
      await api.refresher.refreshNow();
      return api.dashboard.current?.view?.completedFailures;
    });
    assert.equal(count, api.completedFailures.count);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
  it('warns on numeric weekdays in the server dialect, naming the days they run there, and fixes them to names', async () => {
    const uri = await writeFile('weekdays.schedule.yaml', 'name: weekdays\ncron_expression: "0 0 9 * * 1-5"\njob_template:\n  type: custom\n  job_name: Custom\n  payload: {}\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    const [warning] = await diagnosticsOf(uri, 1);
    assert.equal(warning.code, 'cron-weekday-numbers');
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(at(warning), '1:28-1:31', 'on the weekday field');
    assert.match(warning.message, /weekday '1-5' runs Sunday to Thursday on the RipTide server.*did you mean MON-FRI\?/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(1, 22));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
    assert.match(hoverText, /Sunday through Thursday/);
    assert.match(hoverText, /Read as the RipTide server's cron: weekdays 1 = Sunday to 7 = Saturday/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range);
    const fix = actions.find((a) => a.title === 'Write the weekdays as names: 0 0 9 * * MON-FRI');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(1).text, 'cron_expression: "0 0 9 * * MON-FRI"');
    await until('the weekday warning to go', () => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'cron-weekday-numbers'));
    await doc.save();
  });

  it('a classic schedule file created against a RipTide-mode server runs on the weekdays classic cron means', async () => {
    const riptide = await startWorkersServer({ port: 0, riptide: { rateLimitPerMinute: 0 } });
    const own = new WorkersClient({ baseUrl: riptide.url });
    try {
      await setSetting('serverUrl', riptide.url);
      await until('the extension to use the RipTide-mode server', () => api.connection.serverUrl === riptide.url);
      const cases: Array<[string, string, number[]]> = [
        ['weekdays', '0 9 * * 1-5', [1, 2, 3, 4, 5]],
        ['sundays', '30 6 * * 0', [0]],
        ['sundays_seven', '30 6 * * 7', [0]],
        ['weekend', '0 12 * * 6,0', [0, 6]],
      ];
      const text = cases
        .map(([name, cron]) => `name: ${name}\ncron_expression: "${cron}"\njob_template: { type: custom, job_name: Custom, payload: {} }\n`)
        .join('---\n');
      const uri = await writeFile('classic-weekdays.schedule.yaml', text);
      const summary = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitFile', uri);
      assert.equal(summary.refused, undefined, summary.message);
      assert.equal(summary.schedules.length, cases.length, summary.message);
      const onServer = await own.listSchedules();
      for (const [name, , days] of cases) {
        const s = onServer.find((x) => x.name === name);
        assert.ok(s, name);
        assert.doesNotMatch(s.cron_expression, /\d+$/, `${name}: sent with weekday names (${s.cron_expression})`);
        const next = new Date(s.next_execution_at!);
        assert.ok(days.includes(next.getUTCDay()), `${name} (${s.cron_expression}) next runs on day ${next.getUTCDay()}`);
      }
      assert.equal(onServer.find((x) => x.name === 'weekdays')?.cron_expression, '0 0 9 * * MON-FRI');

      // The classic OR of both day fields has no server form: refused in the editor, nothing sent.
      const or = await writeFile('classic-or.schedule.yaml', 'name: first_or_monday\ncron_expression: "0 9 1 * 1"\njob_template: { type: custom, job_name: Custom, payload: {} }\n');
      const refused = await vscode.commands.executeCommand<SubmitSummary>('riptide.submitFile', or);
      assert.match(refused.refused ?? '', /nothing was sent.*both match/);
      assert.equal((await own.listSchedules()).length, cases.length);
    } finally {
      await setSetting('serverUrl', testServerUrl());
      await own.close();
      await riptide.close();
    }
  });
  it('files and watches jobs under the server they were sent to, when another is chosen while they are being sent', async () => {
    const gated = await gatedServer();
    try {
      await setSetting('serverUrl', gated.url);
      await until('the extension to use the gated server', () => api.connection.serverUrl === gated.url);
      const uri = await writeFile('switched.job.yaml', customJobs(['first', 'second']));
      const sending = api.jobFiles.submitter.submitFile(uri);
      await until('both jobs at the gate', () => gated.held() === 2);
      await setSetting('serverUrl', testServerUrl());
      await until('the extension to use the test server', () => api.connection.serverUrl === testServerUrl());
      gated.open();
      const summary = await sending;
      assert.equal(summary.submitted.length, 2, summary.message);
      for (const id of summary.submitted) {
        assert.equal(api.knownJobs.get(id), undefined, `${id} is not filed under the server chosen meanwhile`);
        assert.equal(api.trace.find(id), undefined, `${id}'s run is not in the other server's history`);
        assert.ok(api.watcher.isWatching(id), `${id} is still watched, for when its server is in use again`);
      }

      await setSetting('serverUrl', gated.url);
      await until('the extension to use the gated server again', () => api.connection.serverUrl === gated.url);
      for (const id of summary.submitted) assert.equal(api.knownJobs.get(id)?.definition.job_type.type, 'custom', `${id} is known on its own server`);
      await until('the watcher to see both finish on their server', async () => {
        await api.refresher.refreshNow();
        return summary.submitted.every((id) => api.trace.find(id)?.outcome === 'succeeded');
      }, 20_000);
    } finally {
      await setSetting('serverUrl', testServerUrl());
      await gated.close();
    }
  });

  it('creates every schedule of a file on the server in use when it was sent, when another is chosen meanwhile', async () => {
    const gated = await gatedServer();
    const behind = new WorkersClient({ baseUrl: gated.behind });
    try {
      await setSetting('serverUrl', gated.url);
      await until('the extension to use the gated server', () => api.connection.serverUrl === gated.url);
      const names = ['gated_one', 'gated_two', 'gated_three'];
      const uri = await writeFile('switched.schedule.yaml', names.map((n) => `name: ${n}\ncron_expression: "0 0 3 * * *"\njob_template: { type: custom, job_name: Custom, payload: {} }\n`).join('---\n'));
      const sending = api.jobFiles.submitter.submitFile(uri);
      await until('the first schedule at the gate', () => gated.held() === 1);
      await setSetting('serverUrl', testServerUrl());
      await until('the extension to use the test server', () => api.connection.serverUrl === testServerUrl());
      gated.open();
      const summary = await sending;
      assert.equal(summary.schedules.length, names.length, summary.message);
      assert.deepEqual((await behind.listSchedules()).map((s) => s.name).sort(), [...names].sort(), 'all on the server the file was sent to');
      assert.deepEqual((await client.listSchedules()).filter((s) => names.includes(s.name)), [], 'none on the one chosen meanwhile');
    } finally {
      await setSetting('serverUrl', testServerUrl());
      await behind.close();
      await gated.close();
    }
  });
});
