// The sidebar's vscode-free parts: the Jobs model's paging and group bookkeeping (against a fake
// list endpoint and against the real local server), the words and icons the views show, and
// the rules that keep a quiet refresh at one request.
import * as assert from 'node:assert/strict';
import { WorkersClient, type JobListItem, type ListJobsQuery, type QueueStats, type ScheduledJob } from '../../src/api';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { parseJobId } from '../../src/core/panels/jobTarget';
import { JobsModel, MAX_PAGE, validJobTypeFilter, type JobLister } from '../../src/core/views/jobsModel';
import {
  groupDescription,
  jobContextValue,
  jobDescription,
  jobIcon,
  jobLabel,
  jobTooltipRows,
  scheduleDescription,
  scheduleTooltipRows,
  workerRows,
} from '../../src/core/views/presentation';
import { schedulesDue, workersDue } from '../../src/core/views/refreshRules';
import { ViewStatus } from '../../src/core/views/viewStatus';
import { ApiError, UnreachableError } from '../../src/api';

const stats = (s: Partial<QueueStats> = {}): QueueStats => {
  const base = { pending: 0, delayed: 0, processing: 0, retry: 0, completed: 0, failed: 0, ...s };
  return { ...base, total: base.pending + base.delayed + base.processing + base.retry + base.completed + base.failed };
};

const item = (id: number, extra: Partial<JobListItem> = {}): JobListItem => ({
  job_id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
  job_type: 'custom:export',
  status: 'Pending',
  priority: 'Normal',
  created_at: new Date(Date.now() - 60_000).toISOString(),
  started_at: null,
  completed_at: null,
  worker_id: null,
  retry_count: 0,
  ...extra,
});

/** A list endpoint over arrays per queue, recording every query. Its `total` is the page size, as the contract warns. */
function fakeLister(queues: Record<string, JobListItem[]>): JobLister & { calls: ListJobsQuery[] } {
  const calls: ListJobsQuery[] = [];
  const list = (async (q: ListJobsQuery) => {
    calls.push(q);
    const all = queues[q.status ?? ''] ?? [];
    const limit = Math.min(q.limit ?? 50, MAX_PAGE);
    const jobs = all.slice(q.offset ?? 0, (q.offset ?? 0) + limit);
    return { jobs, total: jobs.length, limit, offset: q.offset ?? 0 };
  }) as JobLister & { calls: ListJobsQuery[] };
  list.calls = calls;
  return list;
}

describe('Jobs view model', () => {
  it('counts come from the queue stats and only changed groups are reported', () => {
    const model = new JobsModel({ pageSize: () => 10 });
    const first = model.applyStats(stats({ pending: 5, failed: 2 }));
    assert.equal(first.length, 6, 'the first stats change every group');
    assert.equal(model.group('pending').count, 5);
    assert.equal(model.group('dead_letter').count, 2, 'dead letter counts the stats `failed` figure');
    const second = model.applyStats(stats({ pending: 4, processing: 1, failed: 2 }));
    assert.deepEqual(second.map((g) => g.key).sort(), ['pending', 'processing']);
  });

  it('fetches nothing for collapsed groups or unchanged counts, and refetches an expanded group whose count changed', async () => {
    const queues = { pending: Array.from({ length: 25 }, (_, i) => item(i)) };
    const list = fakeLister(queues);
    const model = new JobsModel({ pageSize: () => 10 });
    model.applyStats(stats({ pending: 25 }));
    assert.deepEqual(model.groupsToFetch(), [], 'nothing is expanded');
    const pending = model.group('pending');
    pending.expanded = true;
    assert.deepEqual(model.groupsToFetch(), [pending]);
    await model.ensureLoaded(pending, list);
    assert.equal(pending.entries.length, 10);
    assert.deepEqual(list.calls[0], { status: 'pending', jobType: undefined, search: undefined, limit: 10, offset: 0 });
    model.applyStats(stats({ pending: 25 }));
    assert.deepEqual(model.groupsToFetch(), [], 'same count: nothing to fetch');
    await model.ensureLoaded(pending, list);
    assert.equal(list.calls.length, 1, 'an up-to-date group is not fetched again');
    model.applyStats(stats({ pending: 26 }));
    assert.deepEqual(model.groupsToFetch(), [pending]);
    model.invalidate();
    model.applyStats(stats({ pending: 26 }));
    assert.ok(model.groupsToFetch().includes(pending), 'a user refresh fetches again');
  });

  it('a full pool turning over (same processing count, finished counts moved) refetches Processing', () => {
    const model = new JobsModel({ pageSize: () => 10 });
    model.applyStats(stats({ processing: 4, completed: 10 }));
    const processing = model.group('processing');
    processing.expanded = true;
    processing.fetchedAtCount = 4;
    model.applyStats(stats({ processing: 4, completed: 10 }));
    assert.deepEqual(model.groupsToFetch(), []);
    model.applyStats(stats({ processing: 4, completed: 11 }));
    assert.deepEqual(model.groupsToFetch(), [processing]);
  });

  it('pages with offsets, appends, knows when the end is reached, and skips jobs seen twice', async () => {
    const jobs = Array.from({ length: 25 }, (_, i) => item(i));
    const list = fakeLister({ completed: jobs });
    const model = new JobsModel({ pageSize: () => 10 });
    model.applyStats(stats({ completed: 25 }));
    const g = model.group('completed');
    await model.ensureLoaded(g, list);
    assert.ok(g.hasMore);
    await model.loadMore(g, list);
    assert.equal(g.entries.length, 20);
    // The queue shifts under the offset: a new job arrives at the front.
    jobs.unshift(item(99));
    await model.loadMore(g, list);
    assert.equal(g.entries.length, 25, 'the job pushed across the page boundary is not shown twice');
    assert.equal(new Set(g.entries.map((e) => e.id)).size, g.entries.length);
    assert.equal(g.hasMore, false, 'a short page is the end');
    assert.deepEqual(list.calls.map((c) => c.offset), [0, 10, 20]);
  });

  it('a refetch keeps as many jobs as were shown (one request, capped at 500) and keeps entry objects', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => item(i));
    const list = fakeLister({ pending: jobs });
    const model = new JobsModel({ pageSize: () => 10 });
    model.applyStats(stats({ pending: 40 }));
    const g = model.group('pending');
    await model.ensureLoaded(g, list);
    await model.loadMore(g, list);
    const kept = g.entries[5];
    jobs.splice(0, 1); // one job left the queue
    await model.refetch(g, list);
    assert.equal(list.calls.at(-1)?.limit, 20);
    assert.equal(g.entries.length, 20);
    assert.equal(g.entries.find((e) => e.id === kept.id), kept, 'the same object, so tree selection and events stay valid');
    assert.equal(g.nextOffset, 20);
  });

  it('a filter goes into every query and resets the loaded pages', async () => {
    const list = fakeLister({ pending: [item(1)] });
    const model = new JobsModel({ pageSize: () => 10 });
    model.applyStats(stats({ pending: 1 }));
    const g = model.group('pending');
    await model.ensureLoaded(g, list);
    model.setFilter({ jobType: ' custom:export ', search: 'sched-1' });
    assert.equal(model.filtered, true);
    assert.equal(g.loaded, false);
    assert.equal(model.describeFilter(), 'type: custom:export · search: "sched-1"');
    await model.ensureLoaded(g, list);
    assert.deepEqual(list.calls.at(-1), { status: 'pending', jobType: 'custom:export', search: 'sched-1', limit: 10, offset: 0 });
    model.setFilter({});
    assert.equal(model.filtered, false);
    assert.equal(model.describeFilter(), undefined);
  });

  it('a failed fetch is kept on the group and retried on the next refresh', async () => {
    const model = new JobsModel({ pageSize: () => 10 });
    model.applyStats(stats({ pending: 1 }));
    const g = model.group('pending');
    g.expanded = true;
    await assert.rejects(model.ensureLoaded(g, async () => Promise.reject(new ApiError(500, 'boom', 'GET /workers/jobs'))));
    assert.match(g.error?.message ?? '', /boom/);
    assert.deepEqual(model.groupsToFetch(), [g]);
    await model.ensureLoaded(g, fakeLister({ pending: [item(1)] }));
    assert.equal(g.error, undefined);
    assert.equal(g.entries.length, 1);
  });

  it('concurrent fetches of one group share one request', async () => {
    const list = fakeLister({ pending: [item(1)] });
    const model = new JobsModel({ pageSize: () => 10 });
    model.applyStats(stats({ pending: 1 }));
    const g = model.group('pending');
    await Promise.all([model.ensureLoaded(g, list), model.refetch(g, list)]);
    assert.equal(list.calls.length, 1);
  });

  it('a page read before the server changed never lands in the new server\'s view', async () => {
    const model = new JobsModel({ pageSize: () => 10 });
    model.applyStats(stats({ pending: 1 }));
    const g = model.group('pending');
    g.expanded = true;
    // The old server's answer is held back until the switch is done; the lister ignores the
    // signal, so only dropping the page keeps it out.
    let answerOld!: () => void;
    let oldSignal: AbortSignal | undefined;
    const oldServer: JobLister = (q, signal) => {
      oldSignal = signal;
      return new Promise((resolve) => (answerOld = () => resolve({ jobs: [item(1)], total: 1, limit: q.limit ?? 10, offset: 0 })));
    };
    const expanding = model.ensureLoaded(g, oldServer); // an expansion: no signal of its own
    model.forgetServer();
    const newServer = fakeLister({ pending: [item(2)] });
    model.applyStats(stats({ pending: 1 })); // the same count on both servers
    const refetching = model.refetch(g, newServer);
    answerOld();
    await Promise.all([expanding, refetching]);
    assert.equal(newServer.calls.length, 1, 'the new server is asked, not joined to the old request');
    assert.deepEqual(g.entries.map((e) => e.id), [item(2).job_id]);
    assert.equal(model.isOutOfDate(g), false);
    assert.equal(oldSignal?.aborted, true, 'the old request is cancelled');
  });

  it('a next page read before the server changed is not appended to the new server\'s jobs', async () => {
    const model = new JobsModel({ pageSize: () => 1 });
    model.applyStats(stats({ pending: 2 }));
    const g = model.group('pending');
    g.expanded = true;
    await model.ensureLoaded(g, fakeLister({ pending: [item(1), item(2)] }));
    let answerOld!: () => void;
    const oldServer: JobLister = (q) => new Promise((resolve) => (answerOld = () => resolve({ jobs: [item(2)], total: 1, limit: 1, offset: q.offset ?? 0 })));
    const loadingMore = model.loadMore(g, oldServer);
    model.forgetServer();
    model.applyStats(stats({ pending: 2 }));
    const expanding = model.ensureLoaded(g, fakeLister({ pending: [item(3), item(4)] }));
    answerOld();
    await Promise.all([loadingMore, expanding]);
    assert.deepEqual(g.entries.map((e) => e.id), [item(3).job_id]);
    assert.equal(g.nextOffset, 1);
  });

  it('remembers result verdicts, bounded, without their data', () => {
    const model = new JobsModel({ pageSize: () => 10 });
    const id = item(1).job_id;
    assert.equal(model.results.failed(id), undefined);
    model.results.set({ job_id: id, success: false, data: { big: 'x'.repeat(1000) }, error: 'Unknown maintenance task type: x', processing_time_ms: 3, worker_id: 'worker-0', completed_at: null });
    assert.equal(model.results.failed(id), true);
    assert.equal(model.results.get(id)?.data, null);
  });

  it('parses job ids and job-type filters', () => {
    assert.equal(parseJobId(' "7F8C1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B" '), '7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
    assert.equal(parseJobId('7f8c1a2b'), undefined);
    assert.equal(validJobTypeFilter('custom:data_export'), 'custom:data_export');
    assert.equal(validJobTypeFilter('maintenance:cache_cleanup'), 'maintenance:cache_cleanup');
    assert.equal(validJobTypeFilter('batch_crawl'), 'batch_crawl');
    assert.equal(validJobTypeFilter('crawl'), undefined);
  });
});

describe('Jobs view model against the local server', function () {
  let server: WorkersServer;
  let client: WorkersClient;

  before(async () => {
    server = await startWorkersServer({ port: 0, paused: true });
    client = new WorkersClient({ baseUrl: server.url });
    const outcomes = await client.submitMany(
      Array.from({ length: 137 }, (_, i) => ({ job_type: { type: 'custom' as const, job_name: i % 2 ? 'odd' : 'even', payload: { i } }, metadata: { batch: i < 20 ? 'first-twenty' : 'rest' } })),
    );
    assert.ok(outcomes.every((o) => o.ok));
  });

  after(async () => {
    await client.close();
    await server.close();
  });

  it('pages through a queue returning every job exactly once, counts from the stats', async () => {
    const model = new JobsModel({ pageSize: () => 25 });
    model.applyStats(await client.getQueueStats());
    const g = model.group('pending');
    assert.equal(g.count, 137);
    const list: JobLister = (q, signal) => client.listJobs(q, { signal });
    await model.ensureLoaded(g, list);
    while (g.hasMore) await model.loadMore(g, list);
    assert.equal(g.entries.length, 137);
    assert.equal(new Set(g.entries.map((e) => e.id)).size, 137);
  });

  it('filters by job type and searches metadata through the server', async () => {
    const model = new JobsModel({ pageSize: () => 100 });
    model.applyStats(await client.getQueueStats());
    const list: JobLister = (q, signal) => client.listJobs(q, { signal });
    model.setFilter({ jobType: 'custom:odd' });
    const g = model.group('pending');
    await model.ensureLoaded(g, list);
    while (g.hasMore) await model.loadMore(g, list);
    assert.equal(g.entries.length, 68);
    assert.ok(g.entries.every((e) => e.item.job_type === 'custom:odd'));
    model.setFilter({ search: 'first-twenty' });
    await model.ensureLoaded(g, list);
    assert.equal(g.entries.length, 20);
    assert.equal(g.hasMore, false);
  });
});

describe('Views presentation', () => {
  const now = new Date('2025-01-15T10:00:00Z');

  it('describes job nodes: type in words, short id, priority, age or run time, retries', () => {
    const waiting = item(1, { created_at: '2025-01-15T09:55:00Z', priority: 'High', retry_count: 2 });
    assert.equal(jobLabel(waiting), 'Custom · export');
    assert.equal(jobLabel(waiting, { type: 'batch_crawl', urls: ['https://a.example', 'https://b.example'] }), 'Batch crawl · 2 URLs');
    assert.equal(jobDescription(waiting, 'pending', now), '00000000 · High · 5 min ago · 2 retries');
    const running = item(2, { started_at: '2025-01-15T09:59:30Z' });
    assert.match(jobDescription(running, 'processing', now), /running 30 s$/);
    const done = item(3, { started_at: '2025-01-15T09:59:30Z', completed_at: '2025-01-15T09:59:30.812Z' });
    assert.match(jobDescription(done, 'completed', now), /took 812 ms$/);
  });

  it('context values follow the manifest scheme and icons follow the status', () => {
    assert.equal(jobContextValue('deadletter', false), 'job.deadletter');
    assert.equal(jobContextValue('completed', true), 'job.completed.known');
    // The manifest's anchored patterns:
    assert.match(jobContextValue('completed', true), /^job\.(completed|deadletter)\b/);
    assert.match(jobContextValue('retrying', true), /^job\.[a-z]+\.known\b/);
    assert.doesNotMatch(jobContextValue('retrying', false), /^job\.[a-z]+\.known\b/);
    assert.doesNotMatch(jobContextValue('completed', false), /^job\.(pending|delayed|processing|retrying)\b/);
    assert.deepEqual(jobIcon('processing', undefined), { id: 'sync~spin', color: 'charts.yellow' });
    assert.deepEqual(jobIcon('completed', undefined), { id: 'pass', color: 'charts.green' });
    assert.deepEqual(jobIcon('completed', true), { id: 'error', color: 'charts.red' }, 'a completed job whose result failed shows as failed');
  });

  it('tooltip rows carry the result and say when a completed job failed', () => {
    const rows = jobTooltipRows(item(1, { worker_id: 'worker-1' }), 'Completed', undefined, {
      job_id: item(1).job_id,
      success: false,
      data: null,
      error: 'Unknown maintenance task type: <b>x</b>',
      processing_time_ms: 5,
      worker_id: 'worker-1',
      completed_at: null,
    });
    const map = new Map(rows);
    assert.equal(map.get('Status'), 'Completed, but the result says it failed');
    assert.equal(map.get('Error'), 'Unknown maintenance task type: <b>x</b>', 'raw text; the view escapes it with appendText');
    assert.equal(map.get('Worker'), 'worker-1');
  });

  it('group descriptions say when a filter makes the count an upper bound', () => {
    const model = new JobsModel({ pageSize: () => 10 });
    const s = stats({ completed: 12345 });
    assert.equal(groupDescription(model.group('completed').def, s, false), '12,345');
    assert.equal(groupDescription(model.group('completed').def, s, true), '12,345 in queue · filtered');
  });

  it('schedules: cron in words, raw expression and relative next run', () => {
    const s: ScheduledJob = {
      id: 'abc',
      name: 'nightly',
      cron_expression: '0 0 2 * * *',
      enabled: true,
      priority: 'Normal',
      created_at: null,
      last_executed_at: null,
      next_execution_at: '2025-01-15T13:00:00Z',
      execution_count: 4,
    };
    assert.equal(scheduleDescription(s, now), 'At 02:00 AM · next in 3 h');
    const rows = new Map(scheduleTooltipRows(s, now));
    assert.equal(rows.get('Cron (UTC)'), '0 0 2 * * *');
    assert.equal(rows.get('Last run'), 'never');
    assert.equal(rows.get('Runs so far'), '4');
    assert.match(scheduleDescription({ ...s, enabled: false }, now), /disabled$/);
  });

  it('workers: figures, and a warning icon when some workers are unhealthy', () => {
    const metrics = {
      jobs_submitted: 10, jobs_completed: 9, jobs_failed: 1, jobs_retried: 0, jobs_dead_letter: 1,
      avg_processing_time_ms: 812, p95_processing_time_ms: 1500, p99_processing_time_ms: 2500, success_rate: 90,
      job_type_stats: {}, queue_sizes: {}, total_workers: 4, healthy_workers: 3, uptime_seconds: 7200, timestamp: null,
    };
    const rows = workerRows({ total_workers: 4, healthy_workers: 3, total_jobs_processed: 10, total_jobs_failed: 1, is_running: true }, metrics);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    assert.equal(byKey.get('workers')?.value, '3 of 4 healthy');
    assert.equal(byKey.get('workers')?.icon.id, 'warning');
    assert.equal(byKey.get('success')?.value, '90.0 %');
    assert.equal(byKey.get('timing')?.value, 'avg 812 ms · p95 2 s · p99 3 s');
    assert.equal(byKey.get('uptime')?.value, '2 h');
    assert.equal(workerRows(undefined, undefined)[0].value, 'not started');
  });
});

describe('Views refresh rules and status', () => {
  it('schedules and workers fetch again only when the stats moved, a schedule is due, or the data is old', () => {
    const s = stats({ pending: 1 });
    const now = 1_000_000;
    assert.equal(schedulesDue(undefined, s, [], now), true);
    assert.equal(schedulesDue({ stats: s, at: now - 1000 }, s, [], now), false);
    assert.equal(schedulesDue({ stats: s, at: now - 1000 }, stats({ pending: 2 }), [], now), true);
    const due = { id: 'a', name: 'a', cron_expression: '* * * * * *', enabled: true, priority: 'Normal' as const, created_at: null, last_executed_at: null, next_execution_at: new Date(now - 1).toISOString(), execution_count: 0 };
    assert.equal(schedulesDue({ stats: s, at: now - 1000 }, s, [due], now), true);
    assert.equal(schedulesDue({ stats: s, at: now - 61_000 }, s, [], now), true);
    assert.equal(workersDue({ stats: s, at: now - 1000 }, s, now), false);
    assert.equal(workersDue({ stats: s, at: now - 1000 }, stats({ completed: 1 }), now), true);
  });

  it('a view is stale only after it loaded something, and knows a 401', () => {
    const status = new ViewStatus();
    status.failed(new UnreachableError('http://127.0.0.1:1', 'ECONNREFUSED'));
    assert.equal(status.phase, 'empty');
    status.loaded();
    status.failed(new ApiError(401, '', 'GET /workers/stats/queue'));
    assert.equal(status.phase, 'stale');
    assert.equal(status.unauthorized, true);
    status.loaded();
    assert.equal(status.phase, 'fresh');
  });
});
