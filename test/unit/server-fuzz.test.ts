// A property-based fuzz of the local server's HTTP API, against the real process with a journal:
// thousands of generated bad (and some good) requests. Every one is answered, none with a 5xx,
// none hangs, the process keeps serving, and after kill -9 every acknowledged job is there once.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { rawRequest } from './rawHttp';
import { serverProcessFixture, start, type Running } from './serverProcess';
import { call } from './serverTestUtil';

type Generated =
  | { kind: 'http'; method: string; path: string; contentType: string | undefined; body: string | undefined }
  | { kind: 'raw'; request: string };

const anyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, 1e-300, 2_592_000, 2_592_001));
const anyValue = fc.oneof(anyNumber, fc.string(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const jobType = (base: string) =>
  fc.oneof(
    fc.record({ type: fc.constant('custom'), job_name: fc.oneof(fc.constantFrom('echo', 'fuzz', ''), fc.string()), payload: fc.jsonValue({ maxDepth: 4 }) }),
    fc.record({ type: fc.constant('maintenance'), task_type: fc.oneof(fc.constantFrom('health_check', 'cache_cleanup', 'nope'), fc.string()), parameters: fc.oneof(fc.constant({}), fc.dictionary(fc.string(), anyValue), anyValue) }),
    fc.record({ type: fc.constant('single_crawl'), url: fc.constantFrom(`${base}/demo/pages/1`, 'ftp://x', 'http://', 'not a url', '') }),
    fc.record({ type: fc.constant('batch_crawl'), urls: fc.oneof(fc.constant([]), fc.constant([`${base}/demo/pages/2`]), fc.array(fc.string(), { maxLength: 3 })) }),
    fc.record({ type: fc.oneof(fc.constantFrom('crawl', 'CUSTOM', ''), fc.string()) }, { requiredKeys: [] }),
    anyValue,
  );

const jobBody = (base: string) =>
  fc.record(
    {
      job_type: jobType(base),
      priority: fc.oneof(fc.constantFrom('Low', 'normal', 'HIGH', 'critical', 'urgent', ''), anyValue),
      retry_config: fc.oneof(
        fc.record({ max_attempts: anyNumber, initial_delay_secs: anyNumber, backoff_multiplier: anyNumber, max_delay_secs: anyNumber, use_jitter: anyValue }, { requiredKeys: [] }),
        anyValue,
      ),
      metadata: fc.oneof(fc.dictionary(fc.string(), anyValue, { maxKeys: 4 }), anyValue),
      scheduled_at: fc.oneof(fc.constantFrom('2025-01-15T12:00:00Z', '9999-12-31T23:59:59Z', '2025-13-45T99:99:99Z', '2025-01-15', '0000-01-01T00:00:00Z'), anyValue),
      timeout_secs: anyNumber,
    },
    { requiredKeys: [] },
  );

/** Good submissions with generated content, so that acknowledged jobs can be counted afterwards. */
const validJob = fc.record(
  {
    job_type: fc.record({ type: fc.constant('custom'), job_name: fc.string({ minLength: 1 }).filter((n) => n !== 'sleep' && n !== 'flaky'), payload: fc.jsonValue({ maxDepth: 5 }) }),
    priority: fc.constantFrom('Low', 'normal', 'HIGH', 'Critical'),
    retry_config: fc.record({ max_attempts: fc.integer({ min: 1, max: 1000 }), initial_delay_secs: fc.integer({ min: 0, max: 2_592_000 }), backoff_multiplier: fc.double({ min: 0.01, max: 1000, noNaN: true }), max_delay_secs: fc.integer({ min: 0, max: 2_592_000 }) }, { requiredKeys: [] }),
    metadata: fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
    timeout_secs: fc.integer({ min: 1, max: 2_592_000 }),
  },
  { requiredKeys: ['job_type'] },
);

// Crons: tricky, impossible, overflowing or garbage; none fires within the test (so no job appears unasked).
const cron = fc.oneof(
  fc.constantFrom('0 0 0 31 2 *', '0 0 0 30 2 *', '*/0 * * * * *', '0 0 0 1 1 * 2020', '0 0 0 1 1 *', '99999999999 * * * * *', 'L W # ? * *', '0 0 0 1 1 * 1970-2100', '@yearly', '@every', '', '0 0 0 29 2 * 2096'),
  fc.array(fc.constantFrom('*', '?', 'L', '31', '2', '1-3', ',', '/', '0', '99', '-5', 'JAN', 'MON#5', '*/7'), { maxLength: 8 }).map((parts) => parts.join(' ')),
  fc.string(),
);

const scheduleBody = (base: string) =>
  fc.record(
    { name: fc.oneof(fc.constant('fuzz'), anyValue), cron_expression: fc.oneof(cron, anyValue), job_template: jobType(base), enabled: anyValue, priority: anyValue, retry_config: anyValue, metadata: anyValue },
    { requiredKeys: [] },
  );

/** A JSON text, sometimes broken: cut short, wrapped in brackets far deeper than the limit, or with junk after it. */
const asText = (value: fc.Arbitrary<unknown>) =>
  fc.tuple(value, fc.constantFrom('as is', 'as is', 'as is', 'cut', 'deep', 'junk', 'unicode'), fc.nat()).map(([v, how, n]) => {
    const text = JSON.stringify(v) ?? 'undefined';
    if (how === 'cut') return text.slice(0, n % (text.length + 1));
    if (how === 'deep') return '['.repeat(100 + (n % 3000)) + text + ']'.repeat(100 + (n % 3000));
    if (how === 'junk') return `${text}}]"\\`;
    if (how === 'unicode') return text.replace(/"/, '"\uD800\u0000');
    return text;
  });

const contentType = fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'text/plain', 'application/x-www-form-urlencoded'), fc.constant(undefined));
const uuidish = fc.oneof(fc.uuid(), fc.constantFrom('00000000-0000-0000-0000-000000000000', 'not-a-uuid', '%00', '..', '%2e%2e', 'a'.repeat(300)), fc.string());
const segment = fc.oneof(fc.constantFrom('workers', 'jobs', 'api', 'v1', 'schedule', 'scheduled', 'stats', 'queue', 'metrics', 'result', 'demo', 'pages', 'hostile', '99'), uuidish);
const query = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.constantFrom('status', 'job_type', 'search', 'limit', 'offset', 'x'), fc.oneof(fc.string(), anyNumber.map(String)), { maxKeys: 4 }).map((q) => '?' + new URLSearchParams(q as Record<string, string>).toString()),
  fc.string().map((s) => '?' + s.replace(/[#\s]/g, '')),
);

const generated = (base: string): fc.Arbitrary<Generated> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('http' as const), method: fc.constant('POST'), path: fc.constantFrom('/workers/jobs', '/api/v1/workers/jobs'), contentType, body: maybe(asText(jobBody(base))) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('http' as const), method: fc.constant('POST'), path: fc.constantFrom('/workers/jobs', '/api/v1/workers/jobs'), contentType: fc.constant('application/json'), body: validJob.map((j) => JSON.stringify(j)) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('http' as const), method: fc.constant('POST'), path: fc.constantFrom('/workers/schedule', '/api/v1/workers/scheduled'), contentType, body: maybe(asText(scheduleBody(base))) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('http' as const),
        method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD'),
        path: fc.tuple(fc.array(segment, { maxLength: 6 }), query).map(([segs, q]) => '/' + segs.map((s) => encodeURIComponent(s)).join('/') + q),
        contentType,
        body: maybe(asText(anyValue)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('GET', 'POST', 'DELETE', 'BREW', 'G ET', ''),
          fc.oneof(fc.constantFrom('//', '*', '/%', '//a/../b', 'http://[', '/workers/jobs/%E0%A4%A', '/\u00ff', '/../../etc/passwd'), fc.string().map((s) => s.replace(/[\r\n ]/g, ''))),
          fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1 extra', ''),
          fc.array(fc.constantFrom('Host: x', 'Content-Length: 0', 'Content-Length: -1', 'Content-Length: abc', 'Transfer-Encoding: gzip', 'X-API-Key: wrong', 'Bad Header', ': empty', 'X: \u0001'), { maxLength: 4 }),
        )
        .map(([method, target, version, headers]) => ({ kind: 'raw' as const, request: `${method} ${target} ${version}\r\n${headers.map((h) => h + '\r\n').join('')}\r\n` })),
    },
  );

describe('local server process: fuzzed HTTP API', function () {
  this.timeout(120_000);
  let server: Running | undefined;
  const fixture = serverProcessFixture('riptide-fuzz');

  it('answers thousands of generated requests without a 5xx or a hang, and loses or duplicates no acknowledged job', async () => {
    const dataFile = path.join(fixture.dir(), 'journal.jsonl');
    server = await start(['--data-file', dataFile, '--workers', '4', '--request-timeout', '5']);
    fixture.track(server.child);
    const s = server;
    const acknowledged = new Set<string>();
    let requests = 0;

    // Generated up front and sent eight at a time (a reproducible sample; concurrency also exercises group commit).
    const cases = fc.sample(generated(s.url), { numRuns: 2000, seed: 20261201 });
    const send = async (g: Generated) => {
        requests++;
        let status: number;
        let body: string;
        if (g.kind === 'raw') {
          const a = await rawRequest(s.url, g.request, { timeoutMs: 10_000 });
          assert.ok(a.status > 0 || a.closedAfterMs !== undefined, `no answer and not closed: ${JSON.stringify(g.request)}`);
          if (a.status === 0) return; // closed without an answer: only for bytes that are no HTTP at all
          [status, body] = [a.status, a.body];
        } else {
          const headers: Record<string, string> = g.contentType ? { 'content-type': g.contentType } : {};
          const res = await fetch(s.url + g.path, { method: g.method, headers, body: g.method === 'GET' || g.method === 'HEAD' ? undefined : g.body, signal: AbortSignal.timeout(10_000) });
          [status, body] = [res.status, await res.text()];
          if (status === 200 && g.method === 'POST' && /\/jobs$/.test(g.path)) {
            const id = (JSON.parse(body) as { job_id: string }).job_id;
            assert.ok(!acknowledged.has(id), `job ${id} acknowledged twice`);
            acknowledged.add(id);
          }
        }
        assert.ok(status < 500, `${status} for ${JSON.stringify(g).slice(0, 300)}: ${body.slice(0, 300)}`);
        if (status >= 400 && !(g.kind === 'http' && g.method === 'HEAD')) assert.ok(body.length > 0, `an empty ${status} for ${JSON.stringify(g).slice(0, 300)}`);
        if (requests % 250 === 0) assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).status, 200);
    };
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < cases.length) await send(cases[next++]);
    }));
    assert.equal(requests, cases.length);

    assert.equal(s.child.exitCode, null, s.output());
    assert.doesNotMatch(s.output(), /Internal error/);
    const schedules = (await call(s.url, 'GET', '/workers/schedule')).json as Array<{ execution_count: number }>;
    assert.equal(schedules.reduce((n, x) => n + x.execution_count, 0), 0, 'no schedule ran (the generated ones never fire in the test)');
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).json.total, acknowledged.size);
    assert.ok(acknowledged.size > 50, `only ${acknowledged.size} jobs accepted: the generator should make some valid ones`);

    s.child.kill('SIGKILL');
    await s.exit;
    const again = await start(['--data-file', dataFile, '--paused']);
    fixture.track(again.child);
    assert.doesNotMatch(again.output(), /skipped/);
    assert.equal((await call(again.url, 'GET', '/workers/stats/queue')).json.total, acknowledged.size);
    for (const id of acknowledged) assert.equal((await call(again.url, 'GET', `/workers/jobs/${id}`)).status, 200, id);
  });
});
