// Hostile and unusual input against the real server process: whatever arrives gets an answer with
// a body, nothing ends the process, and the process is still serving (and has lost nothing) after each.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ApiError, WorkersClient, type JobConfig } from '../../src/api';
import { timeoutOptions } from '../../src/server/guard';
import { MAX_JSON_DEPTH } from '../../src/server/jsonDepth';
import { rawRequest } from './rawHttp';
import { serverProcessFixture, start, type Running } from './serverProcess';
import { call, custom, submit, untilStatus } from './serverTestUtil';

const KEY = { 'x-api-key': 'k3y' };

/** The process is alive and answers a normal request. */
async function assertServing(s: Running): Promise<void> {
  assert.equal(s.child.exitCode, null, `the server exited: ${s.output()}`);
  const a = await call(s.url, 'GET', '/workers/stats/queue', undefined, KEY);
  assert.equal(a.status, 200, a.text);
}

const nested = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { k: v } : [v];
  return v;
};

describe('local server process: hostile input', function () {
  this.timeout(30_000);
  const fixture = serverProcessFixture('riptide-hostile');
  const launch = async (args: string[] = []) => {
    const s = await start(args, { RIPTIDE_API_KEY: KEY['x-api-key'] });
    fixture.track(s.child);
    return s;
  };

  it('answers 400 to request targets that are not a plain path, before any key check, and keeps serving', async () => {
    const s = await launch();
    for (const target of ['//', '//workers/jobs', '*', 'http://[', 'http://localhost/workers/jobs', '//[::1', '/%', '/workers/jobs/%E0%A4%A']) {
      const a = await rawRequest(s.url, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
      assert.equal(a.status, 400, `${target}: ${a.head}`);
      assert.match(a.body, /Malformed (request target|path)/, target);
      await assertServing(s);
    }
  });

  it('answers Node-level protocol errors with a status and a body naming the problem', async () => {
    const s = await launch();
    const cases: Array<[string, number, RegExp]> = [
      ['GARBAGE\r\n\r\n', 400, /Malformed HTTP request/],
      ['GET /workers/jobs HTTP/9.9\r\n\r\n', 400, /Malformed HTTP request/],
      ['GET /workers jobs HTTP/1.1\r\nHost: x\r\n\r\n', 400, /Malformed HTTP request/],
      ['GET / HTTP/1.1\r\nBad Header\r\n\r\n', 400, /Malformed HTTP request/],
      ['GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n', 400, /Malformed HTTP request/],
      ['POST /workers/jobs HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 400, /Malformed HTTP request/],
      ['GET /workers/stats/queue HTTP/1.1\r\nX-API-Key: k3y\r\n\r\n', 400, /Missing Host header/],
      [`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, /headers are larger/],
    ];
    for (const [request, status, body] of cases) {
      const a = await rawRequest(s.url, request);
      assert.equal(a.status, status, `${JSON.stringify(request.slice(0, 40))}: ${a.head}`);
      assert.match(a.body, body);
      await assertServing(s);
    }
  });

  for (const withDataFile of [false, true]) {
    it(`refuses bodies nested deeper than ${MAX_JSON_DEPTH} levels at the door, storing nothing (${withDataFile ? 'with' : 'without'} a data file)`, async () => {
      const dataFile = path.join(fixture.dir(), `nested-${Date.now()}.jsonl`);
      const args = withDataFile ? ['--data-file', dataFile] : [];
      const s = await launch(args);
      // Built as text: a value this deep could not even be stringified by the test itself.
      const deep = '['.repeat(3000) + ']'.repeat(3000);
      const bodies = [
        `{"job_type":{"type":"custom","job_name":"deep","payload":${deep}}}`,
        `{"job_type":{"type":"custom","job_name":"meta","payload":{}},"metadata":{"m":${deep}}}`,
        `{"job_type":{"type":"single_crawl","url":"${s.url}/demo/pages/1","options":{"chunking_config":{"c":${deep}}}}}`,
        `{"job_type":{"type":"maintenance","task_type":"health_check","parameters":{"p":${deep}}}}`,
        `{"job_type":{"type":"custom","job_name":"strings","payload":"${'['.repeat(3000)}"},"metadata":${'{"a":'.repeat(70)}1${'}'.repeat(70)}}`,
      ];
      for (const body of bodies) {
        const a = await call(s.url, 'POST', '/workers/jobs', body, KEY);
        assert.equal(a.status, 400, a.text);
        assert.match(a.text, new RegExp(`nested more than ${MAX_JSON_DEPTH} levels`));
      }
      const schedule = await call(s.url, 'POST', '/workers/schedule', `{"name":"n","cron_expression":"0 0 * * * *","job_template":{"type":"custom","job_name":"n","payload":${deep}}}`, KEY);
      assert.equal(schedule.status, 400, schedule.text);
      assert.match(schedule.text, /nested more than/);

      // Right at the limit: accepted, processed, its result written back; the next submission is a plain 200.
      const atLimit = nested(MAX_JSON_DEPTH - 3); // the body and job_type objects, and the payload value, are levels too
      const id = await submit(s.url, custom('at-limit', atLimit), KEY);
      const result = await untilStatus(s.url, id, 'Completed', 10_000, KEY);
      assert.equal(result.status, 'Completed');
      assert.deepEqual((await call(s.url, 'GET', `/workers/jobs/${id}/result`, undefined, KEY)).json.data.input_payload, atLimit);
      const next = await submit(s.url, custom('after'), KEY);
      await untilStatus(s.url, next, 'Completed', 10_000, KEY);
      const stats = (await call(s.url, 'GET', '/workers/stats/queue', undefined, KEY)).json;
      assert.deepEqual([stats.completed, stats.total], [2, 2]);
      if (withDataFile) {
        s.child.kill('SIGKILL');
        await s.exit;
        const again = await launch(args);
        assert.deepEqual((await call(again.url, 'GET', '/workers/stats/queue', undefined, KEY)).json.total, 2);
        assert.deepEqual((await call(again.url, 'GET', `/workers/jobs/${id}/result`, undefined, KEY)).json.data.input_payload, atLimit);
        await assertServing(again);
      } else {
        await assertServing(s);
      }
    });
  }

  it('refuses retry delays, attempts and timeouts past their bounds (422 naming them); at the bounds, every time stays finite', async () => {
    const dataFile = path.join(fixture.dir(), `bounds-${Date.now()}.jsonl`);
    const s = await launch(['--data-file', dataFile]);
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ retry_config: { initial_delay_secs: 1e308 } }, /retry_config\.initial_delay_secs: must be at most 2,592,000 seconds/],
      [{ retry_config: { max_delay_secs: 1e300 } }, /retry_config\.max_delay_secs: must be at most 2,592,000 seconds/],
      [{ retry_config: { backoff_multiplier: 1e308 } }, /retry_config\.backoff_multiplier: must be at most 1,000/],
      [{ retry_config: { max_attempts: 1e9 } }, /retry_config\.max_attempts: must be at most 1,000/],
      [{ timeout_secs: 1e15 }, /timeout_secs: must be at most 2,592,000 seconds/],
    ];
    for (const [extra, message] of cases) {
      const a = await call(s.url, 'POST', '/workers/jobs', custom('bounded', {}, extra), KEY);
      assert.equal(a.status, 422, a.text);
      assert.match(a.text, message);
    }
    const schedule = await call(s.url, 'POST', '/workers/schedule', { name: 'b', cron_expression: '0 0 * * * *', job_template: { type: 'custom', job_name: 'b', payload: 1 }, retry_config: { initial_delay_secs: 1e308 } }, KEY);
    assert.equal(schedule.status, 422, schedule.text);
    // At the bounds: the failed attempt waits the longest delay; its due time is a real time, kept across kill -9.
    const retry_config = { max_attempts: 1000, initial_delay_secs: 2_592_000, backoff_multiplier: 1000, max_delay_secs: 2_592_000, use_jitter: true };
    const id = await submit(s.url, custom('flaky', { fail_times: 1 }, { retry_config, timeout_secs: 2_592_000 }), KEY);
    await untilStatus(s.url, id, 'Retrying', 10_000, KEY);
    s.child.kill('SIGKILL');
    await s.exit;
    const again = await launch(['--data-file', dataFile]);
    assert.doesNotMatch(again.output(), /skipped/);
    const status = (await call(again.url, 'GET', `/api/v1/workers/jobs/${id}`, undefined, KEY)).json;
    assert.deepEqual([status.status, status.retry_count], ['retry', 1]);
    assert.equal((await call(again.url, 'GET', '/workers/stats/queue', undefined, KEY)).json.retry, 1);
    await assertServing(again);
  });

  it('refuses a cron expression that can never fire with a 400 naming the problem', async () => {
    const s = await launch();
    const template = { type: 'custom', job_name: 'c', payload: 1 };
    for (const cron_expression of ['0 0 0 31 2 *', '0 0 0 30 2 *', '0 0 0 31 4,6,9,11 *', '0 0 30 2 *', '0 0 0 1 1 * 2020']) {
      const a = await call(s.url, 'POST', '/workers/schedule', { name: 'never', cron_expression, job_template: template }, KEY);
      assert.equal(a.status, 400, `${cron_expression}: ${a.text}`);
      assert.match(a.text, /never fires/, cron_expression);
    }
    const leap = await call(s.url, 'POST', '/workers/schedule', { name: 'leap', cron_expression: '0 0 0 29 2 *', job_template: template }, KEY);
    assert.equal(leap.status, 200, leap.text);
    assert.deepEqual((await call(s.url, 'GET', '/workers/schedule', undefined, KEY)).json.map((x: { name: string }) => x.name), ['leap']);
    await assertServing(s);
  });

  it('answers an over-limit body with 413 that the client reads, declared or chunked', async () => {
    const s = await launch();
    const client = new WorkersClient({ baseUrl: s.url, apiKey: KEY['x-api-key'] });
    try {
      const err = await client.submitJob(custom('big', 'x'.repeat(11 * 1024 * 1024)) as JobConfig).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
      assert.equal(err.status, 413);
    } finally {
      await client.close();
    }
    // Chunked, no declared length: read up to the limit, answered, closed.
    const chunk = 'x'.repeat(1024 * 1024);
    const chunked = Array.from({ length: 12 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('') + '0\r\n\r\n';
    const a = await rawRequest(s.url, `POST /workers/jobs HTTP/1.1\r\nHost: x\r\nX-API-Key: k3y\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`);
    assert.equal(a.status, 413, a.head);
    assert.match(a.body, /larger than the limit of 10485760 bytes/);
    await assertServing(s);
  });

  it('closes stalled clients (headers and bodies) with a 408 while serving the others', async () => {
    const s = await launch(['--request-timeout', '2']);
    const stalls = [
      ...Array.from({ length: 10 }, () => 'GET /workers/stats/queue HTTP/1.1\r\nHost: x\r\n'),
      ...Array.from({ length: 10 }, () => 'POST /workers/jobs HTTP/1.1\r\nHost: x\r\nX-API-Key: k3y\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"job'),
    ].map((request) => rawRequest(s.url, request, { stall: true, timeoutMs: 15_000 }));
    await assertServing(s); // answered while twenty clients stall
    for (const a of await Promise.all(stalls)) {
      assert.ok(a.closedAfterMs !== undefined, 'the stalled connection was closed');
      assert.ok(a.closedAfterMs >= 1000 && a.closedAfterMs < 10_000, `closed after ${a.closedAfterMs} ms`);
      assert.equal(a.status, 408, a.head);
      assert.match(a.body, /not received within 2 seconds/);
    }
    await assertServing(s);
  });

  it('by default closes a stalled request within 30 seconds', () => {
    const o = timeoutOptions(30);
    assert.ok(o.requestTimeout! + o.connectionsCheckingInterval! <= 30_000, JSON.stringify(o));
    assert.ok(o.headersTimeout! + o.connectionsCheckingInterval! <= 30_000, JSON.stringify(o));
  });
});
