// Sidebar benchmarks with 100,000 jobs in the local server (separate process, pool paused),
// side by side: the Jobs view's vscode-free model in this process, and the real extension in
// code-server's extension host (test/bench-suites/views.test.ts, against the same server).
// Time from a refresh to the expanded groups' first page built, requests per refresh when
// nothing changed, and memory after paging through 5,000 jobs. Runs alone after `npm run package && npx tsc -p .`: node out/test/bench/views.js
import { WorkersClient, type CallOptions, type JobConfig, type ListJobsQuery } from '../../src/api';
import { Refresher } from '../../src/core/refresh/refresher';
import { JobsModel, type JobLister } from '../../src/core/views/jobsModel';
import { jobContextValue, jobDescription, jobIcon, jobLabel } from '../../src/core/views/presentation';
import type { ToTree, ViewsMeasurement } from '../bench-suites/views.test';
import { waitFor } from '../harness/wait';
import { withBenchSuites } from './benchSuites';
import { fmt, forceGc, heading, row, startServerProcess, timed } from './harness';

const JOBS = 100_000;
const DELAYED = 2_000;
const PAGED = 5_000;

/** Counts every request the extension's code makes (each call is one HTTP request). */
class CountingClient extends WorkersClient {
  requests = 0;
  override getQueueStats(options?: CallOptions) {
    this.requests++;
    return super.getQueueStats(options);
  }
  override listJobs(query?: ListJobsQuery, options?: CallOptions) {
    this.requests++;
    return super.listJobs(query, options);
  }
}

function job(i: number, delayed: boolean): JobConfig {
  return {
    job_type: i % 3 === 0 ? { type: 'batch_crawl', urls: ['https://example.com/'] } : { type: 'custom', job_name: 'bench', payload: { i } },
    metadata: { source: 'bench', n: String(i) },
    ...(delayed ? { scheduled_at: new Date(Date.now() + 3_600_000).toISOString() } : {}),
  };
}

/** What the tree provider computes for each visible job node. */
function buildNodes(model: JobsModel): number {
  let built = 0;
  for (const g of model.groups) {
    if (!g.expanded) continue;
    for (const e of g.entries) {
      const s = g.def.contextStatus;
      if (jobLabel(e.item) && jobDescription(e.item, s) && jobContextValue(s, false) && jobIcon(s, undefined)) built++;
    }
  }
  return built;
}

const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MB`;

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];

function summary(samples: number[]): string {
  return `${fmt(median(samples), 1)} ms (min ${fmt(Math.min(...samples), 1)}, max ${fmt(Math.max(...samples), 1)})`;
}

/** Runs to the tree: median (min, max) until every expanded group arrived, and the median of the first. */
function toTree(runs: ToTree[], more = ''): string {
  return `${summary(runs.map((r) => r.allMs))}, ${runs.length} run${runs.length === 1 ? '' : 's'} (first group ${fmt(median(runs.map((r) => r.firstMs)), 1)} ms${more})`;
}

/** One figure measured in the bench process's model and, where it applies, in the real extension host. */
interface Figure {
  label: string;
  model: string;
  host?: string;
}

/** The server's request log between the marks of the host's quiet refreshes. */
class QuietWindow {
  private lines: string[] | undefined;
  readonly seen: string[] = [];

  onLogLine = (line: string): void => {
    if (line.includes(' /bench-mark/quiet-start-')) this.lines = [];
    else if (line.includes(' /bench-mark/quiet-end-')) this.seen.push(...(this.lines ?? []).splice(0), line);
    else this.lines?.push(line);
  };

  /** The requests ("GET /workers/stats/queue") between the marks, once the end mark is in the log. */
  async requests(marks: ViewsMeasurement['quietMarks']): Promise<string[]> {
    await waitFor('the quiet window\'s end mark in the server log', 10_000, () => this.seen.find((l) => l.includes(marks.end)), 25);
    return this.seen.filter((l) => / (GET|POST|PUT|PATCH|DELETE) /.test(l) && !l.includes('/bench-mark/')).map((l) => / ((GET|POST|PUT|PATCH|DELETE) \S+)/.exec(l)![1]);
  }
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v} ×${n}`).join(', ');
}

/** The Jobs view's model and presentation in this process, against the server at `client`. */
async function modelFigures(client: CountingClient): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const pageSize of [50, 500]) {
    const model = new JobsModel({ pageSize: () => pageSize });
    model.group('pending').expanded = true;
    model.group('delayed').expanded = true;
    const list: JobLister = (q, signal) => client.listJobs(q, { signal });
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      model.invalidate(); // a user refresh: both expanded groups are fetched again
      const t = await timed(async () => {
        const stats = await client.getQueueStats();
        await model.refresh(stats, list);
        return buildNodes(model);
      });
      if (t.value !== 2 * pageSize) throw new Error(`built ${t.value} nodes, expected ${2 * pageSize}`);
      samples.push(t.ms);
    }
    figures.push({ label: `refresh (warm) (page ${pageSize})`, model: `${summary(samples)}, 5 runs` });
  }

  // The real refresher with the Jobs view's task (two groups expanded): what a quiet tick costs.
  const model = new JobsModel({ pageSize: () => 50 });
  model.group('pending').expanded = true;
  model.group('completed').expanded = true;
  const refresher = new Refresher({ client: () => client, intervalSeconds: () => 3600, statusBarWanted: () => false, focused: () => true });
  refresher.register({ id: 'view.jobs', isActive: () => true, run: (c, stats, signal) => model.refresh(stats, (q, s) => c.listJobs(q, { signal: s }), signal).then(() => undefined) });
  await refresher.refreshNow(); // first tick: stats + the two expanded groups
  const first = client.requests;
  await refresher.refreshNow();
  const quiet1 = client.requests - first;
  await refresher.refreshNow();
  const quiet2 = client.requests - first - quiet1;
  refresher.dispose();
  figures.push({ label: 'requests per refresh, nothing changed (aim: 1)', model: `${quiet1}, ${quiet2} (counted at the client)` });

  // Paging through 5,000 jobs with Load more, then the heap.
  const pagingModel = new JobsModel({ pageSize: () => 50 });
  const pending = pagingModel.group('pending');
  pagingModel.applyStats(await client.getQueueStats());
  const list: JobLister = (q, signal) => client.listJobs(q, { signal });
  forceGc();
  const before = process.memoryUsage().heapUsed;
  const paged = await timed(async () => {
    await pagingModel.ensureLoaded(pending, list);
    while (pending.entries.length < PAGED) await pagingModel.loadMore(pending, list);
  });
  forceGc();
  const after = process.memoryUsage().heapUsed;
  if (new Set(pending.entries.map((e) => e.id)).size !== pending.entries.length) throw new Error('duplicates while paging');
  figures.push({ label: `paging through ${fmt(PAGED)} pending jobs (page 50)`, model: `${fmt(paged.ms)} ms, ${fmt(paged.ms / (PAGED / 50), 1)} ms per page` });
  figures.push({ label: 'heap after paging through 5,000 jobs', model: `${mb(after)}, +${mb(after - before)} (bench process)` });
  return figures;
}

/** The same figures from the real extension host (code-server, the packaged VSIX), beside the model's. */
async function addHostFigures(figures: Figure[], serverUrl: string, log: QuietWindow): Promise<void> {
  const m = await withBenchSuites({ grep: 'bench: views', env: { RIPTIDE_BENCH_SERVER_URL: serverUrl } }, ({ measurement }) => measurement<ViewsMeasurement>(600_000));
  const quiet = await log.requests(m.quietMarks);
  const byLabel = (start: string) => figures.find((f) => f.label.startsWith(start))!;
  byLabel(`refresh (warm) (page ${m.pageSize})`).host = toTree(m.warm, `; command done ${fmt(median(m.warm.map((r) => r.commandMs)), 1)} ms`);
  figures.splice(
    2,
    0,
    { label: `first expansion after connecting (page ${m.pageSize})`, model: '-', host: toTree([m.firstExpansion]) },
    { label: `refresh, groups forgotten (cold) (page ${m.pageSize})`, model: '-', host: toTree(m.cold) },
  );
  byLabel('requests per refresh').host = `${fmt(quiet.length / m.quietTicks, 1)} (${countBy(quiet) || 'none'} in ${m.quietTicks} ticks, server log)`;
  byLabel('paging through').host = `${fmt(m.pagingMs)} ms for ${fmt(m.pagedJobs)}, tree included`;
  const gc = m.gcForced ? 'after GC' : 'no GC available';
  byLabel('heap after paging').host =
    `heap ${mb(m.memoryAfter.heapUsed)} (+${mb(m.memoryAfter.heapUsed - m.memoryBefore.heapUsed)}), ` +
    `rss ${mb(m.memoryAfter.rss)} (+${mb(m.memoryAfter.rss - m.memoryBefore.rss)}), ${gc}`;
}

function printFigures(figures: Figure[]): void {
  const width = Math.max(...figures.map((f) => f.model.length));
  console.log('  Refresh: to Pending + Delayed first pages built (model) / handed to the tree (host), median (min, max).');
  row('', `${'model only (this process)'.padEnd(width)}   extension host (code-server, packaged VSIX)`);
  for (const f of figures) row(f.label, `${f.model.padEnd(width)}   ${f.host ?? '-'}`);
}

export async function benchViews(): Promise<void> {
  heading(`Sidebar: Jobs view with ${fmt(JOBS)} jobs in the local server (separate process, pool paused)`);
  const quietWindow = new QuietWindow();
  const server = await startServerProcess(['--paused'], quietWindow.onLogLine);
  const loader = new WorkersClient({ baseUrl: server.url, connections: 32 });
  const client = new CountingClient({ baseUrl: server.url });
  try {
    const filled = await timed(() => loader.submitMany(Array.from({ length: JOBS }, (_, i) => job(i, i < DELAYED)), { concurrency: 32 }));
    if (filled.value.some((o) => !o.ok)) throw new Error('some submissions failed');
    row(`filling the queue (${fmt(JOBS)} submissions, submitMany)`, `${fmt(filled.ms)} ms`);
    const figures = await modelFigures(client);
    try {
      await addHostFigures(figures, server.url, quietWindow);
    } finally {
      printFigures(figures); // the model's figures also when the extension host's failed
    }
  } finally {
    await loader.close();
    await client.close();
    await server.stop();
  }
}

if (require.main === module) {
  benchViews().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
