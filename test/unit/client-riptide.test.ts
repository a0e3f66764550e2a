// The client against the local server in its RipTide mode: every error body shape becomes a
// readable message with the status and the endpoint; 429 and 503 with Retry-After become a
// RetryLaterError; submitMany and waitForJob ride out the rate limit without losing a job or
// sending one twice, and stop when asked while they wait.
import * as assert from 'node:assert/strict';
import { ApiError, CancelledError, errorBody, isJobReadRefused, RetryLaterError, retryAfterMs, WorkersClient, type JobConfig, type RateLimitWait } from '../../src/api';
import { startWorkersServer, type JobEvent, type RiptideModeOptions, type WorkersServer } from '../../src/server';

// RipTide's custom processor takes only the job name 'Custom'.
const echo = (n: number): JobConfig => ({ job_type: { type: 'custom', job_name: 'Custom', payload: { n } } }) as JobConfig;

describe('client against the RipTide mode', function () {
  const servers: WorkersServer[] = [];
  const clients: WorkersClient[] = [];
  const start = async (riptide: RiptideModeOptions, apiKey?: string) => {
    const server = await startWorkersServer({ port: 0, workers: 2, riptide, apiKey });
    servers.push(server);
    return server;
  };
  const clientOf = (server: WorkersServer, apiKey?: string) => {
    const client = new WorkersClient({ baseUrl: server.url, apiKey });
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  describe('error bodies', () => {
    it('reads each shape without showing JSON', () => {
      assert.deepEqual(errorBody(''), { message: '', shape: 'empty' });
      assert.deepEqual(errorBody('Job not found: x\n'), { message: 'Job not found: x', shape: 'text' });
      assert.deepEqual(errorBody('{"error":{"type":"rate_limited","message":"Slow down","retryable":true,"status":429}}'), {
        message: 'Slow down',
        type: 'rate_limited',
        retryable: true,
        shape: 'envelope',
      });
      assert.deepEqual(errorBody('{"error":"Unauthorized","message":"Invalid API key"}'), { message: 'Unauthorized: Invalid API key', shape: 'unauthorized' });
      assert.deepEqual(errorBody('{"message":"nope"}'), { message: 'nope', shape: 'message' });
      assert.deepEqual(errorBody('{"detail":"bad"}'), { message: 'bad', shape: 'message' });
      assert.equal(errorBody('{"weird":[1,2]}').message, 'an answer without a message');
      assert.equal(errorBody('[1]').message, 'an answer without a message');
      assert.equal(errorBody('{"error":{"type":"x"}}').message, 'x');
      assert.equal(errorBody('x'.repeat(400)).message.length, 301);
    });

    it('reads Retry-After as seconds or as a date', () => {
      assert.equal(retryAfterMs('60'), 60_000);
      assert.equal(retryAfterMs('1.5'), 1500);
      assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
      assert.equal(retryAfterMs('soon'), undefined);
      assert.equal(retryAfterMs(undefined), undefined);
    });

    it('names the status, the endpoint and the message of the 401 body', async () => {
      const server = await start({}, 'secret');
      await assert.rejects(clientOf(server).getQueueStats(), (err: ApiError) => {
        assert.equal(err.status, 401);
        assert.equal(err.message, 'HTTP 401 from GET /workers/stats/queue: Unauthorized: Missing API key');
        return true;
      });
      await assert.rejects(clientOf(server, 'wrong').getQueueStats(), /^ApiError: HTTP 401 from GET \/workers\/stats\/queue: Unauthorized: Invalid API key$/);
    });

    it('says what a JSON 404 of a build without the Workers API and a 503 of a disabled one mean', async () => {
      const missing = await start({ workersApi: 'missing' });
      await assert.rejects(clientOf(missing).getQueueStats(), (err: ApiError) => {
        assert.match(err.message, /^HTTP 404 from GET \/workers\/stats\/queue: Not found: \/workers\/stats\/queue \(this server has no Workers API: a RipTide build without its `workers` feature\)$/);
        assert.doesNotMatch(err.message, /[{}"]/);
        return true;
      });
      const disabled = await start({ workersApi: 'disabled' });
      await assert.rejects(clientOf(disabled).getQueueStats(), (err: ApiError) => {
        assert.ok(!(err instanceof RetryLaterError), 'no Retry-After: not a wait');
        assert.equal(err.message, 'HTTP 503 from GET /workers/stats/queue: Worker service is not enabled');
        return true;
      });
    });

    it('says that a 405 on job reads is the known defect, and recognises it', async () => {
      const server = await start({ refuseJobReads: true });
      const client = clientOf(server);
      const { job_id } = await client.submitJob(echo(1));
      for (const read of [() => client.listJobs({ status: 'pending' }), () => client.getJobStatus(job_id), () => client.getJobResult(job_id)]) {
        await assert.rejects(read(), (err: unknown) => {
          assert.ok(isJobReadRefused(err));
          assert.match((err as Error).message, /^HTTP 405 from GET \/workers\/jobs.*a known defect of its request validation: counts, schedules and submission still work\)$/);
          return true;
        });
      }
      assert.ok(!isJobReadRefused(new ApiError(405, '', 'DELETE /workers/schedule/x')));
    });

    it('turns 429 and 503 with Retry-After into a RetryLaterError carrying the wait', async () => {
      const server = await start({ rateLimitPerMinute: 1, capacityPerMinute: 1 });
      const client = clientOf(server);
      await client.getQueueStats();
      await assert.rejects(client.getQueueStats(), (err: RetryLaterError) => {
        assert.ok(err instanceof RetryLaterError);
        assert.equal(err.rateLimited, true);
        assert.equal(err.retryAfterMs, 60_000);
        assert.equal(err.message, 'HTTP 429 from GET /workers/stats/queue: Rate limit exceeded: 1 requests per minute (the server asks to wait 60 s)');
        return true;
      });
      // The third request of the window, from another key: the server is at capacity.
      await assert.rejects(clientOf(server, 'other').getQueueStats(), (err: RetryLaterError) => {
        assert.ok(err instanceof RetryLaterError);
        assert.equal(err.status, 503);
        assert.equal(err.rateLimited, false);
        assert.equal(err.retryAfterMs, 30_000);
        return true;
      });
    });
  });

  describe('riding out the rate limit', () => {
    it('submitMany: every worker pauses for the wait, then goes on; nothing lost or sent twice', async function () {
      this.timeout(30_000);
      const server = await start({ rateLimitPerMinute: 20, rateWindowMs: 1000 });
      const accepted: string[] = [];
      server.events.on('job', (e: JobEvent) => e.transition === 'submitted' && accepted.push(e.job_id));
      const waits: RateLimitWait[] = [];
      const jobs = Array.from({ length: 50 }, (_, i) => echo(i));
      const started = Date.now();
      const outcomes = await clientOf(server).submitMany(jobs, { concurrency: 8, onRateLimited: (w) => waits.push(w) });
      assert.equal(outcomes.length, 50);
      assert.deepEqual(outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.error.message), [], 'no job failed');
      const ids = outcomes.map((o) => (o.ok ? o.jobId : ''));
      assert.equal(new Set(ids).size, 50, 'fifty distinct jobs');
      assert.equal(accepted.length, 50, 'the server accepted each exactly once');
      assert.deepEqual(new Set(accepted), new Set(ids));
      assert.ok(waits.length >= 2, `waited ${waits.length} time(s)`);
      assert.ok(waits.every((w) => w.ms === 1000 && w.error.status === 429));
      assert.ok(Date.now() - started >= 2000, 'fifty jobs at twenty per window take at least two more windows');
    });

    it('submitMany: stop ends the wait; the jobs not accepted are reported as cancelled, none is sent later', async function () {
      const server = await start({ rateLimitPerMinute: 3 }); // a 60 s wait once three are in
      const accepted: string[] = [];
      server.events.on('job', (e: JobEvent) => e.transition === 'submitted' && accepted.push(e.job_id));
      const stop = new AbortController();
      const outcomes = await clientOf(server).submitMany(Array.from({ length: 10 }, (_, i) => echo(i)), {
        concurrency: 2,
        stop: stop.signal,
        onRateLimited: () => stop.abort(),
      });
      assert.equal(outcomes.filter((o) => o.ok).length, 3);
      assert.equal(accepted.length, 3);
      const cancelled = outcomes.filter((o) => !o.ok);
      assert.equal(cancelled.length, 7);
      assert.ok(cancelled.every((o) => !o.ok && o.error instanceof CancelledError));
    });

    it('waitForJob waits out a 429 and still returns the result; its signal ends the wait', async function () {
      this.timeout(15_000);
      // Paused until the first wait, so the job is still running when the limit is reached.
      const server = await startWorkersServer({ port: 0, workers: 2, paused: true, riptide: { rateLimitPerMinute: 3, rateWindowMs: 1000 } });
      servers.push(server);
      const client = clientOf(server);
      const { job_id } = await client.submitJob(echo(7));
      const waits: RateLimitWait[] = [];
      const result = await client.waitForJob(job_id, {
        pollInterval: 0.05,
        onRateLimited: (w) => {
          waits.push(w);
          server.resume();
        },
      });
      assert.equal(result.job_id, job_id);
      assert.ok(waits.length >= 1);

      const slow = await start({ rateLimitPerMinute: 1, stalledWorkers: true });
      const slowClient = clientOf(slow);
      const { job_id: stuck } = await slowClient.submitJob(echo(8));
      const controller = new AbortController();
      await assert.rejects(slowClient.waitForJob(stuck, { signal: controller.signal, onRateLimited: () => controller.abort() }), CancelledError);
    });

    it('waitForJob gives up at its timeout rather than waiting past it', async () => {
      const server = await start({ rateLimitPerMinute: 1 });
      const client = clientOf(server);
      const { job_id } = await client.submitJob(echo(1));
      await assert.rejects(client.waitForJob(job_id, { timeout: 2 }), /did not finish within 2 s \(the server asked to wait 60 s/);
    });
  });
});
