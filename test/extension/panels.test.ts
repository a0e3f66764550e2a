// The job panel and the queue dashboard in a real extension host, against the real local
// server: what each panel posts to its webview for completed, failed, running, unknown and
// expired jobs; live updates until a job finishes and no polling after; restore by the
// serializers; the dashboard's figures and its pause while hidden.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { WorkersClient, type JobConfig } from '../../src/api';
import type { RipTideExtensionApi } from '../../src/extension/main';
import type { DashboardPanel } from '../../src/extension/panels/dashboardPanel';
import type { JobPanel } from '../../src/extension/panels/jobPanel';
import type { HostToJobMessage, JobView, ResultView } from '../../src/common/messages';
import { startWorkersServer } from '../../src/server';
import { extensionApi, setSetting, testServerUrl, until } from './helpers';

type Posted<K extends HostToJobMessage['type']> = Extract<HostToJobMessage, { type: K }>;

function lastJob(panel: JobPanel): JobView | undefined {
  return (panel.poster.last('job') as Posted<'job'> | undefined)?.job;
}

function lastResult(panel: JobPanel): ResultView | undefined {
  return (panel.poster.last('result') as Posted<'result'> | undefined)?.result;
}

async function openDetails(api: RipTideExtensionApi, arg: unknown, jobId: string): Promise<JobPanel> {
  await vscode.commands.executeCommand('riptide.job.openDetails', arg);
  return until(`a panel for ${jobId}`, () => api.jobPanels.get(jobId));
}

/** Waits until the panel posted a result in `state` and returns it. */
async function resultOf<S extends ResultView['state']>(panel: JobPanel, state: S, timeoutMs = 15_000): Promise<Extract<ResultView, { state: S }>> {
  return until(`a '${state}' result from the panel of ${panel.jobId}`, () => {
    const r = lastResult(panel);
    return r?.state === state ? (r as Extract<ResultView, { state: S }>) : undefined;
  }, timeoutMs);
}

/** Closes an untitled document without the "Save?" prompt that would block the run. */
async function discard(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('panels', function () {
  this.timeout(60_000);
  let api: RipTideExtensionApi;
  let client: WorkersClient;

  const submit = async (config: JobConfig) => (await client.submitJob(config)).job_id;

  before(async () => {
    api = await extensionApi();
    client = new WorkersClient({ baseUrl: testServerUrl() });
    await setSetting('pollIntervalSeconds', 1);
  });

  afterEach(async () => {
    api.jobPanels.dispose();
    api.dashboard.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await setSetting('pollIntervalSeconds', undefined);
    await client.close();
  });

  it('shows a completed job: status, facts, metadata as given, definition, and the custom result', async () => {
    const definition: JobConfig = {
      job_type: { type: 'custom', job_name: 'panel_echo', payload: { greeting: 'hello', n: 3 } },
      priority: 'High',
      metadata: { source: 'panels-test', hostile: '<img src=x onerror=alert(1)>', link: 'javascript:alert(2)' },
      timeout_secs: 120,
    };
    const jobId = await submit(definition);
    await api.knownJobs.add({ jobId, definition, submittedAt: new Date().toISOString() });
    await client.waitForJob(jobId, { pollInterval: 0.1, timeout: 20 });

    const panel = await openDetails(api, jobId, jobId);
    const result = await resultOf(panel, 'ready');
    const job = await until('the job view', () => lastJob(panel));
    assert.equal(job.tone, 'completed');
    assert.equal(job.finished, true);
    assert.match(job.title, /^Custom · panel_echo · [0-9a-f]{8}$/);
    assert.equal(panel.panel.title, job.title);
    const facts = Object.fromEntries(job.facts);
    assert.equal(facts.Priority, 'High');
    assert.equal(facts.Timeout, '120 s');
    assert.match(facts.Worker, /^worker-\d+$/);
    // Metadata goes to the webview as the server gave it; the webview renders it as text.
    assert.deepEqual(Object.fromEntries(job.metadata), definition.metadata);
    assert.ok(job.definition?.includes('"panel_echo"'));
    assert.deepEqual(job.timeline.map((e) => e.label), ['Created', 'Started', 'Completed']);

    assert.equal(result.success, true);
    assert.equal(result.body.kind, 'custom');
    if (result.body.kind !== 'custom') return;
    assert.equal(result.body.jobName, 'panel_echo');
    assert.deepEqual(JSON.parse(result.body.payload), { greeting: 'hello', n: 3 });
    assert.equal(Object.fromEntries(result.body.processingInfo).status, 'processed');

    // Opening the same job again reveals the same panel.
    await vscode.commands.executeCommand('riptide.job.openResult', jobId);
    assert.equal(api.jobPanels.all.length, 1);
    assert.ok(panel.poster.last('reveal'), 'openResult asks the webview to scroll to the result');
  });

  it('"Open raw JSON" opens the whole result as a read-only riptide-job: JSON document', async () => {
    const jobId = await submit({ job_type: { type: 'custom', job_name: 'raw', payload: { list: [1, 2, 3] } } });
    await client.waitForJob(jobId, { pollInterval: 0.1, timeout: 20 });
    const panel = await openDetails(api, jobId, jobId);
    await resultOf(panel, 'ready');
    await panel.handleMessage({ type: 'openRaw' });
    const editor = await until('a JSON editor', () => (vscode.window.activeTextEditor?.document.languageId === 'json' ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.document.uri.scheme, 'riptide-job');
    const shown = JSON.parse(editor.document.getText()) as { job_id: string; data: { input_payload: unknown } };
    assert.equal(shown.job_id, jobId);
    assert.deepEqual(shown.data.input_payload, { list: [1, 2, 3] });
    await discard(editor.document);
  });

  it('shows a failed job (dead letter after its only attempt) with the error prominent', async () => {
    const jobId = await submit({ job_type: { type: 'custom', job_name: 'flaky', payload: { fail_times: 5 } }, retry_config: { max_attempts: 1 } });
    // A tree node as the Jobs view passes it: the list item brings type and priority.
    const node = { kind: 'job', id: jobId, item: { job_id: jobId, job_type: 'custom:flaky', priority: 'Low' } };
    const panel = await openDetails(api, node, jobId);
    const result = await resultOf(panel, 'ready', 20_000);
    const job = await until('the dead-letter job view', () => (lastJob(panel)?.finished ? lastJob(panel) : undefined));
    assert.equal(job.tone, 'deadletter');
    assert.match(job.title, /^Custom · flaky · /);
    assert.equal(Object.fromEntries(job.facts).Priority, 'Low');
    assert.match(job.lastError ?? '', /flaky: planned failure 1 of 5/);
    const attempt = job.timeline.find((e) => e.label === 'Attempt 1 failed');
    assert.match(attempt?.detail ?? '', /planned failure 1 of 5/);
    assert.equal(job.timeline[job.timeline.length - 1].label, 'Moved to dead letter');
    assert.equal(result.success, false);
    assert.match(result.error ?? '', /planned failure 1 of 5/);
  });

  it('updates a running job live until it finishes, then stops polling', async () => {
    const jobId = await submit({ job_type: { type: 'custom', job_name: 'sleep', payload: { ms: 5000 } } });
    await until('the sleep job to start', async () => (await client.getJobStatus(jobId)).status === 'Processing', 10_000);
    const panel = await openDetails(api, jobId, jobId);

    const running = await until('a running job view', () => (lastJob(panel)?.tone === 'processing' ? lastJob(panel) : undefined));
    assert.equal(running.finished, false);
    assert.equal(running.timeline[running.timeline.length - 1].label, 'Running…');
    assert.equal((await resultOf(panel, 'waiting')).message, 'No result yet: the job is processing.');
    assert.equal(panel.isActive(), true, 'an open, unfinished job is a task of the refresher');

    // The refresher (1 s interval) reads it again until it finishes.
    const readsWhileRunning = panel.statusReads;
    const done = await until('the job view to turn completed', () => (lastJob(panel)?.tone === 'completed' ? lastJob(panel) : undefined), 20_000);
    assert.ok(panel.statusReads > readsWhileRunning + 1, `read ${panel.statusReads - readsWhileRunning} more time(s) while running`);
    assert.equal(done.finished, true);
    assert.equal((await resultOf(panel, 'ready')).success, true);

    // Finished: no more reads, however many ticks run.
    assert.equal(panel.isActive(), false);
    const reads = panel.statusReads;
    const posted = panel.poster.posted.length;
    await api.refresher.refreshNow();
    await api.refresher.refreshNow();
    assert.equal(panel.statusReads, reads);
    assert.equal(panel.poster.posted.length, posted);
  });

  it('says plainly that an unknown job id is unknown', async () => {
    const jobId = '00000000-0000-4000-8000-000000000000';
    const panel = await openDetails(api, jobId, jobId);
    const unknown = await until('the unknown message', () => panel.poster.last('unknown') as Posted<'unknown'> | undefined);
    assert.match(unknown.message, /does not know job 00000000-0000-4000-8000-000000000000/);
    assert.equal(panel.isActive(), false, 'an unknown job is not polled');
  });

  it('says plainly that an expired result has expired', async () => {
    // A server of its own that keeps results for half a second.
    const server = await startWorkersServer({ port: 0, resultTtlSecs: 0.5 });
    const own = new WorkersClient({ baseUrl: server.url });
    try {
      await setSetting('serverUrl', server.url);
      await until('the connection to use the short-lived server', () => api.connection.serverUrl === server.url);
      const jobId = (await own.submitJob({ job_type: { type: 'custom', job_name: 'brief', payload: {} } })).job_id;
      await own.waitForJob(jobId, { pollInterval: 0.05, timeout: 10 });
      await until('the result to expire', async () => {
        try {
          await own.getJobResult(jobId);
          return false;
        } catch {
          return true;
        }
      });
      const panel = await openDetails(api, jobId, jobId);
      const missing = await resultOf(panel, 'missing');
      assert.match(missing.message, /expired/);
      assert.equal(lastJob(panel)?.tone, 'completed');
    } finally {
      await setSetting('serverUrl', testServerUrl());
      await own.close();
      await server.close();
    }
  });

  it('restores a job panel and the dashboard from their saved state after a reload', async () => {
    const jobId = await submit({ job_type: { type: 'custom', job_name: 'restored', payload: { ok: true } } });
    await client.waitForJob(jobId, { pollInterval: 0.1, timeout: 20 });

    // What VS Code does after a reload: a bare panel of the view type, handed to the serializer with the webview's state.
    const bare = vscode.window.createWebviewPanel('riptide.job', 'restoring', vscode.ViewColumn.Active, {});
    await api.jobPanels.deserializeWebviewPanel(bare, { jobId, typeLabel: 'custom:restored', sort: { column: 'time', descending: true } });
    const panel = await until('the restored panel', () => api.jobPanels.get(jobId));
    assert.equal(panel.panel, bare);
    assert.ok(bare.webview.html.includes("default-src 'none'"), 'the page was set on the restored panel');
    assert.equal((await resultOf(panel, 'ready')).success, true);
    assert.match(lastJob(panel)?.title ?? '', /^Custom · restored · /);

    // A state without a job id is not a panel to restore.
    const broken = vscode.window.createWebviewPanel('riptide.job', 'broken', vscode.ViewColumn.Active, {});
    let disposed = false;
    broken.onDidDispose(() => (disposed = true));
    await api.jobPanels.deserializeWebviewPanel(broken, undefined);
    assert.equal(disposed, true);

    const samples = [
      { t: Date.now() - 6000, completed: 1, failed: 0 },
      { t: Date.now() - 3000, completed: 4, failed: 1 },
    ];
    const bareDashboard = vscode.window.createWebviewPanel('riptide.dashboard', 'restoring', vscode.ViewColumn.Active, {});
    await api.dashboard.deserializeWebviewPanel(bareDashboard, { samples });
    const dashboard = await until('the restored dashboard', () => api.dashboard.current);
    await until('stats from the restored dashboard', () => dashboard.poster.last('stats'));
    assert.deepEqual(dashboard.samples.slice(0, 2), samples, 'the chart keeps the samples from before the reload');
    // A tick posts only its new sample; the webview gets them all when it (re)loads.
    const stats = dashboard.poster.last('stats');
    assert.deepEqual(stats?.type === 'stats' && stats.sample, dashboard.samples[dashboard.samples.length - 1]);
    await dashboard.handleMessage({ type: 'ready' });
    const history = dashboard.poster.last('history');
    assert.deepEqual(history?.type === 'history' && history.samples.slice(0, 2), samples, 'the chart keeps the samples from before the reload');
  });

  it('the dashboard shows the queue stats, worker health and metrics, and pauses while hidden', async () => {
    await vscode.commands.executeCommand('riptide.openDashboard');
    const dashboard: DashboardPanel = await until('the dashboard', () => api.dashboard.current);
    assert.ok(dashboard.panel.webview.html.includes('script-src \'nonce-'));

    // The figures match the server's queue stats when the queue is still.
    await until('figures equal to GET /workers/stats/queue', async () => {
      await api.refresher.refreshNow();
      const view = dashboard.view;
      const q = await client.getQueueStats();
      return (
        view !== undefined &&
        view.queue.pending === q.pending &&
        view.queue.delayed === q.delayed &&
        view.queue.processing === q.processing &&
        view.queue.retrying === q.retry &&
        view.queue.completed === q.completed &&
        view.queue.deadLetter === q.failed
      );
    });
    const view = dashboard.view!;
    const workers = await client.getWorkerStats();
    assert.equal(view.workers?.total, workers.total_workers);
    assert.equal(view.workers?.healthy, workers.healthy_workers);
    const metrics = await client.getMetrics();
    assert.ok(view.metrics && view.metrics.perType.length > 0);
    assert.equal(view.metrics.submitted, metrics.jobs_submitted);
    assert.equal(view.metrics.perType.length, Object.keys(metrics.job_type_stats).length);
    assert.ok(dashboard.samples.length >= 2, 'every read adds a chart sample');

    // Hidden behind another editor in the same group: no reads.
    const doc = await vscode.workspace.openTextDocument({ content: 'covering the dashboard' });
    await vscode.window.showTextDocument(doc, { viewColumn: dashboard.panel.viewColumn, preview: false });
    await until('the dashboard to be hidden', () => !dashboard.panel.visible);
    const reads = dashboard.reads;
    await api.refresher.refreshNow();
    await api.refresher.refreshNow();
    assert.equal(dashboard.reads, reads);
    assert.equal(dashboard.isActive(), false);

    // Shown again: it reads at once (the refresher is woken).
    dashboard.panel.reveal();
    await until('a read after being shown again', () => dashboard.reads > reads, 10_000);
    await discard(doc);
  });
});
