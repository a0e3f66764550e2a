// Sidebar benchmarks with 100,000 jobs in the local server (separate process, pool paused):
// time from a refresh to the expanded groups' first page built (model + node words), requests
// per refresh when nothing changed (the shared refresher plus the Jobs view's task, counted at
// the client), and heap after paging through 5,000 jobs. Runs alone: node out/test/bench/views.js
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { WorkersClient, type CallOptions, type JobConfig, type ListJobsQuery } from '../../src/api';
import { Refresher } from '../../src/refresh/refresher';
import { JobsModel, type JobLister } from '../../src/views/jobsModel';
import { jobContextValue, jobDescription, jobIcon, jobLabel } from '../../src/views/presentation';
import { fmt, heading, row, startServerProcess, timed } from './harness';

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

function heapMb(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export async function benchViews(): Promise<void> {
  heading(`Sidebar: Jobs view with ${fmt(JOBS)} jobs in the local server (separate process, pool paused)`);
  const server = await startServerProcess(['--paused']);
  const loader = new WorkersClient({ baseUrl: server.url, connections: 32 });
  const client = new CountingClient({ baseUrl: server.url });
  try {
    const filled = await timed(() => loader.submitMany(Array.from({ length: JOBS }, (_, i) => job(i, i < DELAYED)), { concurrency: 32 }));
    if (filled.value.some((o) => !o.ok)) throw new Error('some submissions failed');
    row(`filling the queue (${fmt(JOBS)} submissions, submitMany)`, `${fmt(filled.ms)} ms`);

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
      samples.sort((a, b) => a - b);
      row(`refresh -> Pending + Delayed first pages built (page ${pageSize}), median of 5`, `${fmt(samples[2], 1)} ms (min ${fmt(samples[0], 1)}, max ${fmt(samples[4], 1)})`);
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
    row('requests per refresh with nothing changed (aim: 1, the queue stats)', `${quiet1}, ${quiet2}`);

    // Paging through 5,000 jobs with Load more, then the heap.
    const pagingModel = new JobsModel({ pageSize: () => 50 });
    const pending = pagingModel.group('pending');
    pagingModel.applyStats(await client.getQueueStats());
    const list: JobLister = (q, signal) => client.listJobs(q, { signal });
    const before = heapMb();
    const paged = await timed(async () => {
      await pagingModel.ensureLoaded(pending, list);
      while (pending.entries.length < PAGED) await pagingModel.loadMore(pending, list);
    });
    const after = heapMb();
    if (new Set(pending.entries.map((e) => e.id)).size !== pending.entries.length) throw new Error('duplicates while paging');
    row(`paging through ${fmt(pending.entries.length)} jobs (${PAGED / 50} Load more of 50)`, `${fmt(paged.ms)} ms, ${fmt(paged.ms / (PAGED / 50), 1)} ms per page`);
    row('heap after paging through 5,000 jobs (whole bench process)', `${fmt(after, 1)} MB (the 5,000 entries: +${fmt(after - before, 1)} MB)`);
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
