// The sidebar in a real extension host, against real local Workers servers started here (paused,
// so the queue holds still): group counts, paging, filters and search, context values against
// the manifest's menus, a job moving between groups, a quiet refresh's cost, and the error states.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { WorkersClient, type JobConfig } from '../../src/api';
import type { RipTideExtensionApi } from '../../src/extension/main';
import { startWorkersServer, type JobEvent, type WorkersServer } from '../../src/server';
// Types only: the extension runs from its bundle, so its classes are not these modules' classes
// (`instanceof` would fail); nodes are told apart by their `kind`.
import type { JobEntry, JobGroup, GroupKey } from '../../src/core/views/jobsModel';
import type { LoadMoreNode, JobsView } from '../../src/extension/views/jobsView';
import type { MessageNode } from '../../src/extension/views/messageNode';
import type { ScheduleNode } from '../../src/extension/views/schedulesView';
import type { WorkerRowNode } from '../../src/extension/views/workersView';
import { EXTENSION_ID, extensionApi, setSetting, testServerUrl, until } from './helpers';

const JOBS = 120;

function customJob(i: number): JobConfig {
  return { job_type: { type: 'custom', job_name: i % 2 ? 'odd' : 'even', payload: { i } }, metadata: { batch: i < 20 ? 'first-twenty' : 'rest' } };
}

async function pointAt(api: RipTideExtensionApi, url: string): Promise<void> {
  await setSetting('serverUrl', url);
  await until(`the connection to use ${url}`, () => api.connection.serverUrl === url);
  await api.refresher.refreshNow();
}

/** Expands a group in the real tree (as a click would) and waits for its first page. */
async function expand(view: JobsView, key: GroupKey): Promise<JobGroup> {
  const group = view.model.group(key);
  await view.treeView.reveal(group, { expand: true });
  await until(`${key} to be expanded and loaded`, () => group.expanded && group.loaded);
  return group;
}

/** The contextValue patterns of the manifest's view/item/context menus, by command. */
function menuPatterns(): Array<{ command: string; view: string; pattern: RegExp }> {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when: string }>> } };
  return manifest.contributes.menus['view/item/context'].map((m) => ({
    command: m.command,
    view: /view == (\S+)/.exec(m.when)?.[1] ?? '',
    pattern: new RegExp(/viewItem =~ \/(.+)\/$/.exec(m.when)?.[1] ?? '$^'),
  }));
}

/** A tooltip's Markdown as the text it shows (escapes and non-breaking spaces undone). */
function plain(tooltip: vscode.TreeItem['tooltip']): string {
  const md = tooltip as vscode.MarkdownString;
  return md.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1').replace(/\*\*/g, '');
}

function commandsOffered(view: string, contextValue: string): string[] {
  return [...new Set(menuPatterns().filter((m) => m.view === view && m.pattern.test(contextValue)).map((m) => m.command))].sort();
}

describe('sidebar views', function () {
  this.timeout(90_000);
  let api: RipTideExtensionApi;
  let jobs: JobsView;
  let server: WorkersServer;
  let client: WorkersClient;
  let submitted: string[] = [];
  const requests: string[] = [];

  before(async () => {
    api = await extensionApi();
    jobs = api.sidebar.jobs;
    server = await startWorkersServer({ port: 0, paused: true, log: (line) => /^(GET|POST|DELETE) /.test(line) && requests.push(line) });
    client = new WorkersClient({ baseUrl: server.url });
    const outcomes = await client.submitMany(Array.from({ length: JOBS }, (_, i) => customJob(i)));
    submitted = outcomes.map((o) => (o.ok ? o.jobId : assert.fail(o.error.message)));
    await setSetting('pageSize', 25);
    await vscode.commands.executeCommand('riptide.jobs.focus');
    await until('the Jobs view to be visible', () => jobs.treeView.visible);
    await pointAt(api, server.url);
  });

  after(async () => {
    await vscode.commands.executeCommand('riptide.jobs.clearFilter');
    await setSetting('pageSize', undefined);
    await setSetting('serverUrl', testServerUrl());
    await client.close();
    await server.close();
  });

  it('shows the six groups with the queue stats\' counts', async () => {
    await api.refresher.refreshNow();
    const stats = await client.getQueueStats();
    assert.equal(stats.pending, JOBS);
    const roots = jobs.rootElements();
    assert.deepEqual(roots.filter((r) => r?.kind === 'group').map((g) => (g as JobGroup).def.label), ['Pending', 'Delayed', 'Processing', 'Retrying', 'Completed', 'Dead letter']);
    for (const group of jobs.model.groups) {
      assert.equal(group.count, group.def.count(stats), group.def.label);
      assert.equal(jobs.getTreeItem(group).description, group.def.count(stats).toLocaleString('en-US'));
    }
  });

  it('pages through a group with Load more, every job exactly once, one request per page', async () => {
    const before = jobs.listRequests;
    const pending = await expand(jobs, 'pending');
    assert.equal(pending.entries.length, 25);
    let children = await jobs.getChildren(pending);
    assert.ok(children.at(-1)?.kind === 'loadMore', 'a Load more node ends a partial group');
    while (pending.hasMore) await vscode.commands.executeCommand('riptide.jobs.loadMore', children.at(-1));
    children = await jobs.getChildren(pending);
    const ids = children.filter((c): c is JobEntry => c.kind === 'job').map((e) => e.id);
    assert.equal(ids.length, JOBS);
    assert.deepEqual(new Set(ids), new Set(submitted));
    assert.ok(!children.some((c) => c?.kind === 'loadMore'), 'no Load more once the last page came back short');
    assert.equal(jobs.listRequests - before, Math.ceil((JOBS + 1) / 25), 'one request per page');
  });

  it('a refresh where nothing changed costs one request: the queue stats', async () => {
    await api.refresher.refreshNow(); // settle: every visible view has read what it needs
    requests.length = 0;
    await api.refresher.refreshNow();
    assert.deepEqual(requests.map((r) => r.split(' ').slice(0, 2).join(' ')), ['GET /workers/stats/queue']);
  });

  it('filters by job type and searches, shows the filter in the description, and clears it', async () => {
    const pending = jobs.model.group('pending');
    await vscode.commands.executeCommand('riptide.jobs.filterByType', 'custom:odd');
    assert.match(jobs.treeView.description ?? '', /type: custom:odd/);
    let children = await jobs.getChildren(pending);
    while (pending.hasMore) await vscode.commands.executeCommand('riptide.jobs.loadMore', 'pending');
    children = await jobs.getChildren(pending);
    const odd = children.filter((c): c is JobEntry => c.kind === 'job');
    assert.equal(odd.length, JOBS / 2);
    assert.ok(odd.every((e) => e.item.job_type === 'custom:odd'));
    assert.match(String(jobs.getTreeItem(pending).description), /filtered/);

    await vscode.commands.executeCommand('riptide.jobs.clearFilter');
    await vscode.commands.executeCommand('riptide.jobs.search', 'first-twenty');
    assert.match(jobs.treeView.description ?? '', /search: "first-twenty"/);
    children = await jobs.getChildren(pending);
    assert.equal(children.filter((c) => c?.kind === 'job').length, 20);
    assert.ok(!children.some((c) => c?.kind === 'loadMore'));

    await vscode.commands.executeCommand('riptide.jobs.search', 'no-such-metadata');
    children = await jobs.getChildren(pending);
    assert.deepEqual(children.map((c) => (c?.kind === 'message' ? c.label : 'job')), ['No matching jobs']);

    await vscode.commands.executeCommand('riptide.jobs.clearFilter');
    assert.equal(jobs.treeView.description, undefined);
    assert.equal(jobs.model.filtered, false);
  });

  it('context values offer exactly the manifest\'s applicable actions', async () => {
    const pending = jobs.model.group('pending');
    await jobs.getChildren(pending);
    const [first, second] = pending.entries;
    await api.knownJobs.add({ jobId: first.id, definition: customJob(0), source: 'test', submittedAt: new Date().toISOString() });
    const known = jobs.getTreeItem(first);
    assert.equal(known.contextValue, 'job.pending.known');
    assert.equal(jobs.getTreeItem(second).contextValue, 'job.pending');
    assert.deepEqual(commandsOffered('riptide.jobs', 'job.pending.known'), ['riptide.job.copyId', 'riptide.job.openDetails', 'riptide.job.saveAsFile', 'riptide.job.submitAgain', 'riptide.job.watch']);
    assert.deepEqual(commandsOffered('riptide.jobs', 'job.pending'), ['riptide.job.copyId', 'riptide.job.openDetails', 'riptide.job.watch']);
    // Compare Results shows for a multi-selection, Compare with Previous Run for one job (their when clauses say so).
    assert.deepEqual(commandsOffered('riptide.jobs', 'job.completed'), ['riptide.job.copyId', 'riptide.job.openDetails', 'riptide.job.openResult', 'riptide.job.openResultDocument', 'riptide.jobs.compareResults']);
    assert.deepEqual(commandsOffered('riptide.jobs', 'job.deadletter.known'), [
      'riptide.job.compareWithPrevious',
      'riptide.job.copyId',
      'riptide.job.openDetails',
      'riptide.job.openResult',
      'riptide.job.openResultDocument',
      'riptide.job.saveAsFile',
      'riptide.job.submitAgain',
      'riptide.jobs.compareResults',
    ]);
    assert.deepEqual(commandsOffered('riptide.jobs', 'group.pending'), []);

    // A click opens the details with the list's type and priority, which the status answer lacks.
    const click = jobs.getTreeItem(second).command;
    assert.equal(click?.command, 'riptide.job.openDetails');
    assert.deepEqual(click?.arguments, [{ jobId: second.id, typeLabel: second.item.job_type, priority: second.item.priority }]);
    assert.doesNotThrow(() => JSON.stringify(click?.arguments), 'the arguments cross to the workbench as JSON');
  });

  it('submit again sends the known definition and watches the new job', async () => {
    const first = jobs.model.group('pending').entries[0];
    const countBefore = (await client.getQueueStats()).pending;
    await vscode.commands.executeCommand('riptide.job.submitAgain', first);
    const stats = await until('the resubmitted job to be in the queue', async () => {
      const s = await client.getQueueStats();
      return s.pending === countBefore + 1 ? s : undefined;
    });
    assert.equal(stats.pending, countBefore + 1);
    assert.ok(api.watcher.isActive(), 'the new job is watched');
  });

  it('moves a job between groups on refresh, redrawing only the changed groups, keeping expansion', async () => {
    const completed = await expand(jobs, 'completed');
    const pending = jobs.model.group('pending');
    assert.ok(pending.expanded);
    const mover = await client.submitJob({ job_type: { type: 'maintenance', task_type: 'no_such_task', parameters: {} }, priority: 'Critical' });
    await api.refresher.refreshNow();
    assert.ok(pending.find(mover.job_id), 'first seen as pending (Critical runs first, so it heads the group)');

    const redrawn: Array<string | undefined> = [];
    const listener = jobs.onDidChangeTreeData((e) => {
      for (const one of Array.isArray(e) ? e : [e]) redrawn.push(one?.kind === 'group' ? one.key : one === undefined ? 'root' : 'other');
    });
    try {
      // Run the mover and stop the pool as soon as it starts, so at most a few other jobs move.
      const pauseOnStart = (e: JobEvent) => e.job_id === mover.job_id && e.transition === 'started' && server.pause();
      server.events.on('job', pauseOnStart);
      const done = server.waitForEvent((e) => e.job_id === mover.job_id && e.transition === 'completed', 20_000);
      server.resume();
      await done;
      server.events.off('job', pauseOnStart);
      await api.refresher.refreshNow();
    } finally {
      listener.dispose();
    }
    assert.ok(!pending.find(mover.job_id), 'gone from Pending');
    const entry = completed.find(mover.job_id);
    assert.ok(entry, 'now under Completed');
    assert.ok(!redrawn.includes('root'), `the tree was not rebuilt from the root (${redrawn.join(', ')})`);
    assert.ok(redrawn.includes('pending') && redrawn.includes('completed'));
    assert.ok(pending.expanded && completed.expanded, 'expansion survived');
    assert.equal(jobs.getTreeItem(entry).id, `job:completed:${mover.job_id}`);

    // Its result says success: false (unknown maintenance task): the refresh read it, so it is red
    // without a hover, and reading the same results is not repeated on the next tick.
    assert.equal((jobs.getTreeItem(entry).iconPath as vscode.ThemeIcon).id, 'error');
    requests.length = 0;
    await api.refresher.refreshNow();
    assert.ok(!requests.some((r) => r.includes(`/workers/jobs/${mover.job_id}/result`)), 'the verdict is read once');
    const item = await jobs.resolveTreeItem(jobs.getTreeItem(entry), entry, new vscode.CancellationTokenSource().token);
    assert.match(plain(item.tooltip), /Error: Unknown maintenance task type: no_such_task/);
    assert.equal((item.tooltip as vscode.MarkdownString).isTrusted, false);
    assert.equal((jobs.getTreeItem(entry).iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(jobs.getTreeItem(entry).contextValue, 'job.completed');
  });

  it('tooltips show server text as text: no links, no HTML', async () => {
    const sneaky = await client.submitJob({ job_type: { type: 'custom', job_name: '[click](command:riptide.clearApiKey)<img src=x>', payload: {} }, priority: 'Critical' });
    await api.refresher.refreshNow();
    const entry = jobs.model.group('pending').find(sneaky.job_id);
    assert.ok(entry);
    const item = await jobs.resolveTreeItem(jobs.getTreeItem(entry), entry, new vscode.CancellationTokenSource().token);
    const md = item.tooltip as vscode.MarkdownString;
    assert.equal(md.isTrusted, false);
    assert.equal(md.supportHtml, false);
    assert.ok(!md.value.includes('[click](command:'), md.value);
    assert.match(plain(md), /Type: Custom · \[click\]\(command:riptide.clearApiKey\)<img src=x>/);
  });

  it('go to job: an unknown id gets a clear message naming the server', async () => {
    const unknown = '7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    const answer = (await vscode.commands.executeCommand('riptide.goToJob', unknown)) as { error?: string };
    assert.equal(answer.error, `No job with id ${unknown} on ${server.url}.`);
    const bad = (await vscode.commands.executeCommand('riptide.goToJob', 'not-an-id')) as { error?: string };
    assert.match(bad.error ?? '', /is not a job id/);
  });

  it('go to job: a job on the list opens with the type and priority the list shows, not "not known"', async () => {
    const listed = await client.submitJob({ job_type: { type: 'custom', job_name: 'listed_only', payload: {} }, priority: 'Critical' });
    await expand(jobs, 'pending');
    await until('the new job on the Pending page', async () => {
      await api.refresher.refreshNow();
      return jobs.model.findEntry(listed.job_id);
    });
    assert.equal(api.knownJobs.get(listed.job_id), undefined, 'not submitted from this window');
    const answer = (await vscode.commands.executeCommand('riptide.goToJob', listed.job_id.toUpperCase())) as { jobId?: string };
    assert.equal(answer.jobId, listed.job_id);
    const panel = await until('its panel', () => api.jobPanels.get(listed.job_id));
    try {
      const view = await until('the job view', () => (panel.poster.last('job') as { job: { facts: Array<[string, string]>; title: string } } | undefined)?.job);
      const facts = Object.fromEntries(view.facts);
      assert.equal(facts.Type, 'Custom · listed_only');
      assert.equal(facts.Priority, 'Critical');
      assert.match(panel.panel.title, /^Custom · listed_only · [0-9a-f]{8}$/);
    } finally {
      panel.dispose();
    }
  });

  it('ages stay true while the view is open: a job whose "N s ago" moved on is redrawn, without reading the list again', async () => {
    const fresh = await client.submitJob({ job_type: { type: 'custom', job_name: 'ageing', payload: {} }, priority: 'Critical' });
    const pending = await expand(jobs, 'pending');
    const entry = await until('the new job on the Pending page', async () => {
      await api.refresher.refreshNow();
      return pending.find(fresh.job_id);
    });
    const first = jobs.getTreeItem(entry).description as string;
    assert.match(first, / (just now|\d+ s ago)/);
    const redrawn = new Set<unknown>();
    const listener = jobs.onDidChangeTreeData((e) => (Array.isArray(e) ? e : [e]).forEach((one) => redrawn.add(one)));
    requests.length = 0;
    try {
      await until('the job to be redrawn with its new age', async () => {
        await api.refresher.refreshNow();
        return redrawn.has(entry) && jobs.getTreeItem(entry).description !== first;
      }, 15_000);
    } finally {
      listener.dispose();
    }
    // (A job watched by an earlier test is still read each tick; the list never is.)
    assert.ok(!requests.some((r) => /^GET \/workers\/jobs\?/.test(r)), `no page of the list was read again: ${requests.join(', ')}`);
  });

  it('schedules: words, next run, context value, and the jobs it started', async () => {
    const created = await client.createSchedule({ name: 'nightly_health', cron_expression: '0 0 2 * * *', job_template: { type: 'maintenance', task_type: 'health_check', parameters: {} } });
    const schedules = api.sidebar.schedules;
    await vscode.commands.executeCommand('riptide.schedules.focus');
    await until('the Schedules view to be visible', () => schedules.treeView.visible);
    schedules.invalidate();
    await api.refresher.refreshNow();
    const node = schedules.getChildren().find((n): n is ScheduleNode => n.kind === 'schedule' && n.id === created.id);
    assert.ok(node);
    const item = schedules.getTreeItem(node);
    assert.equal(item.contextValue, 'schedule.enabled');
    assert.match(String(item.description), /^At 02:00 AM · next in \d+ (h|min)$/);
    // The tooltip is built on hover (resolveTreeItem), not with every node.
    assert.equal(item.tooltip, undefined);
    assert.match(plain(schedules.resolveTreeItem(item, node).tooltip), /Cron \(UTC\): 0 0 2 \* \* \*/);
    await vscode.commands.executeCommand('riptide.schedule.showJobs', node);
    assert.equal(jobs.model.filter.search, created.id);
    await vscode.commands.executeCommand('riptide.jobs.clearFilter');
  });

  it('workers: pool state and health', async () => {
    const workers = api.sidebar.workers;
    await vscode.commands.executeCommand('riptide.workers.focus');
    await until('the Workers view to be visible', () => workers.treeView.visible);
    workers.invalidate();
    await api.refresher.refreshNow();
    const rows = new Map(workers.getChildren().filter((n): n is WorkerRowNode => n.kind === 'workerRow').map((n) => [n.row.key, n.row]));
    assert.equal(rows.get('workers')?.value, '4 of 4 healthy');
    // The rate as the server counts it (followed by a caveat once this window saw a completed job whose result failed).
    assert.match(rows.get('success')?.value ?? '', /^\d+\.\d %( as the server counts · \d+ completed jobs? seen here had a failed result)?$/);
    assert.ok(rows.has('uptime') && rows.has('timing') && rows.has('processed'));
  });

  it('keeps the last data marked stale, with the reason and a retry, when the server goes down', async () => {
    await vscode.commands.executeCommand('riptide.jobs.focus');
    await server.close();
    await api.refresher.refreshNow();
    await until('the refresher to see the server down', () => api.refresher.latest.state === 'offline');
    assert.match(jobs.treeView.description ?? '', /\(stale\)/);
    const roots = jobs.rootElements();
    const error = roots[0];
    assert.ok(error?.kind === 'message');
    assert.equal(error.toTreeItem().command?.command, 'riptide.refresh');
    assert.match(String(error.toTreeItem().description), /refused|reach/);
    assert.equal(roots.filter((r) => r?.kind === 'group').length, 6, 'the groups stay');
    assert.ok(jobs.model.group('pending').entries.length > 0, 'and their jobs');
  });
});

describe('sidebar views: nothing loaded yet', function () {
  this.timeout(60_000);
  let api: RipTideExtensionApi;

  before(async () => {
    api = await extensionApi();
    await vscode.commands.executeCommand('riptide.jobs.focus');
  });

  after(async () => {
    await setSetting('serverUrl', testServerUrl());
    await api.connection.setApiKey(undefined);
  });

  it('a server that never answered leaves the views empty, so the welcome content shows', async () => {
    const closed = await startWorkersServer({ port: 0 });
    const url = closed.url;
    await closed.close();
    await pointAt(api, url);
    await until('the refresher to see no server', () => api.refresher.latest.state === 'offline');
    assert.deepEqual(api.sidebar.jobs.rootElements(), []);
    assert.deepEqual(api.sidebar.schedules.getChildren(), []);
    assert.deepEqual(api.sidebar.workers.getChildren(), []);
  });

  it('a 401 offers "Set API Key"', async () => {
    const locked = await startWorkersServer({ port: 0, apiKey: 'sesame' });
    try {
      await pointAt(api, locked.url);
      await until('the refresher to see a 401', () => api.refresher.latest.state === 'unauthorized');
      const [node] = api.sidebar.jobs.rootElements();
      assert.ok(node?.kind === 'message');
      assert.equal(node.toTreeItem().command?.command, 'riptide.setApiKey');
      await api.connection.setApiKey('sesame');
      await api.refresher.refreshNow();
      await until('the views to load with the key', () => api.sidebar.jobs.status.phase === 'fresh');
      assert.deepEqual(api.sidebar.jobs.rootElements(), [], 'an empty queue shows the welcome content');
    } finally {
      await locked.close();
    }
  });
});
