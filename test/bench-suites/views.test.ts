// The Jobs view in a real extension host against the large queue the views benchmark started
// (RIPTIDE_BENCH_SERVER_URL, a separate process so the host's memory and event loop are the
// extension's alone): refresh to the expanded groups' children handed to the tree, the requests
// of a quiet refresh (bracketed by marker requests the benchmark finds in the server's log), and
// the host's memory before and after paging through 5,000 jobs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RipTideExtensionApi } from '../../src/extension/main';
// Types only: the extension runs from its bundle; nodes are told apart by their `kind`.
import type { GroupKey, JobGroup } from '../../src/core/views/jobsModel';
import type { JobsElement, JobsView } from '../../src/extension/views/jobsView';
import { forceGc } from '../bench/harness';
import { extensionApi, setSetting, testServerUrl, until } from '../extension/helpers';
import { writeMeasurement } from './measurement';

const PAGE = 50;
const EXPANDED: GroupKey[] = ['pending', 'delayed'];
const COLD_RUNS = 3;
const WARM_RUNS = 5;
const QUIET_RUNS = 5;
const PAGED = 5_000;

export interface HostMemory {
  heapUsed: number;
  rss: number;
}

/** Milliseconds until the tree had received the first of the expanded groups' children, and all of them. */
export interface ToTree {
  firstMs: number;
  allMs: number;
}

/** What the views benchmark reads back from RIPTIDE_BENCH_RESULTS. */
export interface ViewsMeasurement {
  pageSize: number;
  expanded: GroupKey[];
  /** The first expansion of the groups after connecting: nothing loaded, a fresh client (one run). */
  firstExpansion: ToTree;
  /** The refresh command with the groups' jobs forgotten, to their first pages handed to the tree. */
  cold: ToTree[];
  /** The refresh command (expanded groups fetched again) to their children handed to the tree. */
  warm: Array<ToTree & { commandMs: number }>;
  /** Paths requested just before and just after the quiet refreshes; the server's log has what came between. */
  quietMarks: { start: string; end: string };
  /** Refresher ticks between the marks. */
  quietTicks: number;
  pagedJobs: number;
  pagingMs: number;
  gcForced: boolean;
  memoryBefore: HostMemory;
  memoryAfter: HostMemory;
}

/** When the tree (VS Code itself, not this suite) last received each group's children from the real view. */
class TreeFetches {
  readonly last = new Map<GroupKey, { at: number; children: number }>();
  private readonly original: JobsView['getChildren'];

  constructor(private readonly view: JobsView) {
    const original = (this.original = view.getChildren);
    const last = this.last;
    view.getChildren = async (element?: JobsElement) => {
      const children = await original.call(view, element);
      if (element?.kind === 'group') last.set(element.key, { at: performance.now(), children: children.length });
      return children;
    };
  }

  /** Waits for the tree to have received every expanded group's children, at least `children` long, after `since`. */
  async settled(since: number, children: number, what: string): Promise<ToTree> {
    const times = await until(
      what,
      () => {
        const seen = EXPANDED.map((k) => this.last.get(k));
        return seen.every((s) => s && s.at > since && s.children >= children) && seen.map((s) => s!.at - since);
      },
      60_000,
    );
    return { firstMs: Math.min(...times), allMs: Math.max(...times) };
  }

  dispose(): void {
    this.view.getChildren = this.original;
  }
}

function memory(): HostMemory {
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

/** Marks a point in the server's request log. */
async function mark(url: string, name: string): Promise<string> {
  const path = `/bench-mark/${name}-${Date.now()}`;
  await fetch(url + path).then((r) => r.arrayBuffer());
  return path;
}

describe('bench: views', function () {
  this.timeout(600_000);
  let api: RipTideExtensionApi;
  let jobs: JobsView;
  let fetches: TreeFetches;

  before(async () => {
    api = await extensionApi();
    jobs = api.sidebar.jobs;
    fetches = new TreeFetches(jobs);
  });

  after(async () => {
    fetches.dispose();
    await setSetting('serverUrl', testServerUrl());
    await setSetting('pageSize', undefined);
    await setSetting('pollIntervalSeconds', undefined);
  });

  it('measures the Jobs view against the queue at RIPTIDE_BENCH_SERVER_URL', async () => {
    const url = process.env.RIPTIDE_BENCH_SERVER_URL;
    assert.ok(url, 'RIPTIDE_BENCH_SERVER_URL is not set');
    const firstPage = PAGE + 1; // the jobs and a Load more node
    // Only the refreshes asked for here: the timer's next tick is minutes away.
    await setSetting('pollIntervalSeconds', 300);
    await setSetting('pageSize', PAGE);
    await vscode.commands.executeCommand('riptide.jobs.focus');
    await until('the Jobs view to be visible', () => jobs.treeView.visible);
    await setSetting('serverUrl', url);
    await until(`the connection to use ${url}`, () => api.connection.serverUrl === url);
    await api.refresher.refreshNow();

    // Expand the groups as a click would; the tree then asks the view for their children.
    const expandedAt = performance.now();
    for (const key of EXPANDED) await jobs.treeView.reveal(jobs.model.group(key), { expand: true });
    const firstExpansion = await fetches.settled(expandedAt, firstPage, 'the expanded groups\' first pages');

    // Cold: the groups forgot their jobs (as after a filter change), so the refresh builds every
    // entry and tree node anew. (Switching the server URL would do it too, but the tree does not
    // always keep the groups expanded through the moment a switch empties the root.)
    const cold: ToTree[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      for (const key of EXPANDED) jobs.model.group(key).reset();
      const start = performance.now();
      await vscode.commands.executeCommand('riptide.refresh');
      cold.push(await fetches.settled(start, firstPage, 'the forgotten groups loaded again'));
    }

    // Warm: the refresh command, as the view's title button runs it.
    const warm: ViewsMeasurement['warm'] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const start = performance.now();
      await vscode.commands.executeCommand('riptide.refresh');
      const commandMs = performance.now() - start;
      warm.push({ commandMs, ...(await fetches.settled(start, firstPage, 'the groups fetched again')) });
    }

    // Quiet refreshes: nothing changed in the paused queue.
    await api.refresher.refreshNow(); // settle: every visible view has read what it needs
    const ticksBefore = api.refresher.ticks;
    const start = await mark(url, 'quiet-start');
    for (let i = 0; i < QUIET_RUNS; i++) await api.refresher.refreshNow();
    const end = await mark(url, 'quiet-end');
    const quietTicks = api.refresher.ticks - ticksBefore;

    // Paging through 5,000 pending jobs with Load more, the tree drawing each page.
    const pending = jobs.model.group('pending') as JobGroup;
    const gcForced = forceGc();
    const memoryBefore = memory();
    const pagingStart = performance.now();
    while (pending.entries.length < PAGED) await jobs.loadMore(pending);
    await until('the tree to hold every loaded job', () => (fetches.last.get('pending')?.children ?? 0) > PAGED, 60_000);
    const pagingMs = performance.now() - pagingStart;
    assert.equal(new Set(pending.entries.map((e) => e.id)).size, pending.entries.length, 'no duplicates while paging');
    forceGc();
    const memoryAfter = memory();

    const measured: ViewsMeasurement = {
      pageSize: PAGE,
      expanded: EXPANDED,
      firstExpansion,
      cold,
      warm,
      quietMarks: { start, end },
      quietTicks,
      pagedJobs: pending.entries.length,
      pagingMs,
      gcForced,
      memoryBefore,
      memoryAfter,
    };
    writeMeasurement(measured);
  });
});
