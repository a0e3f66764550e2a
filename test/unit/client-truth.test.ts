// The client's errors say what happened and nothing they must not: the endpoint of a refused
// connection, the size cap on chunked answers, "request too large" for a refused upload, and
// never the API key, even when a server echoes the request's headers back.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ApiError,
  errorMessage,
  InvalidResponseError,
  JobFailedError,
  redactSecrets,
  RequestTooLargeError,
  ResponseTooLargeError,
  UnreachableError,
  WorkersClient,
} from '../../src/api';
import { startWorkersServer } from '../../src/server';
import { misbehavingServer, rejectsWith } from './httpTestUtil';

const KEY = 'rt-live-9f8e7d6c5b4a';
const bigJob = (bytes: number) => ({ job_type: { type: 'custom' as const, job_name: 'x', payload: { blob: 'a'.repeat(bytes) } } });

describe('WorkersClient: connection errors name the endpoint', () => {
  it('a refused GET and a refused POST each say which request was refused, and where', async () => {
    const gone = await misbehavingServer(() => undefined);
    await gone.close();
    const client = new WorkersClient({ baseUrl: gone.url, getRetries: 0 });
    try {
      const get = await rejectsWith(client.getQueueStats(), UnreachableError);
      assert.equal(get.message, `GET /workers/stats/queue: RipTide at ${gone.url} refused the connection: is the server running?`);
      const post = await rejectsWith(client.submitJob({ job_type: { type: 'maintenance', task_type: 'cache_cleanup', parameters: {} } }), UnreachableError);
      assert.match(post.message, /^POST \/workers\/jobs: RipTide at http:\/\/127\.0\.0\.1:\d+ refused the connection/);
      assert.equal(post.endpoint, 'POST /workers/jobs');
    } finally {
      await client.close();
    }
  });
});

describe('WorkersClient: the response size cap', () => {
  const cap = 256 * 1024;

  it('an endless chunked answer is cut at the cap with "response too large", and the client keeps working', async () => {
    let streaming = 0;
    const endless = await misbehavingServer((req, res) => {
      if (req.url?.includes('stats/queue')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ pending: 1, processing: 0, completed: 0, failed: 0, retry: 0, delayed: 0, total: 1 }));
        return;
      }
      streaming++;
      res.writeHead(200, { 'content-type': 'application/json' }); // no content-length: chunked
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      res.write('[');
      pump();
    });
    const client = new WorkersClient({ baseUrl: endless.url, maxResponseBytes: cap });
    try {
      const err = await rejectsWith(client.listSchedules(), ResponseTooLargeError, /^GET \/workers\/schedule: response too large \(more than 256 KiB\)/);
      assert.equal(err.limitBytes, cap);
      assert.equal(streaming, 1, 'a too-large answer is not retried');
      assert.equal((await client.getQueueStats()).pending, 1);
    } finally {
      await client.close();
      await endless.close();
    }
  });

  it('a chunked answer just past the cap is refused, one just under it is read', async () => {
    let size = 0;
    const chunked = await misbehavingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.stringify([]).padEnd(size, ' ');
      for (let i = 0; i < body.length; i += 10_000) res.write(body.slice(i, i + 10_000));
      res.end();
    });
    const client = new WorkersClient({ baseUrl: chunked.url, maxResponseBytes: cap });
    try {
      size = cap;
      assert.deepEqual(await client.listSchedules(), []);
      size = cap + 1;
      await rejectsWith(client.listSchedules(), ResponseTooLargeError, /response too large/);
    } finally {
      await client.close();
      await chunked.close();
    }
  });

  it('a declared length past the cap is refused before reading', async () => {
    const declared = await misbehavingServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(cap * 4) });
      res.write('['); // the rest never comes: the client must not wait for it
    });
    const client = new WorkersClient({ baseUrl: declared.url, maxResponseBytes: cap });
    try {
      await rejectsWith(client.listSchedules(), ResponseTooLargeError, /response too large/);
    } finally {
      await client.close();
      await declared.close();
    }
  });

  it('a huge error answer keeps its status: only its start is read', async () => {
    const chatty = await misbehavingServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.write('disk full ');
      const pump = () => {
        while (!res.destroyed && res.write('x'.repeat(16 * 1024)));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const client = new WorkersClient({ baseUrl: chatty.url, maxResponseBytes: cap });
    try {
      const err = await rejectsWith(client.listSchedules(), ApiError, /^HTTP 500 from GET \/workers\/schedule: disk full x+…$/);
      assert.ok(err.body.length <= 64 * 1024, `${err.body.length} characters kept`);
    } finally {
      await client.close();
      await chatty.close();
    }
  });
});

describe('WorkersClient: bodies over the server limit', () => {
  it('the local server refuses an over-limit job with 413, and the client says "request too large"', async () => {
    const server = await startWorkersServer({ port: 0, workers: 2, maxBodyBytes: 64 * 1024 });
    const client = new WorkersClient({ baseUrl: server.url });
    try {
      const err = await rejectsWith(client.submitJob(bigJob(200 * 1024)), ApiError, /^HTTP 413 from POST \/workers\/jobs: request too large/);
      assert.equal(err.status, 413);
      assert.doesNotMatch(err.message, /could not be reached/);
      assert.equal((await client.getQueueStats()).total, 0, 'nothing was stored, and the server still answers');
    } finally {
      await client.close();
      await server.close();
    }
  });

  it('a server that drops the connection during a large upload: "request too large", not "could not be reached"', async () => {
    const dropper = await misbehavingServer((req) => req.socket.destroy());
    const client = new WorkersClient({ baseUrl: dropper.url });
    try {
      const err = await rejectsWith(client.submitJob(bigJob(4 * 1024 * 1024)), RequestTooLargeError, /^POST \/workers\/jobs: request too large\?/);
      assert.ok(err.sentBytes > 4 * 1024 * 1024);
      assert.match(err.message, /while the request \(4 MiB\) was being sent/);
      // A small request dropped the same way is a connection problem, said as one.
      await rejectsWith(client.submitJob(bigJob(10)), UnreachableError, /closed the connection unexpectedly/);
    } finally {
      await client.close();
      await dropper.close();
    }
  });
});

describe('WorkersClient: error text never shows a key', () => {
  /** Answers `status` with a body that echoes every request header, in the form `shape` chooses. */
  async function echoServer(status: number, shape: (headers: Record<string, string | string[] | undefined>, raw: string[]) => string) {
    return misbehavingServer((req, res) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(shape(req.headers, req.rawHeaders));
    });
  }

  const shapes: Record<string, (headers: Record<string, string | string[] | undefined>, raw: string[]) => string> = {
    'a header dump': (_h, raw) => `bad request; headers were:\n${raw.map((v, i) => (i % 2 ? `${v}\n` : `${v}: `)).join('')}`,
    'a JSON echo': (h) => JSON.stringify({ message: `rejected: ${JSON.stringify(h)}` }),
    'a raw header list': (_h, raw) => `invalid request ${JSON.stringify(raw)}`,
    'a Python dict': (h) => `KeyError in handler, headers={${Object.entries(h).map(([k, v]) => `'${k}': '${String(v)}'`).join(', ')}}`,
  };

  for (const [name, shape] of Object.entries(shapes)) {
    it(`an error body echoing headers as ${name}: neither message nor body shows the key`, async () => {
      const echo = await echoServer(400, shape);
      const client = new WorkersClient({ baseUrl: echo.url, apiKey: KEY });
      try {
        const err = await rejectsWith(client.listSchedules(), ApiError, /^HTTP 400 from GET \/workers\/schedule/);
        for (const text of [err.message, err.body, errorMessage(err)]) {
          assert.ok(!text.includes(KEY), text);
          assert.ok(!text.includes(KEY.slice(0, 8)), text);
        }
        assert.match(err.body, /\[redacted\]/);
      } finally {
        await client.close();
        await echo.close();
      }
    });
  }

  it('an answer that is not JSON and echoes the key: the preview in the message is cleaned', async () => {
    const echo = await misbehavingServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<p>key=${String(req.headers['x-api-key'])}</p>`);
    });
    const client = new WorkersClient({ baseUrl: echo.url, apiKey: KEY });
    try {
      const err = await rejectsWith(client.listSchedules(), InvalidResponseError, /not JSON/);
      assert.ok(!err.message.includes(KEY), err.message);
      assert.match(err.message, /\[redacted\]/);
    } finally {
      await client.close();
      await echo.close();
    }
  });

  it("a failed job's last error that quotes the key is cleaned in JobFailedError", async () => {
    const echo = await misbehavingServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          job_id: 'j1',
          status: 'DeadLetter',
          retry_count: 3,
          created_at: new Date().toISOString(),
          last_error: `upstream refused key ${String(req.headers['x-api-key'])}`,
          metadata: {},
        }),
      );
    });
    const client = new WorkersClient({ baseUrl: echo.url, apiKey: KEY });
    try {
      const err = await rejectsWith(client.waitForJob('j1', { pollInterval: 0.05, timeout: 5 }), JobFailedError);
      assert.equal(err.message, 'Job j1 ended as DeadLetter: upstream refused key [redacted]');
    } finally {
      await client.close();
      await echo.close();
    }
  });
});

describe('redactSecrets', () => {
  it('hides credential header values in every common spelling, keeping the scheme', () => {
    const cases: [string, string][] = [
      ['X-API-Key: abc123xyz', 'X-API-Key: [redacted]'],
      ['x-api-key=abc123xyz&a=1', 'x-api-key=[redacted]&a=1'],
      ['{"x-api-key":"abc123xyz","host":"h"}', '{"x-api-key":"[redacted]","host":"h"}'],
      ["{'Authorization': 'Bearer abc.def-ghi'}", "{'Authorization': 'Bearer [redacted]'}"],
      ['["authorization","Basic dXNlcjpwYXNz"]', '["authorization","Basic [redacted]"]'],
      ['Proxy-Authorization: Digest abc', 'Proxy-Authorization: Digest [redacted]'],
      ['api_key=abc123xyz', 'api_key=[redacted]'],
      ['{\\"X-Api-Key\\":\\"abc123xyz\\"}', '{\\"X-Api-Key\\":\\"[redacted]\\"}'],
      ['Missing API key', 'Missing API key'],
      ['X-API-Key: [redacted]', 'X-API-Key: [redacted]'],
      ['Invalid API key', 'Invalid API key'],
    ];
    for (const [input, expected] of cases) assert.equal(redactSecrets(input), expected, input);
  });

  it('hides the key in use wherever it appears, also URL-encoded or JSON-escaped', () => {
    const key = 'k/ey+"with"?odd&chars';
    const text = `raw ${key} url ${encodeURIComponent(key)} json ${JSON.stringify(key)}`;
    const out = redactSecrets(text, [key]);
    assert.ok(!out.includes(key) && !out.includes(encodeURIComponent(key)) && !out.includes(JSON.stringify(key).slice(1, -1)), out);
    assert.equal(out.match(/\[redacted\]/g)?.length, 3);
  });

  it('property: a key of 4 or more characters never survives, however it is embedded', () => {
    // Keys drawn without the letters of "[redacted]", so the marker itself cannot spell one.
    const keyChars = fc.constantFrom(...'bfghijklmnopqsuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/=:'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: keyChars, minLength: 4, maxLength: 40 }), fc.string(), fc.string(), (key, before, after) => {
        const out = redactSecrets(`${before}${key}${after}`, [key]);
        return !out.includes(key);
      }),
      { numRuns: 2000 },
    );
  });

  it('errorMessage cleans any thrown value, not only the client\'s errors', () => {
    assert.equal(errorMessage(new Error('proxy said Authorization: Bearer tok123')), 'proxy said Authorization: Bearer [redacted]');
    assert.equal(errorMessage('x-api-key: zzz9', ['zzz9']), 'x-api-key: [redacted]');
    assert.equal(errorMessage(new Error(`failed with ${KEY}`), [KEY]), 'failed with [redacted]');
  });
});
