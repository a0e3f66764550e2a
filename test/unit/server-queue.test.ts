// The local server's queue semantics: priority and FIFO order, delayed jobs, retry timing and
// dead letter, timeouts, cron schedules, result expiry. Synchronised on job events, not sleeps.
import * as assert from 'node:assert/strict';
import { startWorkersServer, type JobEvent, type WorkersServer } from '../../src/server';
import { retryDelayMs } from '../../src/server/jobs';
import { call, custom, recordEvents, submit, until, untilStatus } from './serverTestUtil';

describe('local server: queue semantics', function () {
  this.timeout(20_000);
  let server: WorkersServer;
  let base: string;

  beforeEach(async () => {
    server = await startWorkersServer({ port: 0, workers: 2, paused: true });
    base = server.url;
  });
  afterEach(() => server.close());

  it('runs higher priority first and FIFO within a priority', async () => {
    const events = recordEvents(server);
    const submitted: Array<[string, string]> = [];
    for (const [name, priority] of [
      ['low-1', 'Low'], ['normal-1', 'Normal'], ['high-1', 'high'], ['normal-2', 'NORMAL'],
      ['critical-1', 'Critical'], ['low-2', 'low'], ['high-2', 'High'], ['normal-3', undefined],
    ] as Array<[string, string | undefined]>) {
      submitted.push([await submit(base, custom('echo', {}, { priority, metadata: { name } })), name]);
    }
    const nameOf = new Map(submitted);
    const queued = await call(base, 'GET', '/workers/stats/queue');
    assert.equal(queued.json.pending, 8);
    assert.equal(queued.json.processing, 0);

    server.resume();
    await until(() => (events.filter((e) => e.transition === 'completed').length === 8 ? true : undefined), 'all jobs to complete');
    const started = events.filter((e) => e.transition === 'started').map((e) => nameOf.get(e.job_id));
    assert.deepEqual(started, ['critical-1', 'high-1', 'high-2', 'normal-1', 'normal-2', 'normal-3', 'low-1', 'low-2']);
    const workers = new Set(events.filter((e) => e.transition === 'started').map((e) => e.worker_id));
    assert.deepEqual([...workers].sort(), ['worker-0', 'worker-1']);
  });

  it('keeps a job with a future scheduled_at delayed until then', async () => {
    server.resume();
    const at = Date.now() + 1200;
    const startedEvent = server.waitForEvent((e) => e.transition === 'started');
    const id = await submit(base, custom('echo', {}, { scheduled_at: new Date(at).toISOString() }));
    const stats = await call(base, 'GET', '/workers/stats/queue');
    assert.deepEqual([stats.json.delayed, stats.json.pending], [1, 0]);
    assert.equal((await call(base, 'GET', `/workers/jobs/${id}`)).json.status, 'Pending');
    assert.equal((await call(base, 'GET', `/api/v1/workers/jobs/${id}`)).json.status, 'delayed');

    const e = await startedEvent;
    assert.equal(e.job_id, id);
    assert.ok(e.at >= at, `started ${at - e.at} ms early`);
    await untilStatus(base, id, 'Completed');
    assert.equal((await call(base, 'GET', '/workers/stats/queue')).json.delayed, 0);
  });

  it('a past scheduled_at runs at once', async () => {
    server.resume();
    const id = await submit(base, custom('echo', {}, { scheduled_at: '2020-01-01T00:00:00Z' }));
    await untilStatus(base, id, 'Completed');
  });

  it('retries a failing job with exponential backoff, then completes it', async () => {
    server.resume();
    const events = recordEvents(server);
    const retry_config = { max_attempts: 3, initial_delay_secs: 1, backoff_multiplier: 1.5, max_delay_secs: 60, use_jitter: false };
    const id = await submit(base, custom('flaky', { fail_times: 2 }, { retry_config }));
    const done = await server.waitForEvent((e) => e.job_id === id && (e.transition === 'completed' || e.transition === 'dead_letter'));
    assert.equal(done.transition, 'completed');

    const mine = events.filter((e) => e.job_id === id);
    assert.deepEqual(mine.map((e) => e.transition), ['submitted', 'started', 'retrying', 'ready', 'started', 'retrying', 'ready', 'started', 'completed']);
    const [, , retry1, , start2, retry2, , start3] = mine;
    assert.deepEqual([retry1.retry_count, retry1.last_error, retry1.status], [1, 'flaky: planned failure 1 of 2', 'Retrying']);
    assert.deepEqual([retry2.retry_count, retry2.last_error], [2, 'flaky: planned failure 2 of 2']);
    // min(1 * 1.5^1, 60) = 1.5 s, floored to 1 s, then min(1 * 1.5^2, 60) = 2.25 s, floored to 2 s.
    assert.ok(start2.at - retry1.at >= 1000, `first retry after ${start2.at - retry1.at} ms`);
    assert.ok(start3.at - retry2.at >= 2000, `second retry after ${start3.at - retry2.at} ms`);

    const status = (await call(base, 'GET', `/workers/jobs/${id}`)).json;
    assert.deepEqual([status.status, status.retry_count], ['Completed', 2]);
    const result = (await call(base, 'GET', `/workers/jobs/${id}/result`)).json;
    assert.equal(result.success, true);
    const metrics = (await call(base, 'GET', '/workers/metrics')).json;
    assert.deepEqual([metrics.jobs_failed, metrics.jobs_retried, metrics.jobs_completed, metrics.jobs_dead_letter], [2, 2, 1, 0]);
    assert.equal(metrics.job_type_stats['custom:flaky'].retried, 2);
  });

  it('shows a retrying job as Retrying (retry in the SDK) while it waits', async () => {
    server.resume();
    const retrying = server.waitForEvent((e) => e.transition === 'retrying');
    const id = await submit(base, custom('flaky', { fail_times: 1 }, { retry_config: { initial_delay_secs: 300, use_jitter: false } }));
    await retrying;
    const status = (await call(base, 'GET', `/workers/jobs/${id}`)).json;
    assert.deepEqual([status.status, status.retry_count, status.last_error, status.completed_at], ['Retrying', 1, 'flaky: planned failure 1 of 1', null]);
    assert.equal((await call(base, 'GET', `/api/v1/workers/jobs/${id}`)).json.status, 'retry');
    assert.equal((await call(base, 'GET', '/workers/stats/queue')).json.retry, 1);
    const failed = (await call(base, 'GET', `/workers/jobs/${id}/result`)).json;
    assert.deepEqual([failed.success, failed.error], [false, 'flaky: planned failure 1 of 1']);
  });

  it('dead-letters a job once retry_count reaches max_attempts', async () => {
    server.resume();
    // With no retry delay the job can be dead before the submit's answer arrives: wait first.
    const tag = `dead-${Date.now()}`;
    const deadEvent = server.waitForEvent((e) => e.metadata.tag === tag && e.transition === 'dead_letter');
    const id = await submit(base, custom('flaky', { fail_times: 5 }, { metadata: { tag }, retry_config: { max_attempts: 2, initial_delay_secs: 0, use_jitter: false } }));
    const dead = await deadEvent;
    assert.equal(dead.job_id, id);
    assert.deepEqual([dead.retry_count, dead.last_error], [2, 'flaky: planned failure 2 of 5']);
    const status = (await call(base, 'GET', `/workers/jobs/${id}`)).json;
    assert.equal(status.status, 'DeadLetter');
    assert.notEqual(status.completed_at, null);
    const stats = (await call(base, 'GET', '/workers/stats/queue')).json;
    assert.deepEqual([stats.failed, stats.completed], [1, 0]);
    const result = (await call(base, 'GET', `/workers/jobs/${id}/result`)).json;
    assert.deepEqual([result.success, result.error, result.data], [false, 'flaky: planned failure 2 of 5', null]);
    const metrics = (await call(base, 'GET', '/workers/metrics')).json;
    assert.deepEqual([metrics.jobs_dead_letter, metrics.jobs_failed, metrics.jobs_retried], [1, 2, 1]);
    assert.equal(metrics.success_rate, 0);
  });

  it('fails an attempt that runs past timeout_secs', async () => {
    server.resume();
    const id = await submit(base, custom('sleep', { ms: 10_000 }, { timeout_secs: 1, retry_config: { max_attempts: 1 } }));
    const dead = await server.waitForEvent((e) => e.job_id === id && e.transition === 'dead_letter');
    assert.equal(dead.last_error, 'Job timed out after 1 seconds');
    const result = (await call(base, 'GET', `/workers/jobs/${id}/result`)).json;
    assert.equal(result.error, 'Job timed out after 1 seconds');
    assert.ok(result.processing_time_ms >= 1000 && result.processing_time_ms < 5000, String(result.processing_time_ms));
    // The worker is free again.
    const next = await submit(base, custom('echo'));
    await untilStatus(base, next, 'Completed');
  });

  it('computes backoff as the contract says, with at most 10% jitter, floored to seconds', () => {
    const retry = { max_attempts: 5, initial_delay_secs: 30, backoff_multiplier: 2, max_delay_secs: 300, use_jitter: false };
    assert.deepEqual([1, 2, 3, 4].map((n) => retryDelayMs(retry, n)), [60_000, 120_000, 240_000, 300_000]);
    assert.equal(retryDelayMs({ ...retry, use_jitter: true }, 1, () => 0.999), 65_000); // 60 + 5.99 -> 65
    assert.equal(retryDelayMs({ ...retry, use_jitter: true }, 4, () => 0.5), 315_000); // 300 + 15
    assert.equal(retryDelayMs({ ...retry, initial_delay_secs: 0.4 }, 1), 0); // 0.8 s floors to 0
  });

  it('keeps every delay finite at the bounds, where the growth overflows', () => {
    const max = { max_attempts: 1000, initial_delay_secs: 2_592_000, backoff_multiplier: 1000, max_delay_secs: 2_592_000, use_jitter: true };
    for (const retryCount of [1, 102, 103, 999]) {
      assert.equal(retryDelayMs(max, retryCount, () => 0), 2_592_000_000, `retry ${retryCount}`);
      assert.equal(retryDelayMs({ ...max, initial_delay_secs: 0 }, retryCount), 0, `retry ${retryCount}, no initial delay`); // not 0 * Infinity = NaN
    }
  });
});

describe('local server: schedules and result expiry', function () {
  this.timeout(20_000);
  let server: WorkersServer;
  let base: string;

  beforeEach(async () => {
    server = await startWorkersServer({ port: 0, workers: 2, resultTtlSecs: 0.5 });
    base = server.url;
  });
  afterEach(() => server.close());

  it('a due schedule submits jobs carrying its metadata; a disabled one never fires', async () => {
    const template = { type: 'custom', job_name: 'tick', payload: { n: 1 } };
    const disabled = await call(base, 'POST', '/workers/schedule', { name: 'off', cron_expression: '* * * * * *', job_template: template, enabled: false });
    assert.equal(disabled.status, 200);
    assert.equal(disabled.json.enabled, false);

    const fired: JobEvent[] = [];
    const second = new Promise<void>((resolve) => {
      server.events.on('job', (e: JobEvent) => {
        if (e.transition !== 'submitted') return;
        fired.push(e);
        if (fired.length === 2) resolve();
      });
    });
    const created = await call(base, 'POST', '/workers/schedule', {
      name: 'every-second', cron_expression: '* * * * * *', job_template: template, priority: 'High', metadata: { origin: 'cron-test' },
    });
    assert.equal(created.status, 200, created.text);
    await second;

    const id = created.json.id;
    assert.deepEqual(fired.map((e) => e.metadata), [
      { origin: 'cron-test', scheduled_job_id: id, scheduled_job_name: 'every-second', execution_count: 1 },
      { origin: 'cron-test', scheduled_job_id: id, scheduled_job_name: 'every-second', execution_count: 2 },
    ]);
    assert.deepEqual(fired.map((e) => [e.job_type, e.priority]), [['custom:tick', 'High'], ['custom:tick', 'High']]);
    // Runs of successive seconds: the second is not before the whole second after the first's
    // (a timer late under load may shorten the gap, but never puts both in one second).
    assert.ok(Math.floor(fired[1].at / 1000) > Math.floor(fired[0].at / 1000), `fired at ${fired[0].at} and ${fired[1].at}, in the same second`);

    const list = (await call(base, 'GET', '/workers/schedule')).json as Array<Record<string, unknown>>;
    const on = list.find((s) => s.id === id)!;
    const off = list.find((s) => s.id === disabled.json.id)!;
    assert.ok((on.execution_count as number) >= 2);
    assert.notEqual(on.last_executed_at, null);
    assert.ok(Date.parse(on.next_execution_at as string) > Date.parse(on.last_executed_at as string));
    assert.deepEqual([off.execution_count, off.last_executed_at], [0, null]);
    assert.equal(fired.some((e) => e.metadata.scheduled_job_id === disabled.json.id), false);

    // Deleting stops it: no job of it is submitted after the delete answered.
    assert.equal((await call(base, 'DELETE', `/workers/schedule/${id}`)).status, 204);
    const deletedAt = Date.now();
    const probe = await submit(base, custom('sleep', { ms: 1100 }));
    await untilStatus(base, probe, 'Completed');
    assert.equal(fired.filter((e) => e.at > deletedAt && e.metadata.scheduled_job_id === id).length, 0);
  });

  it('drops a result after resultTtlSecs (404 after), keeping the job', async () => {
    const id = await submit(base, custom('echo'));
    const done = await untilStatus(base, id, 'Completed');
    const completedAt = Date.parse(done.completed_at);
    const first = await call(base, 'GET', `/workers/jobs/${id}/result`);
    const expired = await until(async () => {
      const a = await call(base, 'GET', `/workers/jobs/${id}/result`);
      return a.status === 404 ? a : undefined;
    }, 'the result to expire');
    const expiredSeenAt = Date.now();
    if (first.status === 200) assert.equal(first.json.job_id, id);
    else assert.ok(Date.now() - completedAt >= 500); // a slow machine may already be past the TTL
    assert.ok(expiredSeenAt - completedAt >= 500, `expired after ${expiredSeenAt - completedAt} ms`);
    assert.match(expired.text, /has expired/);
    assert.equal((await call(base, 'GET', `/workers/jobs/${id}`)).json.status, 'Completed');
  });
});
