// The client against the real local Workers server over loopback, and against small
// misbehaving servers for the error paths a real deployment can show (down, slow, 500, not JSON).
import * as assert from 'node:assert/strict';
import {
  ApiError,
  CancelledError,
  InvalidResponseError,
  JobFailedError,
  RipTideError,
  TimeoutError,
  UnreachableError,
  WorkersClient,
} from '../../src/api';
import type { JobConfig } from '../../src/api';
import { startWorkersServer, WorkersServer } from '../../src/server';
import { misbehavingServer, rejectsWith } from './httpTestUtil';

const crawl = (url: string): JobConfig => ({ job_type: { type: 'single_crawl', url } });
const custom = (job_name: string, payload: unknown, extra: Partial<JobConfig> = {}): JobConfig => ({
  job_type: { type: 'custom', job_name, payload: payload as object },
  ...extra,
});

describe('WorkersClient against the local server', function () {
  let server: WorkersServer;
  let client: WorkersClient;

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2 });
    client = new WorkersClient({ baseUrl: server.url });
  });
  after(async () => {
    await client.close();
    await server.close();
  });

  it('submits a job, waits for it, and reads its status and result', async () => {
    const submitted = await client.submitJob(custom('data_export', { format: 'json' }, { priority: 'High', metadata: { source: 'api' } }));
    assert.match(submitted.job_id, /^[0-9a-f-]{36}$/);
    const updates: string[] = [];
    const result = await client.waitForJob(submitted.job_id, { pollInterval: 0.05, timeout: 10, onUpdate: (s) => updates.push(s.status) });
    assert.equal(result.success, true);
    assert.equal(result.job_id, submitted.job_id);
    assert.deepEqual((result.data as { input_payload: unknown }).input_payload, { format: 'json' });
    assert.ok(updates.length >= 1 && updates.at(-1) === 'Completed');
    const status = await client.getJobStatus(submitted.job_id);
    assert.equal(status.status, 'Completed');
    assert.deepEqual(status.metadata, { source: 'api' });
    assert.equal(typeof status.processing_time_ms, 'number');
  });

  it('crawls a page the local server serves itself', async () => {
    const { job_id } = await client.submitJob(crawl(`${server.url}/demo/pages/1`));
    const result = await client.waitForJob(job_id, { pollInterval: 0.05, timeout: 20 });
    assert.equal(result.success, true);
    const data = result.data as { status: number; document: { title: string; links: string[] } };
    assert.equal(data.status, 200);
    assert.ok(data.document.title.length > 0);
  });

  it('lists jobs with filters, paging and search', async () => {
    const tag = `tag-${Date.now()}`;
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const { job_id } = await client.submitJob(custom('listing', { i }, { metadata: { batch: tag } }));
      ids.add(job_id);
    }
    for (const id of ids) await client.waitForJob(id, { pollInterval: 0.05, timeout: 10 });
    const seen = new Set<string>();
    for (let offset = 0; offset < 10; offset += 2) {
      const page = await client.listJobs({ search: tag, limit: 2, offset });
      assert.ok(page.jobs.length <= 2);
      for (const job of page.jobs) {
        assert.ok(!seen.has(job.job_id), 'a job appeared on two pages');
        seen.add(job.job_id);
        assert.equal(job.job_type, 'custom:listing');
      }
    }
    assert.deepEqual([...seen].sort(), [...ids].sort());
    const filtered = await client.listJobs({ status: 'completed', jobType: 'CUSTOM:listing', limit: 500 });
    assert.ok(filtered.jobs.every((j) => j.status === 'Completed' && j.job_type === 'custom:listing'));
    assert.ok(filtered.jobs.length >= 5);
  });

  it('reads queue stats, worker stats and metrics', async () => {
    const stats = await client.getQueueStats();
    assert.equal(stats.total, stats.pending + stats.processing + stats.completed + stats.failed + stats.retry + stats.delayed);
    assert.ok(stats.completed >= 1);
    const workers = await client.getWorkerStats();
    assert.equal(workers.total_workers, 2);
    assert.equal(workers.is_running, true);
    const metrics = await client.getMetrics();
    assert.ok(metrics.jobs_submitted >= 1);
    assert.ok(metrics.success_rate >= 0 && metrics.success_rate <= 100);
    assert.ok('custom:data_export' in metrics.job_type_stats);
  });

  it('creates, lists and deletes a schedule', async () => {
    const created = await client.createSchedule({
      name: 'daily_crawl',
      cron_expression: '0 0 2 * * *',
      job_template: { type: 'batch_crawl', urls: ['https://example.com'] },
      priority: 'Normal',
      enabled: true,
    });
    assert.equal(created.name, 'daily_crawl');
    assert.ok(created.next_execution_at);
    assert.ok((await client.listSchedules()).some((s) => s.id === created.id));
    await client.deleteSchedule(created.id);
    assert.ok(!(await client.listSchedules()).some((s) => s.id === created.id));
    const missing = await rejectsWith(client.deleteSchedule(created.id), ApiError, /HTTP 404 from DELETE \/workers\/schedule\//);
    assert.equal(missing.status, 404);
  });

  it('answers an invalid cron with an API error naming the endpoint', async () => {
    const err = await rejectsWith(
      client.createSchedule({ name: 'x', cron_expression: 'not a cron', job_template: { type: 'custom', job_name: 'x', payload: {} } }),
      ApiError,
      /HTTP 400 from POST \/workers\/schedule/,
    );
    assert.equal(err.status, 400);
  });

  it('reports an unknown job as a 404 API error', async () => {
    const err = await rejectsWith(client.getJobStatus('00000000-0000-4000-8000-000000000000'), ApiError, /HTTP 404 from GET \/workers\/jobs\//);
    assert.equal(err.status, 404);
  });

  it('refuses an invalid definition before sending it', async () => {
    const before = (await client.getQueueStats()).total;
    await rejectsWith(client.submitJob({ job_type: { type: 'batch_crawl', urls: [] } } as JobConfig), RipTideError, /urls: must contain at least one URL/);
    assert.equal((await client.getQueueStats()).total, before);
  });

  it('waitForJob raises JobFailedError for a dead-lettered job', async () => {
    const { job_id } = await client.submitJob(
      custom('flaky', { fail_times: 5 }, { retry_config: { max_attempts: 1, initial_delay_secs: 0, use_jitter: false } }),
    );
    const err = await rejectsWith(client.waitForJob(job_id, { pollInterval: 0.05, timeout: 10 }), JobFailedError, /DeadLetter/);
    assert.equal(err.jobId, job_id);
    assert.match(err.lastError ?? '', /flaky/);
  });

  it('waitForJob times out, and stops at once when cancelled', async () => {
    const { job_id } = await client.submitJob(custom('sleep', { ms: 5000 }));
    await rejectsWith(client.waitForJob(job_id, { pollInterval: 0.05, timeout: 0.2 }), TimeoutError, /did not finish within 0.2 s/);
    const controller = new AbortController();
    const waiting = client.waitForJob(job_id, { pollInterval: 10, signal: controller.signal });
    setImmediate(() => controller.abort());
    await rejectsWith(waiting, CancelledError);
  });

  it('submitMany sends every job, reports progress, and one bad job does not stop the rest', async () => {
    const jobs: JobConfig[] = Array.from({ length: 30 }, (_, i) => custom('bulk', { i }));
    jobs[7] = { job_type: { type: 'single_crawl', url: 'ftp://nope' } } as JobConfig;
    let progressCalls = 0;
    const outcomes = await client.submitMany(jobs, { concurrency: 4, onProgress: () => progressCalls++ });
    assert.equal(outcomes.length, 30);
    assert.equal(progressCalls, 30);
    assert.deepEqual(outcomes.map((o) => o.index), [...Array(30).keys()]);
    assert.equal(outcomes.filter((o) => o.ok).length, 29);
    const bad = outcomes[7];
    assert.ok(!bad.ok && /http\(s\) URL/.test(bad.error.message));
  });

  it('submitMany reports jobs not yet sent as cancelled after an abort', async () => {
    const controller = new AbortController();
    const jobs = Array.from({ length: 50 }, (_, i) => custom('bulk', { i }));
    const outcomes = await client.submitMany(jobs, {
      concurrency: 1,
      signal: controller.signal,
      onProgress: ({ done }) => done === 3 && controller.abort(),
    });
    assert.equal(outcomes.filter((o) => o.ok).length, 3);
    assert.ok(outcomes.slice(3).every((o) => !o.ok && o.error instanceof CancelledError));
  });

  it('submitMany with stop lets the requests in flight finish, so every outcome is exact', async () => {
    const stop = new AbortController();
    const jobs = Array.from({ length: 60 }, (_, i) => custom('stop', { i }));
    const before = (await client.getQueueStats()).total;
    const outcomes = await client.submitMany(jobs, { concurrency: 8, stop: stop.signal, onProgress: ({ done }) => done === 10 && stop.abort() });
    const sent = outcomes.filter((o) => o.ok).length;
    // The 10 done plus up to 7 in flight when it stopped: those finish, none is aborted half-way.
    assert.ok(sent >= 10 && sent <= 17, `sent ${sent}`);
    assert.ok(outcomes.every((o) => o.ok || o.error instanceof CancelledError));
    assert.equal((await client.getQueueStats()).total - before, sent);
  });

  it('keeps a base URL path prefix', async () => {
    const prefixed = await misbehavingServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url === '/api/workers/stats/queue' ? { pending: 1, processing: 0, completed: 0, failed: 0, retry: 0, delayed: 0, total: 1 } : {}));
    });
    const c = new WorkersClient({ baseUrl: `${prefixed.url}/api/` });
    try {
      assert.equal((await c.getQueueStats()).pending, 1);
    } finally {
      await c.close();
      await prefixed.close();
    }
  });
});

describe('WorkersClient with an API key', () => {
  let server: WorkersServer;
  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2, apiKey: 's3cret-key' });
  });
  after(() => server.close());

  it('sends the key, and a missing key gets a 401 that says so without the key', async () => {
    const good = new WorkersClient({ baseUrl: server.url, apiKey: 's3cret-key' });
    const none = new WorkersClient({ baseUrl: server.url });
    const wrong = new WorkersClient({ baseUrl: server.url, apiKey: 'wrong-key' });
    try {
      assert.ok((await good.getQueueStats()).total >= 0);
      const err = await rejectsWith(none.getQueueStats(), ApiError, /HTTP 401/);
      assert.equal(err.status, 401);
      const err2 = await rejectsWith(wrong.getQueueStats(), ApiError, /HTTP 401/);
      assert.ok(!err2.message.includes('wrong-key'));
    } finally {
      await Promise.all([good.close(), none.close(), wrong.close()]);
    }
  });
});

describe('WorkersClient error paths', () => {
  it('a server that is down: UnreachableError naming the address, after retrying the GET', async () => {
    const gone = await misbehavingServer(() => undefined);
    const url = gone.url;
    await gone.close();
    const client = new WorkersClient({ baseUrl: url });
    try {
      await rejectsWith(client.getQueueStats(), UnreachableError, new RegExp(`RipTide at ${url.replace(/\./g, '\\.')} refused the connection`));
    } finally {
      await client.close();
    }
  });

  it('a failure that retrying cannot mend (TLS to a plain HTTP server) is said as it is, not as unreachable', async () => {
    const plain = await misbehavingServer((_req, res) => res.end('{}'));
    const client = new WorkersClient({ baseUrl: plain.url.replace('http:', 'https:') });
    try {
      const err = await rejectsWith(client.getQueueStats(), RipTideError, /failed on GET \/workers\/stats\/queue/);
      assert.ok(!(err instanceof UnreachableError), err.message);
    } finally {
      await client.close();
      await plain.close();
    }
  });

  it('a slow server: TimeoutError after the per-request timeout', async () => {
    const slow = await misbehavingServer(() => undefined); // never answers
    const client = new WorkersClient({ baseUrl: slow.url, timeoutMs: 200, getRetries: 0 });
    try {
      const err = await rejectsWith(client.getQueueStats(), TimeoutError, /did not answer GET \/workers\/stats\/queue/);
      assert.equal(err.endpoint, 'GET /workers/stats/queue');
    } finally {
      await client.close();
      await slow.close();
    }
  });

  it('a 500 with a plain-text body: ApiError with status and text; a POST is never retried', async () => {
    const broken = await misbehavingServer((_req, res) => {
      res.statusCode = 500;
      res.end('database is on fire');
    });
    const client = new WorkersClient({ baseUrl: broken.url });
    try {
      const err = await rejectsWith(client.submitJob(custom('x', {})), ApiError, /^HTTP 500 from POST \/workers\/jobs: database is on fire$/);
      assert.equal(err.status, 500);
      assert.equal(err.body, 'database is on fire');
      assert.equal(broken.hits(), 1);
    } finally {
      await client.close();
      await broken.close();
    }
  });

  it('a JSON error body in the SDK dialect: its message is shown', async () => {
    const sdk = await misbehavingServer((_req, res) => {
      res.statusCode = 422;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ message: 'urls must not be empty' }));
    });
    const client = new WorkersClient({ baseUrl: sdk.url });
    try {
      await rejectsWith(client.listJobs(), ApiError, /HTTP 422 from GET \/workers\/jobs: urls must not be empty/);
    } finally {
      await client.close();
      await sdk.close();
    }
  });

  it('malformed JSON and wrong types: InvalidResponseError naming the endpoint and field', async () => {
    let answer = '{ not json';
    const liar = await misbehavingServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(answer);
    });
    const client = new WorkersClient({ baseUrl: liar.url });
    try {
      await rejectsWith(client.getQueueStats(), InvalidResponseError, /Unexpected answer from GET \/workers\/stats\/queue: not JSON/);
      answer = JSON.stringify({ pending: 'many', processing: 0, completed: 0, failed: 0 });
      await rejectsWith(client.getQueueStats(), InvalidResponseError, /field 'pending'/);
      answer = JSON.stringify({ jobs: [{ job_id: 'a', job_type: 'custom:x', status: 'exploded', created_at: 'now' }] });
      await rejectsWith(client.listJobs(), InvalidResponseError, /field 'jobs\.0\.status'/);
    } finally {
      await client.close();
      await liar.close();
    }
  });

  it('parses the SDK dialect: lowercase enums, retry, dead_letter, delayed, and extra fields', async () => {
    const sdk = await misbehavingServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      const item = (status: string, priority: string) => ({ job_id: status, job_type: 'batch_crawl', status, priority, created_at: '2025-01-15T10:00:05.123456Z', extra: 1 });
      res.end(JSON.stringify({ jobs: [item('pending', 'high'), item('retry', 'low'), item('dead_letter', 'critical'), item('delayed', 'normal')], total: 4, limit: 50, offset: 0 }));
    });
    const client = new WorkersClient({ baseUrl: sdk.url });
    try {
      const list = await client.listJobs();
      assert.deepEqual(list.jobs.map((j) => [j.status, j.priority]), [
        ['Pending', 'High'],
        ['Retrying', 'Low'],
        ['DeadLetter', 'Critical'],
        ['Pending', 'Normal'],
      ]);
    } finally {
      await client.close();
      await sdk.close();
    }
  });

  it('rejects a base URL that is not http(s)', () => {
    assert.throws(() => new WorkersClient({ baseUrl: 'ftp://host' }), /not an http\(s\) URL/);
    assert.throws(() => new WorkersClient({ baseUrl: 'nonsense' }), /not a valid server URL/);
  });

  it('a redirect is not followed: the key never reaches the address it points to, and the message says why', async () => {
    const keysSeen: Array<string | undefined> = [];
    const elsewhere = await misbehavingServer((req, res) => {
      keysSeen.push(String(req.headers['x-api-key']));
      res.end('{}');
    });
    const redirecting = await misbehavingServer((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/workers/stats/queue` });
      res.end();
    });
    const client = new WorkersClient({ baseUrl: redirecting.url, apiKey: 'secret-for-redirecting' });
    try {
      for (const call of [() => client.getQueueStats(), () => client.submitJob({ job_type: { type: 'custom', job_name: 'x', payload: {} } })]) {
        const err = await rejectsWith(call(), ApiError, /redirects to http:\/\/127\.0\.0\.1:\d+\/workers\/stats\/queue\. Redirects are not followed/);
        assert.equal(err.status, 307);
        assert.doesNotMatch(err.message, /secret-for-redirecting/);
      }
      assert.equal(redirecting.hits(), 2, 'a redirect is an answer: not retried');
      assert.equal(elsewhere.hits(), 0);
      assert.deepEqual(keysSeen, []);
    } finally {
      await client.close();
      await redirecting.close();
      await elsewhere.close();
    }
  });

  it('a base URL whose path looks like another host still only reaches its own origin', async () => {
    const own = await misbehavingServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ path: req.url }));
    });
    for (const prefix of ['//evil.example', '/@evil.example', '/..//evil.example']) {
      const client = new WorkersClient({ baseUrl: own.url + prefix, apiKey: 'k', getRetries: 0 });
      try {
        await client.getQueueStats().catch(() => undefined); // the answer's shape does not matter here
      } finally {
        await client.close();
      }
    }
    assert.equal(own.hits(), 3, 'every request went to the server of the base URL');
    await own.close();
  });
});
