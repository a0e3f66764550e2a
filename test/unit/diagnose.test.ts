// The connection diagnosis against the local server in each of its RipTide builds: each names
// its cause, says what to do, and never carries the key.
import * as assert from 'node:assert/strict';
import { WorkersClient } from '../../src/api';
import { CRON_PROBE_NAME, diagnoseConnection, formatDiagnosis, safeUrl, type Check, type Diagnosis } from '../../src/core/diagnose/diagnose';
import { startWorkersServer, type WorkersServerOptions, type WorkersServer } from '../../src/server';

describe('Diagnose Connection', function () {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function diagnose(options: WorkersServerOptions, key?: string): Promise<{ d: Diagnosis; server: WorkersServer; text: string }> {
    const server = await startWorkersServer({ port: 0, workers: 2, ...options });
    const client = new WorkersClient({ baseUrl: server.url, apiKey: key });
    cleanups.push(() => server.close(), () => client.close());
    const d = await diagnoseConnection(client, { serverUrl: server.url, keySet: key !== undefined, budgetPerMinute: 60 });
    return { d, server, text: formatDiagnosis(d) };
  }
  const outcome = (d: Diagnosis, id: Check['id']) => d.checks.find((c) => c.id === id)!;
  const outcomes = (d: Diagnosis) => Object.fromEntries(d.checks.map((c) => [c.id, c.outcome]));

  it('a working RipTide server: every check passes but the unannounced rate limit; the cron probe creates nothing', async () => {
    const { d, server, text } = await diagnose({ riptide: {} });
    assert.deepEqual(outcomes(d), { answers: 'passed', health: 'passed', workersApi: 'passed', key: 'passed', jobReads: 'passed', rateLimit: 'unknown', cron: 'passed' });
    assert.match(outcome(d, 'cron').detail, /speaks RipTide's dialect\. Nothing was created/);
    const schedules = await (await fetch(`${server.url}/workers/schedule`, { headers: { 'x-api-key': 'other' } })).json();
    assert.deepEqual(schedules, []);
    assert.match(text, /^RipTide connection diagnosis\n/);
    assert.match(text, /6\. \[UNKNOWN\] Rate-limit headroom\n {5}The server does not announce its limit/);
    assert.match(text, /Summary: 6 passed, 0 failed/);
  });

  it('a build without the workers feature: the Workers API check names it and says what to do', async () => {
    const { d, text } = await diagnose({ riptide: { workersApi: 'missing' } });
    assert.equal(outcome(d, 'workersApi').outcome, 'failed');
    assert.match(outcome(d, 'workersApi').detail, /built without its `workers` feature/);
    assert.match(outcome(d, 'workersApi').advice!, /`workers` Cargo feature/);
    assert.equal(outcome(d, 'health').outcome, 'warning');
    assert.equal(outcome(d, 'jobReads').outcome, 'skipped');
    assert.match(text, /What to do: Build RipTide with the `workers` Cargo feature/);
  });

  it('the worker service off: 503, said by /healthz and by the Workers API check', async () => {
    const { d } = await diagnose({ riptide: { workersApi: 'disabled' } });
    assert.equal(outcome(d, 'health').outcome, 'failed');
    assert.match(outcome(d, 'health').detail, /Worker service: unhealthy \(Worker service is not enabled\)/);
    assert.equal(outcome(d, 'workersApi').outcome, 'failed');
    assert.match(outcome(d, 'workersApi').advice!, /WORKERS_ENABLED=true/);
  });

  it('the 405 on job reads: the known defect, and what still works', async () => {
    const { d } = await diagnose({ riptide: { refuseJobReads: true } });
    assert.equal(outcome(d, 'jobReads').outcome, 'failed');
    assert.match(outcome(d, 'jobReads').detail, /HTTP 405 from GET \/workers\/jobs \(Allow: POST\): .*known defect of its request validation/);
    assert.match(outcome(d, 'jobReads').advice!, /counts, schedules, worker stats and submission still work/);
    assert.equal(outcome(d, 'cron').outcome, 'passed');
  });

  it('a refused or missing key: says which, and the key never appears in the report', async () => {
    const key = 'k3y-that-must-not-show';
    const { d, text } = await diagnose({ riptide: {}, apiKey: 'the-right-one' }, key);
    assert.equal(outcome(d, 'key').outcome, 'failed');
    assert.match(outcome(d, 'key').detail, /HTTP 401 .*Invalid API key/);
    assert.match(outcome(d, 'key').advice!, /Set API Key/);
    assert.ok(!text.includes(key));
    assert.ok(!text.includes('the-right-one'));
    assert.match(text, /API key: set \(not shown\)/);
    const none = await diagnose({ riptide: {}, apiKey: 'the-right-one' });
    assert.match(outcome(none.d, 'key').detail, /Missing API key/);
  });

  it('a rate-limited key: the checks it cut short are unknown with the wait, not failures', async () => {
    const { d } = await diagnose({ riptide: { rateLimitPerMinute: 1 } }); // /healthz is not counted
    assert.equal(outcome(d, 'workersApi').outcome, 'passed');
    assert.equal(outcome(d, 'jobReads').outcome, 'unknown');
    assert.match(outcome(d, 'jobReads').detail, /HTTP 429 .*asks to wait 60 s/);
    assert.equal(outcome(d, 'cron').outcome, 'unknown');
    assert.equal(outcome(d, 'rateLimit').outcome, 'warning');
    const none = await diagnose({ riptide: { rateLimitPerMinute: 0, capacityPerMinute: 0 } });
    assert.equal(outcome(none.d, 'rateLimit').outcome, 'unknown');
  });

  it('a server that does not answer: the first check fails, the rest are skipped', async () => {
    const server = await startWorkersServer({ port: 0, workers: 2 });
    const url = server.url;
    await server.close();
    const client = new WorkersClient({ baseUrl: url, getRetries: 0 });
    cleanups.push(() => client.close());
    const d = await diagnoseConnection(client, { serverUrl: url, keySet: false });
    assert.equal(outcome(d, 'answers').outcome, 'failed');
    assert.match(outcome(d, 'answers').detail, /refused the connection/);
    assert.ok(d.checks.slice(1).every((c) => c.outcome === 'skipped'));
  });

  it('the contract-mode local server: no /healthz (unknown), classic cron accepted and the probe deleted again', async () => {
    const { d, server } = await diagnose({});
    assert.equal(outcome(d, 'health').outcome, 'unknown');
    assert.equal(outcome(d, 'workersApi').outcome, 'passed');
    const cron = outcome(d, 'cron');
    if (cron.detail.includes('refused')) assert.equal(cron.outcome, 'passed');
    else assert.match(cron.detail, /was deleted again/);
    const schedules = (await (await fetch(`${server.url}/workers/schedule`)).json()) as Array<{ name: string }>;
    assert.ok(!schedules.some((s) => s.name === CRON_PROBE_NAME), 'no probe schedule left behind');
  });

  it('shows the server URL without credentials or query', () => {
    assert.equal(safeUrl('https://user:pw@riptide.example:8443/api/?token=x#y'), 'https://riptide.example:8443/api');
  });
});
