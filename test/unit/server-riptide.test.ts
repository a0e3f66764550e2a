// The local server's RipTide mode: its middleware answers (rate limit, capacity, builds without
// or with a disabled Workers API, the 400 on SQL words in a query string, the 405 on job reads,
// the 401 body) and its stalled pool.
import * as assert from 'node:assert/strict';
import { startWorkersServer, type RiptideModeOptions, type WorkersServer } from '../../src/server';
import { call, custom, submit, until } from './serverTestUtil';

async function riptideServer(riptide: RiptideModeOptions, extra: { apiKey?: string } = {}): Promise<WorkersServer> {
  return startWorkersServer({ port: 0, workers: 2, riptide, ...extra });
}

describe('local server: RipTide mode', function () {
  const servers: WorkersServer[] = [];
  const start = async (riptide: RiptideModeOptions, extra: { apiKey?: string } = {}) => {
    const s = await riptideServer(riptide, extra);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('rate-limits each client in fixed windows: 429 with Retry-After and the JSON envelope, then lets it through again', async () => {
    const s = await start({ rateLimitPerMinute: 5 });
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await call(s.url, 'GET', '/workers/stats/queue'));
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200, 200, 429]);
    const limited = answers[5];
    assert.equal(limited.headers.get('retry-after'), '60');
    assert.match(limited.headers.get('content-type')!, /application\/json/);
    assert.deepEqual(limited.json, { error: { type: 'rate_limited', message: 'Rate limit exceeded: 5 requests per minute', retryable: true, status: 429 } });
    // Another client (another key) has its own count.
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': 'other' })).status, 200);
  });

  it('lets a limited client through again in the next window; Retry-After follows a shortened window', async () => {
    const s = await start({ rateLimitPerMinute: 1, rateWindowMs: 1500 });
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).status, 200);
    const limited = await call(s.url, 'GET', '/workers/stats/queue');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    await until(async () => ((await call(s.url, 'GET', '/workers/stats/queue')).status === 200 ? true : undefined), 'the next window', 5000);
  });

  it('counts a Bearer token as its own client', async () => {
    const s = await start({ rateLimitPerMinute: 1 });
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue', undefined, { authorization: 'Bearer a' })).status, 200);
    const second = await call(s.url, 'GET', '/workers/stats/queue', undefined, { authorization: 'Bearer a' });
    assert.equal(second.status, 429);
    assert.equal(second.headers.get('retry-after'), '60');
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue', undefined, { authorization: 'Bearer b' })).status, 200);
  });

  it('a job refused with 429 was not accepted', async () => {
    const s = await start({ rateLimitPerMinute: 1 });
    await submit(s.url, custom('echo'));
    const refused = await call(s.url, 'POST', '/workers/jobs', custom('echo'));
    assert.equal(refused.status, 429);
    const stats = await call(s.url, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': 'reader' });
    assert.equal(stats.json.total, 1);
  });

  it('answers 503 with Retry-After when all clients together reach its capacity', async () => {
    const s = await start({ rateLimitPerMinute: 0, capacityPerMinute: 2 });
    const statuses = [];
    for (const key of ['a', 'b', 'c']) statuses.push(await call(s.url, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': key }));
    assert.deepEqual(statuses.map((a) => a.status), [200, 200, 503]);
    assert.equal(statuses[2].headers.get('retry-after'), '30');
    assert.equal(statuses[2].json.error.status, 503);
    assert.equal(statuses[2].json.error.retryable, true);
  });

  it('a build without the workers feature answers a JSON 404 on every /workers route; /healthz says nothing of the worker service', async () => {
    const s = await start({ workersApi: 'missing' });
    for (const [method, path] of [['GET', '/workers/stats/queue'], ['GET', '/workers/jobs'], ['POST', '/workers/jobs'], ['GET', '/workers/schedule']]) {
      const a = await call(s.url, method, path, method === 'POST' ? custom('echo') : undefined);
      assert.equal(a.status, 404, path);
      assert.equal(a.json.error.type, 'not_found');
      assert.equal(a.json.error.status, 404);
    }
    const health = await call(s.url, 'GET', '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.json.status, 'healthy');
    assert.equal(health.json.dependencies.worker_service, undefined);
  });

  it('with the worker service off answers 503 (no Retry-After) on /workers, and /healthz says the worker service is unhealthy', async () => {
    const s = await start({ workersApi: 'disabled' });
    const a = await call(s.url, 'GET', '/workers/stats/queue');
    assert.equal(a.status, 503);
    assert.equal(a.headers.get('retry-after'), null);
    assert.equal(a.json.error.message, 'Worker service is not enabled');
    const health = await call(s.url, 'GET', '/healthz');
    assert.equal(health.json.dependencies.worker_service.status, 'unhealthy');
  });

  it('refuses every GET under /workers/jobs with 405 (Allow: POST) and still takes submissions and stats', async () => {
    const s = await start({ refuseJobReads: true });
    const id = await submit(s.url, custom('echo'));
    for (const path of ['/workers/jobs', '/workers/jobs?status=pending', `/workers/jobs/${id}`, `/workers/jobs/${id}/result`]) {
      const a = await call(s.url, 'GET', path);
      assert.equal(a.status, 405, path);
      assert.equal(a.headers.get('allow'), 'POST');
      assert.equal(a.json.error.type, 'method_not_allowed');
    }
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).status, 200);
    assert.equal((await call(s.url, 'GET', '/workers/schedule')).status, 200);
  });

  it('refuses a query string with an SQL word (any case, inside a word, encoded) with 400 and the envelope; others pass', async () => {
    const s = await start({ rateLimitPerMinute: 0 });
    for (const query of ['search=update', 'search=SELECTION', 'search=created%20today', 'search=a--b', 'search=dr%6Fp', 'job_type=custom%3Aexec_report']) {
      const a = await call(s.url, 'GET', `/workers/jobs?${query}`);
      assert.equal(a.status, 400, query);
      assert.equal(a.json.error.type, 'validation_error', query);
      assert.match(a.json.error.message, /forbidden pattern/, query);
    }
    for (const query of ['search=crawl', 'status=pending&limit=5', 'search=data%20export']) {
      assert.equal((await call(s.url, 'GET', `/workers/jobs?${query}`)).status, 200, query);
    }
  });

  it('answers 401 with its own body and WWW-Authenticate: Bearer; a malformed key is a 400', async () => {
    const s = await start({}, { apiKey: 'secret' });
    const missing = await call(s.url, 'GET', '/workers/stats/queue');
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    assert.deepEqual(missing.json, { error: 'Unauthorized', message: 'Missing API key' });
    const wrong = await call(s.url, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': 'nope' });
    assert.deepEqual(wrong.json, { error: 'Unauthorized', message: 'Invalid API key' });
    const long = await call(s.url, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': 'k'.repeat(129) });
    assert.equal(long.status, 400);
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': 'secret' })).status, 200);
    assert.equal((await call(s.url, 'GET', '/healthz')).status, 200, '/healthz is public');
  });

  it('answers 429 to an address after 10 failed authentications in a window', async () => {
    const s = await start({ rateLimitPerMinute: 0 }, { apiKey: 'secret' });
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await call(s.url, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': `wrong-${i}` })).status);
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
  });

  it('unknown routes and methods get the JSON envelope; handlers answer plain text', async () => {
    const s = await start({});
    const unknown = await call(s.url, 'GET', '/workers/nothing');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.type, 'not_found');
    const method = await call(s.url, 'DELETE', '/workers/jobs');
    assert.equal(method.status, 405);
    assert.equal(method.json.error.status, 405);
    const notFound = await call(s.url, 'GET', '/workers/jobs/00000000-0000-4000-8000-000000000000');
    assert.equal(notFound.status, 404);
    assert.match(notFound.headers.get('content-type')!, /text\/plain/);
    assert.equal(notFound.json, undefined);
  });

  it('with stalled workers, jobs stay Pending while the pool says it runs and the metrics stay zero', async () => {
    const s = await start({ stalledWorkers: true });
    const id = await submit(s.url, custom('echo'));
    const workers = await call(s.url, 'GET', '/workers/stats/workers');
    assert.equal(workers.json.is_running, true);
    assert.equal(workers.json.total_jobs_processed, 0);
    const metrics = await call(s.url, 'GET', '/workers/metrics');
    assert.equal(metrics.json.jobs_submitted, 0);
    assert.equal(metrics.json.total_workers, 0);
    assert.equal(metrics.json.healthy_workers, 0);
    const status = await call(s.url, 'GET', `/workers/jobs/${id}`);
    assert.equal(status.json.status, 'Pending');
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).json.pending, 1);
  });

  it('the default mode keeps the contract: no rate limit, no /healthz', async () => {
    const s = await startWorkersServer({ port: 0, workers: 2 });
    servers.push(s);
    for (let i = 0; i < 120; i++) assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).status, 200);
    assert.equal((await call(s.url, 'GET', '/healthz')).status, 404);
  });
});
