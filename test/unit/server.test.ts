// The local Workers server over loopback: every route in both dialects, shapes and status codes,
// bad input of every kind (the server keeps serving after each), auth, and the processors.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { TIMESTAMP_RE, UUID_RE, call, custom, submit, until, untilStatus } from './serverTestUtil';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('local server: routes, server dialect', function () {
  let server: WorkersServer;
  let base: string;

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2 });
    base = server.url;
  });
  after(() => server.close());

  it('listens on 127.0.0.1 with the port it reports', () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(server.port > 0);
    assert.equal(base, `http://127.0.0.1:${server.port}`);
  });

  it('POST /workers/jobs answers a SubmitJobResponse', async () => {
    const a = await call(base, 'POST', '/workers/jobs', custom('echo', { a: 1 }));
    assert.equal(a.status, 200);
    assert.match(a.headers.get('content-type')!, /application\/json/);
    assert.match(a.json.job_id, UUID_RE);
    assert.equal(a.json.status, 'submitted');
    assert.match(a.json.submitted_at, TIMESTAMP_RE);
    assert.equal(a.json.message, 'Job submitted successfully');
  });

  it('GET /workers/jobs/{id} and /result answer JobStatus and JobResult', async () => {
    const id = await submit(base, custom('echo', { hello: 'world' }, { metadata: { source: 'test' }, priority: 'high' }));
    const status = await untilStatus(base, id, 'Completed');
    assert.deepEqual(Object.keys(status).sort(), [
      'completed_at', 'created_at', 'job_id', 'last_error', 'metadata', 'processing_time_ms', 'retry_count', 'started_at', 'status', 'worker_id',
    ]);
    assert.equal(status.job_id, id);
    assert.match(status.worker_id, /^worker-[01]$/);
    assert.equal(status.retry_count, 0);
    assert.equal(status.last_error, null);
    assert.deepEqual(status.metadata, { source: 'test' });
    for (const t of ['created_at', 'started_at', 'completed_at']) assert.match(status[t], TIMESTAMP_RE);
    assert.equal(status.processing_time_ms, Date.parse(status.completed_at) - Date.parse(status.started_at));

    const r = await call(base, 'GET', `/workers/jobs/${id}/result`);
    assert.equal(r.status, 200);
    assert.equal(r.json.job_id, id);
    assert.equal(r.json.success, true);
    assert.equal(r.json.error, null);
    assert.equal(r.json.worker_id, status.worker_id);
    assert.equal(typeof r.json.processing_time_ms, 'number');
    assert.match(r.json.completed_at, TIMESTAMP_RE);
    assert.equal(r.json.data.job_name, 'echo');
    assert.deepEqual(r.json.data.input_payload, { hello: 'world' });
    assert.equal(r.json.data.processing_info.processor, 'local-custom-processor');
    assert.equal(r.json.data.processing_info.status, 'processed');
    assert.match(r.json.data.processing_info.processed_at, TIMESTAMP_RE);
  });

  it('GET /workers/jobs lists items with the contract shape', async () => {
    const id = await submit(base, custom('shape', {}, { priority: 'CRITICAL' }));
    await untilStatus(base, id, 'Completed');
    const a = await call(base, 'GET', '/workers/jobs?status=completed');
    assert.equal(a.status, 200);
    assert.equal(a.json.limit, 50);
    assert.equal(a.json.offset, 0);
    assert.equal(a.json.total, a.json.jobs.length);
    const item = a.json.jobs.find((j: { job_id: string }) => j.job_id === id);
    assert.deepEqual(Object.keys(item).sort(), ['completed_at', 'created_at', 'job_id', 'job_type', 'priority', 'retry_count', 'started_at', 'status', 'worker_id']);
    assert.equal(item.job_type, 'custom:shape');
    assert.equal(item.priority, 'Critical');
    assert.equal(item.status, 'Completed');
  });

  it('GET /workers/stats/queue, /stats/workers and /metrics answer their shapes', async () => {
    const q = await call(base, 'GET', '/workers/stats/queue');
    assert.equal(q.status, 200);
    assert.deepEqual(Object.keys(q.json).sort(), ['completed', 'delayed', 'failed', 'pending', 'processing', 'retry', 'total']);
    assert.equal(q.json.total, q.json.pending + q.json.processing + q.json.completed + q.json.failed + q.json.retry + q.json.delayed);
    assert.ok(q.json.completed >= 2);

    const w = await call(base, 'GET', '/workers/stats/workers');
    assert.equal(w.status, 200);
    assert.equal(w.json.total_workers, 2);
    assert.equal(w.json.healthy_workers, 2);
    assert.equal(w.json.is_running, true);
    assert.ok(w.json.total_jobs_processed >= 2);
    assert.equal(w.json.total_jobs_failed, 0);
    assert.deepEqual(w.json.workers.map((x: { worker_id: string }) => x.worker_id), ['worker-0', 'worker-1']);
    server.pause();
    try {
      const paused = (await call(base, 'GET', '/workers/stats/workers')).json;
      assert.deepEqual([paused.is_running, paused.healthy_workers], [false, 2], 'paused: healthy but not running');
    } finally {
      server.resume();
    }

    const m = await call(base, 'GET', '/workers/metrics');
    assert.equal(m.status, 200);
    for (const k of ['jobs_submitted', 'jobs_completed', 'jobs_failed', 'jobs_retried', 'jobs_dead_letter', 'avg_processing_time_ms',
      'p95_processing_time_ms', 'p99_processing_time_ms', 'success_rate', 'total_workers', 'healthy_workers', 'uptime_seconds']) {
      assert.equal(typeof m.json[k], 'number', k);
    }
    assert.ok(m.json.jobs_submitted >= 3);
    assert.equal(m.json.success_rate, 100);
    assert.ok(m.json.p99_processing_time_ms >= m.json.p95_processing_time_ms);
    assert.equal(m.json.job_type_stats['custom:echo'].submitted, 2);
    assert.deepEqual(Object.keys(m.json.job_type_stats['custom:echo']).sort(), ['completed', 'dead_letter', 'failed', 'retried', 'submitted', 'total_processing_time_ms']);
    assert.equal(m.json.queue_sizes.completed, q.json.completed);
    assert.match(m.json.timestamp, TIMESTAMP_RE);
  });

  it('POST, GET and DELETE /workers/schedule', async () => {
    const body = { name: 'nightly', cron_expression: '0 0 2 * * *', job_template: { type: 'custom', job_name: 'n', payload: {} }, priority: 'low' };
    const created = await call(base, 'POST', '/workers/schedule', body);
    assert.equal(created.status, 200, created.text);
    assert.match(created.json.id, UUID_RE);
    assert.equal(created.json.name, 'nightly');
    assert.equal(created.json.cron_expression, '0 0 2 * * *');
    assert.equal(created.json.enabled, true);
    assert.equal(created.json.priority, 'Low');
    assert.equal(created.json.execution_count, 0);
    assert.equal(created.json.last_executed_at, null);
    const next = new Date(created.json.next_execution_at);
    assert.equal(next.getUTCHours(), 2);
    assert.equal(next.getUTCMinutes(), 0);
    assert.ok(next.getTime() > Date.now());

    const fiveField = await call(base, 'POST', '/workers/schedule', { ...body, name: 'sdk-style', cron_expression: '*/5 9-17 * * 1-5' });
    assert.equal(fiveField.status, 200, fiveField.text);

    const list = await call(base, 'GET', '/workers/schedule');
    assert.equal(list.status, 200);
    assert.deepEqual(list.json.map((s: { name: string }) => s.name).sort(), ['nightly', 'sdk-style']);

    const del = await call(base, 'DELETE', `/workers/schedule/${created.json.id}`);
    assert.equal(del.status, 204);
    assert.equal(del.text, '');
    assert.equal((await call(base, 'DELETE', `/workers/schedule/${created.json.id}`)).status, 404);
    assert.deepEqual((await call(base, 'GET', '/workers/schedule')).json.map((s: { name: string }) => s.name), ['sdk-style']);
  });

  it('serves its demo pages without an API key', async () => {
    const index = await call(base, 'GET', '/demo/pages');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type')!, /text\/html/);
    assert.match(index.text, /href="\/demo\/pages\/1"/);
    assert.match((await call(base, 'GET', '/demo/pages/2')).text, /<title>Demo page 2: Currents<\/title>/);
    assert.match((await call(base, 'GET', '/demo/pages/hostile')).text, /onerror/);
    assert.equal((await call(base, 'GET', '/demo/pages/99')).status, 404);
  });
});

describe('local server: routes, SDK dialect', function () {
  let server: WorkersServer;
  let base: string;

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2 });
    base = server.url;
  });
  after(() => server.close());

  it('answers every SDK route with lowercase enums', async () => {
    const sub = await call(base, 'POST', '/api/v1/workers/jobs', custom('sdk', { x: 1 }, { priority: 'high' }));
    assert.equal(sub.status, 200);
    assert.equal(sub.json.status, 'submitted');
    const id = sub.json.job_id;
    await untilStatus(base, id, 'Completed');

    const st = await call(base, 'GET', `/api/v1/workers/jobs/${id}`);
    assert.equal(st.status, 200);
    assert.equal(st.json.status, 'completed');
    // The SDK reads list items and status answers into one Job type: type and priority included.
    assert.deepEqual([st.json.job_type, st.json.priority], ['custom:sdk', 'high']);

    const res = await call(base, 'GET', `/api/v1/workers/jobs/${id}/result`);
    assert.equal(res.status, 200);
    assert.equal(res.json.success, true);
    assert.deepEqual(res.json.data.input_payload, { x: 1 });

    const list = await call(base, 'GET', '/api/v1/workers/jobs?status=completed');
    assert.equal(list.status, 200);
    assert.equal(list.json.jobs[0].status, 'completed');
    assert.equal(list.json.jobs[0].priority, 'high');

    const q = await call(base, 'GET', '/api/v1/workers/queue/stats');
    assert.equal(q.status, 200);
    assert.equal(q.json.completed, 1);

    const w = await call(base, 'GET', '/api/v1/workers/stats');
    assert.equal(w.status, 200);
    assert.equal(w.json.total_workers, 2);

    const m = await call(base, 'GET', '/api/v1/workers/metrics');
    assert.equal(m.status, 200);
    assert.equal(m.json.jobs_submitted, 1);

    const sched = await call(base, 'POST', '/api/v1/workers/scheduled', {
      name: 'sdk', cron_expression: '0 2 * * *', job_template: { type: 'custom', job_name: 'n', payload: null },
    });
    assert.equal(sched.status, 200, sched.text);
    assert.equal(sched.json.priority, 'normal');
    const scheds = await call(base, 'GET', '/api/v1/workers/scheduled');
    assert.equal(scheds.status, 200);
    assert.equal(scheds.json[0].id, sched.json.id);
    const del = await call(base, 'DELETE', `/api/v1/workers/scheduled/${sched.json.id}`);
    assert.equal(del.status, 200);
    assert.equal(del.json.id, sched.json.id);
  });

  it('reports a pending job with a future scheduled_at as delayed, and dead letter as dead_letter', async () => {
    const later = new Date(Date.now() + 60_000).toISOString();
    const delayed = await submit(base, custom('later', {}, { scheduled_at: later, priority: 'Low' }));
    assert.equal((await call(base, 'GET', `/workers/jobs/${delayed}`)).json.status, 'Pending');
    assert.equal((await call(base, 'GET', `/api/v1/workers/jobs/${delayed}`)).json.status, 'delayed');
    const item = (await call(base, 'GET', '/api/v1/workers/jobs?status=delayed')).json.jobs[0];
    assert.deepEqual([item.job_id, item.status, item.priority], [delayed, 'delayed', 'low']);

    const dead = await submit(base, custom('flaky', { fail_times: 9 }, { retry_config: { max_attempts: 1 } }));
    await untilStatus(base, dead, 'DeadLetter');
    assert.equal((await call(base, 'GET', `/api/v1/workers/jobs/${dead}`)).json.status, 'dead_letter');
  });

  it('answers errors with a JSON body carrying a message', async () => {
    const notFound = await call(base, 'GET', `/api/v1/workers/jobs/${MISSING}`);
    assert.equal(notFound.status, 404);
    assert.match(notFound.headers.get('content-type')!, /application\/json/);
    assert.match(notFound.json.message, /not found/i);
    const invalid = await call(base, 'POST', '/api/v1/workers/jobs', { job_type: { type: 'batch_crawl', urls: [] } });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.json.message, 'job_type.urls: must contain at least one URL');
    const badJson = await call(base, 'POST', '/api/v1/workers/jobs', '{nope');
    assert.equal(badJson.status, 400);
    assert.match(badJson.json.message, /JSON/);
    const badCron = await call(base, 'POST', '/api/v1/workers/scheduled', { name: 'x', cron_expression: 'every day', job_template: { type: 'custom', job_name: 'n', payload: 1 } });
    assert.equal(badCron.status, 400);
    assert.match(badCron.json.message, /cron/i);
    const badLimit = await call(base, 'GET', '/api/v1/workers/jobs?limit=abc');
    assert.equal(badLimit.status, 400);
    assert.match(badLimit.json.message, /limit/);
  });
});

describe('local server: list filters, paging and order', function () {
  let server: WorkersServer;
  let base: string;
  const ids: Record<string, string> = {};

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2 });
    base = server.url;
    // One job in each final queue, then a paused pool holding pending jobs.
    ids.done1 = await submit(base, custom('alpha', {}, { metadata: { team: 'Search-Team', n: 1 } }));
    await untilStatus(base, ids.done1, 'Completed');
    ids.done2 = await submit(base, { job_type: { type: 'maintenance', task_type: 'health_check', parameters: {} } });
    await untilStatus(base, ids.done2, 'Completed');
    ids.dead = await submit(base, custom('flaky', { fail_times: 5 }, { retry_config: { max_attempts: 1 }, metadata: { owner: 'carol' } }));
    await untilStatus(base, ids.dead, 'DeadLetter');
    ids.retry = await submit(base, custom('flaky', { fail_times: 5 }, { retry_config: { max_attempts: 3, initial_delay_secs: 600, use_jitter: false } }));
    await untilStatus(base, ids.retry, 'Retrying');
    server.pause();
    ids.low = await submit(base, custom('beta', {}, { priority: 'Low' }));
    ids.normal1 = await submit(base, custom('beta', {}, { metadata: { ticket: 'SEARCH-42' } }));
    ids.normal2 = await submit(base, custom('beta', {}));
    ids.high = await submit(base, { job_type: { type: 'single_crawl', url: `${base}/demo/pages/1` }, priority: 'high' });
    ids.delayed = await submit(base, custom('later', {}, { scheduled_at: new Date(Date.now() + 600_000).toISOString() }));
  });
  after(() => server.close());

  const page = async (query: string) => {
    const a = await call(base, 'GET', `/workers/jobs${query}`);
    assert.equal(a.status, 200, a.text);
    return a.json as { jobs: Array<{ job_id: string; status: string; job_type: string }>; total: number; limit: number; offset: number };
  };

  it('orders queue by queue, highest priority / newest first within one', async () => {
    const all = await page('');
    assert.deepEqual(all.jobs.map((j) => j.job_id), [
      ids.high, ids.normal1, ids.normal2, ids.low, // pending: priority, then FIFO
      ids.done2, ids.done1, // completed: newest first
      ids.dead,
      ids.retry,
      ids.delayed,
    ]);
    assert.equal(all.total, 9);
  });

  it('pages with limit and offset; total counts the page', async () => {
    const p = await page('?limit=3&offset=2');
    assert.deepEqual(p.jobs.map((j) => j.job_id), [ids.normal2, ids.low, ids.done2]);
    assert.deepEqual([p.total, p.limit, p.offset], [3, 3, 2]);
    assert.equal((await page('?limit=1000')).limit, 500);
    assert.equal((await page('?offset=100')).jobs.length, 0);
    assert.equal((await page('?limit=0')).jobs.length, 0);
  });

  it('filters by status with its aliases', async () => {
    const only = async (status: string) => (await page(`?status=${status}`)).jobs.map((j) => j.job_id);
    assert.deepEqual(await only('pending'), [ids.high, ids.normal1, ids.normal2, ids.low]);
    assert.deepEqual(await only('failed'), [ids.dead]);
    assert.deepEqual(await only('dead_letter'), [ids.dead]);
    assert.deepEqual(await only('retry'), [ids.retry]);
    assert.deepEqual(await only('RETRYING'), [ids.retry]);
    assert.deepEqual(await only('scheduled'), [ids.delayed]);
    assert.deepEqual(await only('delayed'), [ids.delayed]);
    assert.equal((await only('bogus')).length, 9);
  });

  it('filters by job type, case-insensitively, including maintenance:<task> and custom:<name>', async () => {
    const only = async (t: string) => (await page(`?job_type=${encodeURIComponent(t)}`)).jobs.map((j) => j.job_id);
    assert.deepEqual(await only('SINGLE_CRAWL'), [ids.high]);
    assert.deepEqual(await only('maintenance'), [ids.done2]);
    assert.deepEqual(await only('Maintenance:Health_Check'), [ids.done2]);
    assert.deepEqual(await only('maintenance:cache_cleanup'), []);
    assert.deepEqual(await only('custom:beta'), [ids.normal1, ids.normal2, ids.low]);
    assert.equal((await only('custom')).length, 7);
    assert.deepEqual(await only('pdf_extraction'), []);
    assert.deepEqual((await page('?job_type=custom:beta&offset=1&limit=1')).jobs.map((j) => j.job_id), [ids.normal2]);
  });

  it('searches worker ids, metadata keys and string metadata values, not job ids', async () => {
    const only = async (s: string) => (await page(`?search=${encodeURIComponent(s)}`)).jobs.map((j) => j.job_id).sort();
    assert.deepEqual(await only('search'), [ids.done1, ids.normal1].sort()); // value "Search-Team", value "SEARCH-42"
    assert.deepEqual(await only('OWNER'), [ids.dead]); // a key
    assert.deepEqual(await only(ids.done1.slice(0, 8)), []);
    assert.deepEqual(await only('1'), []); // the number 1 in metadata is not a string
    const byWorker = await only('worker-');
    assert.deepEqual(byWorker, [ids.done1, ids.done2, ids.dead, ids.retry].sort());
  });

  it('answers 400 naming the parameter for a negative or non-numeric limit or offset', async () => {
    for (const q of ['limit=-1', 'limit=abc', 'limit=1.5', 'offset=-3', 'offset=x']) {
      const a = await call(base, 'GET', `/workers/jobs?${q}`);
      assert.equal(a.status, 400, q);
      assert.match(a.headers.get('content-type')!, /text\/plain/);
      assert.ok(a.text.includes(q.split('=')[0]), a.text);
      assert.equal((await call(base, 'GET', '/workers/stats/queue')).status, 200);
    }
  });
});

describe('local server: bad input', function () {
  let server: WorkersServer;
  let base: string;

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2, maxBodyBytes: 2048 });
    base = server.url;
  });
  after(() => server.close());

  afterEach(async () => {
    // The server keeps serving after every rejection.
    const a = await call(base, 'GET', '/workers/stats/queue');
    assert.equal(a.status, 200);
  });

  const expectText = async (method: string, path: string, body: unknown, status: number, message: RegExp | string, headers: Record<string, string> = {}) => {
    const a = await call(base, method, path, body, headers);
    assert.equal(a.status, status, a.text);
    if (typeof message === 'string') assert.equal(a.text, message);
    else assert.match(a.text, message);
    return a;
  };

  it('400 for malformed JSON', async () => {
    await expectText('POST', '/workers/jobs', '{"job_type": ', 400, /JSON/);
    await expectText('POST', '/workers/schedule', 'nope', 400, /JSON/);
  });

  it('415 without Content-Type: application/json', async () => {
    await expectText('POST', '/workers/jobs', JSON.stringify(custom('x')), 415, /Content-Type: application\/json/, { 'content-type': 'text/plain' });
    const res = await fetch(`${base}/workers/jobs`, { method: 'POST', body: new Uint8Array(Buffer.from(JSON.stringify(custom('x')))) });
    assert.equal(res.status, 415);
  });

  it('422 naming the field for wrong types and missing fields', async () => {
    const cases: Array<[unknown, string]> = [
      [{ job_type: { type: 'batch_crawl', urls: [] } }, 'job_type.urls: must contain at least one URL'],
      [{ job_type: { type: 'batch_crawl', urls: ['ftp://example.com/x'] } }, 'job_type.urls.0: must be an http(s) URL'],
      [{ job_type: { type: 'single_crawl', url: 'not a url' } }, 'job_type.url: must be an http(s) URL'],
      [{ job_type: { type: 'single_crawl' } }, 'job_type.url: is required'],
      [{}, 'job_type: is required'],
      [{ job_type: { type: 'custom', job_name: 'a' } }, 'job_type.payload: is required (any JSON value)'],
      [{ job_type: { type: 'maintenance', task_type: 'health_check' } }, 'job_type.parameters: is required'],
      [custom('x', 1, { priority: 'urgent' }), "priority: expected one of Low, Normal, High, Critical, got 'urgent'"],
      [custom('x', 1, { timeout_secs: '5' }), 'timeout_secs: Invalid input: expected number, received string'],
      [custom('x', 1, { retry_config: { max_attempts: 0 } }), 'retry_config.max_attempts'],
      [custom('x', 1, { scheduled_at: 'tomorrow' }), 'scheduled_at: must be an RFC 3339 date-time'],
      [custom('x', 1, { scheduled_at: '2025-01-15' }), 'scheduled_at: must be an RFC 3339 date-time'],
      [[], 'body: Invalid input: expected object, received array'],
    ];
    for (const [body, message] of cases) {
      const a = await call(base, 'POST', '/workers/jobs', body);
      assert.equal(a.status, 422, JSON.stringify(body));
      assert.ok(a.text.startsWith(message), `${a.text} should start with ${message}`);
    }
    await expectText('POST', '/workers/jobs', { job_type: { type: 'pdf_extraction' } }, 422, /^job_type\.type: /);
    await expectText('POST', '/workers/schedule', { name: '', cron_expression: '* * * * *', job_template: { type: 'custom', job_name: 'a', payload: 1 } }, 422, /^name: must not be empty/);
  });

  it('413 for a body over the limit', async () => {
    const big = custom('x', { blob: 'x'.repeat(5000) });
    await expectText('POST', '/workers/jobs', big, 413, /larger than the limit of 2048 bytes/);
  });

  it('400 for an invalid cron expression, with its reason', async () => {
    const template = { type: 'custom', job_name: 'a', payload: 1 };
    await expectText('POST', '/workers/schedule', { name: 'x', cron_expression: 'garbage', job_template: template }, 400, /Invalid cron expression 'garbage'/);
    await expectText('POST', '/workers/schedule', { name: 'x', cron_expression: '99 * * * * *', job_template: template }, 400, /Invalid cron expression/);
  });

  it('400 for a bad UUID in the path, 404 for an unknown id', async () => {
    await expectText('GET', '/workers/jobs/not-a-uuid', undefined, 400, /not a UUID/);
    await expectText('GET', '/workers/jobs/123/result', undefined, 400, /not a UUID/);
    await expectText('DELETE', '/workers/schedule/xyz', undefined, 400, /not a UUID/);
    await expectText('GET', `/workers/jobs/${MISSING}`, undefined, 404, `Job not found: ${MISSING}`);
    await expectText('GET', `/workers/jobs/${MISSING}/result`, undefined, 404, /not found/);
    await expectText('DELETE', `/workers/schedule/${MISSING}`, undefined, 404, /not found/);
  });

  it('404 while a job has no result yet', async () => {
    server.pause();
    try {
      const id = await submit(base, custom('x'));
      await expectText('GET', `/workers/jobs/${id}/result`, undefined, 404, /has no result yet/);
    } finally {
      server.resume();
    }
  });

  it('404 for unknown routes and 405 (with Allow) for a wrong method', async () => {
    await expectText('GET', '/workers/nothing', undefined, 404, /No route/);
    await expectText('GET', '/', undefined, 404, /No route/);
    const a = await expectText('DELETE', '/workers/jobs', undefined, 405, /not allowed/);
    assert.equal(a.headers.get('allow'), 'POST, GET');
    await expectText('PUT', '/workers/stats/queue', undefined, 405, /not allowed/);
  });
});

describe('local server: API key', function () {
  let server: WorkersServer;
  let base: string;
  const KEY = 'k3y-with-some-length';

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2, apiKey: KEY });
    base = server.url;
  });
  after(() => server.close());

  it('401 with WWW-Authenticate: Bearer without the key or with a wrong one, in both dialects', async () => {
    for (const [path, headers] of [
      ['/workers/stats/queue', {}],
      ['/workers/jobs', { 'x-api-key': 'wrong' }],
      ['/workers/metrics', { authorization: `Bearer ${KEY}x` }],
      ['/workers/nothing-here', {}],
      ['/api/v1/workers/queue/stats', { authorization: 'Basic abc' }],
    ] as Array<[string, Record<string, string>]>) {
      const a = await call(base, 'GET', path, undefined, headers);
      assert.equal(a.status, 401, path);
      assert.equal(a.headers.get('www-authenticate'), 'Bearer');
      if (path.startsWith('/api/')) assert.match(a.json.message, /API key/);
      else assert.match(a.text, /API key/);
    }
    assert.equal((await call(base, 'POST', '/workers/jobs', custom('x'))).status, 401);
  });

  it('accepts the key as X-API-Key or Authorization: Bearer; demo pages need none', async () => {
    assert.equal((await call(base, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': KEY })).status, 200);
    assert.equal((await call(base, 'GET', '/api/v1/workers/queue/stats', undefined, { authorization: `Bearer ${KEY}` })).status, 200);
    const id = await submit(base, custom('x'), { authorization: `bearer ${KEY}` });
    assert.match(id, UUID_RE);
    assert.equal((await call(base, 'GET', '/demo/pages/1')).status, 200);
  });
});

describe('local server: processors', function () {
  let server: WorkersServer;
  let base: string;

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2 });
    base = server.url;
  });
  after(() => server.close());

  const resultOf = async (id: string) => {
    const a = await until(async () => {
      const r = await call(base, 'GET', `/workers/jobs/${id}/result`);
      return r.status === 200 ? r : undefined;
    }, `result of ${id}`);
    return a.json;
  };

  it('batch_crawl fetches pages and extracts title, text and links; a failing URL is counted, not fatal', async () => {
    const urls = [`${base}/demo/pages/1`, `${base}/demo/pages/hostile`, `${base}/demo/pages/404`, 'http://127.0.0.1:1/refused'];
    const id = await submit(base, { job_type: { type: 'batch_crawl', urls, options: { timeout_secs: 5 } } });
    await untilStatus(base, id, 'Completed');
    const r = await resultOf(id);
    assert.equal(r.success, true);
    assert.deepEqual([r.data.total_urls, r.data.successful, r.data.failed, r.data.from_cache], [4, 2, 2, 0]);
    const [page1, hostile, missing, refused] = r.data.results;
    assert.equal(page1.status, 200);
    assert.equal(page1.error, null);
    assert.equal(page1.document.title, 'Demo page 1: Tides');
    assert.match(page1.document.text, /^Tides This is demo page 1 about tides\./);
    assert.ok(!page1.document.text.includes('var demo'), 'script removed');
    assert.ok(!page1.document.text.includes('font-family'), 'style removed');
    assert.match(page1.document.text, /inline markup & an entity/);
    assert.deepEqual(page1.document.links, [`${base}/demo/pages/2`, `${base}/demo/pages`, `${base}/demo/pages/1`]);
    assert.equal(hostile.document.title, '<script>alert("title")</script> Hostile <img src=x onerror=alert(1)>');
    assert.ok(!hostile.document.text.includes('inline script'));
    assert.deepEqual(hostile.document.links, [`${base}/demo/pages/1`]);
    assert.deepEqual([missing.status, missing.document, missing.error], [404, null, 'HTTP error: 404']);
    assert.equal(refused.status, 0);
    assert.match(refused.error, /^Request failed/);
  });

  it('single_crawl answers one CrawlResult; a failing URL is a failed attempt', async () => {
    const ok = await submit(base, { job_type: { type: 'single_crawl', url: `${base}/demo/pages/3` } });
    const r = await resultOf(ok);
    assert.equal(r.data.url, `${base}/demo/pages/3`);
    assert.equal(r.data.document.title, 'Demo page 3: Reefs');

    const bad = await submit(base, { job_type: { type: 'single_crawl', url: `${base}/demo/pages/77` }, retry_config: { max_attempts: 1 } });
    const status = await untilStatus(base, bad, 'DeadLetter');
    assert.equal(status.last_error, 'HTTP error: 404');
    const failed = await resultOf(bad);
    assert.deepEqual([failed.success, failed.data, failed.error], [false, null, 'HTTP error: 404']);
  });

  it('crawls at most 10 URLs of a batch at once, and gives each URL its own timeout', async () => {
    // A site that holds every request until 10 are in flight (or 300 ms pass), and never answers /hang.
    let inFlight = 0;
    let maxInFlight = 0;
    const waiting: Array<() => void> = [];
    const site = http.createServer((req, res) => {
      if (req.url === '/hang') return; // never answers
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const answer = () => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<title>${req.url}</title>`);
      };
      waiting.push(answer);
      if (waiting.length >= 10) waiting.splice(0).forEach((f) => f());
      else setTimeout(() => waiting.splice(0).forEach((f) => f()), 300);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
      const urls = [...Array.from({ length: 25 }, (_, i) => `${origin}/p${i}`), `${origin}/hang`];
      const id = await submit(base, { job_type: { type: 'batch_crawl', urls, options: { timeout_secs: 1 } } });
      const r = await resultOf(id);
      assert.equal(maxInFlight, 10);
      assert.deepEqual([r.data.successful, r.data.failed], [25, 1]);
      assert.equal(r.data.results[3].document.title, '/p3');
      const hang = r.data.results[25];
      assert.deepEqual([hang.status, hang.error], [0, 'Request failed: timed out after 1 seconds']);
    } finally {
      site.closeAllConnections();
      site.close();
    }
  });

  it('a batch of more than 50 URLs fails', async () => {
    const urls = Array.from({ length: 51 }, (_, i) => `${base}/demo/pages/${i}`);
    const id = await submit(base, { job_type: { type: 'batch_crawl', urls }, retry_config: { max_attempts: 1 } });
    const status = await untilStatus(base, id, 'DeadLetter');
    assert.equal(status.last_error, 'Batch size 51 exceeds the maximum of 50 URLs');
  });

  it('maintenance tasks answer their details; an unknown task completes with success false', async () => {
    for (const task of ['cache_cleanup', 'health_check', 'log_rotation']) {
      const id = await submit(base, { job_type: { type: 'maintenance', task_type: task, parameters: { max_age_hours: 24 } } });
      const r = await resultOf(id);
      assert.equal(r.success, true, task);
      assert.equal(r.data.task_type, task);
      assert.equal(r.data.success, true);
      assert.equal(typeof r.data.message, 'string');
      assert.equal(typeof r.data.details, 'object');
    }
    const id = await submit(base, { job_type: { type: 'maintenance', task_type: 'defrag', parameters: {} } });
    const status = await untilStatus(base, id, 'Completed');
    assert.equal(status.retry_count, 0);
    const r = await resultOf(id);
    assert.equal(r.success, false);
    assert.deepEqual(r.data, { task_type: 'defrag', success: false, message: 'Unknown maintenance task type: defrag', details: {} });
  });

  it('custom sleep waits for the time asked and echoes; a bad payload is a failed attempt', async () => {
    const id = await submit(base, custom('sleep', { ms: 150 }));
    const status = await untilStatus(base, id, 'Completed');
    assert.ok(status.processing_time_ms >= 150, String(status.processing_time_ms));
    assert.deepEqual((await resultOf(id)).data.input_payload, { ms: 150 });
    const bad = await submit(base, custom('sleep', { ms: 'long' }, { retry_config: { max_attempts: 1 } }));
    assert.equal((await untilStatus(base, bad, 'DeadLetter')).last_error, 'sleep: payload.ms must be a non-negative number');
  });
});
