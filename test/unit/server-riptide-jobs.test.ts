// The local server in RipTide mode answers validation and cron as the real RipTide server does,
// and runs jobs with its results quirks. The default mode keeps the contract (checked alongside).
// Its middleware answers (rate limit, 405, 401, builds) are in server-riptide.test.ts.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { call, custom, submit, untilStatus } from './serverTestUtil';

const envelope = (status: number) => ({ type: 'validation_error', retryable: false, status });

describe('local server in RipTide mode', function () {
  this.timeout(20_000);
  let riptide: WorkersServer;
  let contract: WorkersServer;

  before(async () => {
    riptide = await startWorkersServer({ port: 0, riptide: { rateLimitPerMinute: 0 } });
    contract = await startWorkersServer({ port: 0 });
  });
  after(async () => {
    await riptide.close();
    await contract.close();
  });

  describe('validation: 422 in the error envelope', () => {
    const invalid: Array<[string, unknown, RegExp]> = [
      ['a render_mode in the wrong case', { job_type: { type: 'single_crawl', url: 'https://a.example', options: { render_mode: 'static' } } }, /render_mode/],
      ['an unknown output_format', { job_type: { type: 'single_crawl', url: 'https://a.example', options: { output_format: 'json' } } }, /output_format/],
      ['a chunking_config without its sizes', { job_type: { type: 'batch_crawl', urls: ['https://a.example'], options: { chunking_config: { chunking_mode: 'fixed' } } } }, /chunk_size/],
      ['a fractional chunk size', { job_type: { type: 'batch_crawl', urls: ['https://a.example'], options: { chunking_config: { chunking_mode: 'fixed', chunk_size: 1.5, overlap_size: 0, min_chunk_size: 0 } } } }, /chunk_size/],
      ['a fractional retry delay', { job_type: { type: 'single_crawl', url: 'https://a.example' }, retry_config: { initial_delay_secs: 0.5 } }, /initial_delay_secs/],
      ['a lower-case priority', { job_type: { type: 'single_crawl', url: 'https://a.example' }, priority: 'high' }, /priority: unknown variant "high", expected one of Low, Normal, High, Critical/],
    ];
    for (const [what, body, field] of invalid) {
      it(`refuses ${what}`, async () => {
        const a = await call(riptide.url, 'POST', '/workers/jobs', body);
        assert.equal(a.status, 422, a.text);
        assert.match(a.headers.get('content-type') ?? '', /application\/json/);
        assert.deepEqual({ ...a.json.error, message: undefined }, { ...envelope(422), message: undefined });
        assert.match(a.json.error.message, field);
      });
    }

    it('takes the values RipTide takes', async () => {
      const options = { render_mode: 'Dynamic', output_format: 'NdJson', chunking_config: { chunking_mode: 'html-aware', chunk_size: 500, overlap_size: 50, min_chunk_size: 0 } };
      const a = await call(riptide.url, 'POST', '/workers/jobs', { job_type: { type: 'single_crawl', url: 'http://127.0.0.1:1/', options }, priority: 'High' });
      assert.equal(a.status, 200, a.text);
    });

    it('the contract mode answers the same refusal in plain text, and takes any case of a priority', async () => {
      const a = await call(contract.url, 'POST', '/workers/jobs', invalid[0][1]);
      assert.equal(a.status, 422);
      assert.equal(a.json, undefined, a.text);
      assert.match(a.text, /render_mode/);
      const b = await call(contract.url, 'POST', '/workers/jobs', invalid[5][1]);
      assert.equal(b.status, 200, b.text);
    });
  });

  describe('cron: the server dialect only', () => {
    const schedule = (cron_expression: string) => ({ name: 'n', cron_expression, job_template: { type: 'maintenance', task_type: 'health_check', parameters: {} } });

    for (const expr of ['0 9 * * 1-5', '@annually', '@Daily', '0 0 9 * * 0', '0 0 9 L * *', '0 0 9 * * 5#2', '? 0 9 * * *']) {
      it(`answers 400 to '${expr}' (from the handler: plain text)`, async () => {
        const a = await call(riptide.url, 'POST', '/workers/schedule', schedule(expr));
        assert.equal(a.status, 400, a.text);
        assert.match(a.text, /^Invalid cron expression/);
      });
    }

    it('the contract mode still takes a classic expression', async () => {
      const a = await call(contract.url, 'POST', '/workers/schedule', schedule('0 9 * * 1-5'));
      assert.equal(a.status, 200, a.text);
    });

    it('counts weekdays from 1 = Sunday and needs both day fields to match', async () => {
      const weekdays = await call(riptide.url, 'POST', '/workers/schedule', schedule('0 0 9 * * 2-6'));
      assert.equal(weekdays.status, 200, weekdays.text);
      const next = new Date(weekdays.json.next_execution_at);
      assert.ok(next.getUTCDay() >= 1 && next.getUTCDay() <= 5, `2-6 is Monday to Friday: ${next.toISOString()}`);
      const sundays = await call(riptide.url, 'POST', '/workers/schedule', schedule('@weekly'));
      assert.equal(new Date(sundays.json.next_execution_at).getUTCDay(), 0);
      const both = await call(riptide.url, 'POST', '/workers/schedule', schedule('0 0 9 13 * FRI'));
      const friday13 = new Date(both.json.next_execution_at);
      assert.deepEqual([friday13.getUTCDate(), friday13.getUTCDay()], [13, 5], friday13.toISOString());
    });
  });

  describe('what jobs do', () => {
    const resultOf = (server: WorkersServer, id: string) => call(server.url, 'GET', `/workers/jobs/${id}/result`);

    it('a processor error completes the job with success: false and is not retried', async () => {
      const id = await submit(riptide.url, { job_type: { type: 'single_crawl', url: 'http://127.0.0.1:1/' }, retry_config: { max_attempts: 3 } });
      const status = await untilStatus(riptide.url, id, 'Completed');
      assert.equal(status.retry_count, 0);
      const result = await resultOf(riptide, id);
      assert.deepEqual([result.json.success, typeof result.json.error], [false, 'string']);
      // The contract retries the same failure and dead-letters it.
      const same = await submit(contract.url, { job_type: { type: 'single_crawl', url: 'http://127.0.0.1:1/' }, retry_config: { max_attempts: 1 } });
      await untilStatus(contract.url, same, 'DeadLetter');
    });

    it('a custom job named other than Custom has no processor: retried, then DeadLetter with no result', async () => {
      const id = await submit(riptide.url, custom('data_export', {}, { retry_config: { max_attempts: 2, initial_delay_secs: 0, use_jitter: false } }));
      const status = await untilStatus(riptide.url, id, 'DeadLetter');
      assert.equal(status.retry_count, 2);
      assert.match(status.last_error, /^No processor found for job type/);
      assert.equal((await resultOf(riptide, id)).status, 404);
    });

    it('a custom job named Custom runs', async () => {
      const id = await submit(riptide.url, custom('Custom', { a: 1 }));
      await untilStatus(riptide.url, id, 'Completed');
      const result = await resultOf(riptide, id);
      assert.equal(result.json.success, true);
      assert.deepEqual(result.json.data.input_payload, { a: 1 });
    });

    it('an unknown maintenance task completes with success: true, and only data.success false', async () => {
      const id = await submit(riptide.url, { job_type: { type: 'maintenance', task_type: 'defrag', parameters: {} } });
      await untilStatus(riptide.url, id, 'Completed');
      const result = (await resultOf(riptide, id)).json;
      assert.deepEqual([result.success, result.data.success, result.data.message], [true, false, 'Unknown maintenance task type: defrag']);
    });

    it('a batch of more than 50 URLs completes with success: false', async () => {
      const urls = Array.from({ length: 51 }, (_, i) => `http://127.0.0.1:1/${i}`);
      const id = await submit(riptide.url, { job_type: { type: 'batch_crawl', urls } });
      await untilStatus(riptide.url, id, 'Completed');
      const result = (await resultOf(riptide, id)).json;
      assert.deepEqual([result.success, result.error], [false, 'Batch size 51 exceeds maximum allowed size 50']);
    });

    it("ignores a job's own timeout_secs", async () => {
      // A page that answers after 1.5 s: the contract's 1 s limit fails the attempt, RipTide's fixed 600 s does not.
      const slow = http.createServer((_req, res) => setTimeout(() => res.end('<html><title>slow</title></html>'), 1500));
      await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;
        const job = { job_type: { type: 'single_crawl', url }, timeout_secs: 1, retry_config: { max_attempts: 1 } };
        const id = await submit(riptide.url, job);
        await untilStatus(riptide.url, id, 'Completed');
        assert.equal((await resultOf(riptide, id)).json.success, true);
        const timedOut = await submit(contract.url, job);
        const status = await untilStatus(contract.url, timedOut, 'DeadLetter');
        assert.match(status.last_error, /timed out after 1 seconds/);
      } finally {
        slow.closeAllConnections();
        await new Promise((resolve) => slow.close(resolve));
      }
    });
  });
});
