// Waits longer than setTimeout's limit (2^31-1 ms, about 24.8 days), which Node fires after 1 ms.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { MAX_TIMER_MS, setLongTimeout } from '../../src/server/time';
import { call, custom, submit, untilStatus } from './serverTestUtil';

const afterMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('setLongTimeout', () => {
  it('re-arms in chunks until the whole delay has passed by the wall clock', async () => {
    const started = Date.now();
    const firedAt = await new Promise<number>((resolve) => setLongTimeout(() => resolve(Date.now()), 60, 10));
    assert.ok(firedAt - started >= 60, `fired after ${firedAt - started} ms, wanted at least 60`);
  });

  it('does not fire a delay above 2^31-1 ms early, and clear() stops it', async () => {
    let fired = false;
    const timer = setLongTimeout(() => (fired = true), MAX_TIMER_MS + 1000);
    // A plain setTimeout of this delay fires after 1 ms, so it would have fired by the time this one has.
    await afterMs(20);
    timer.clear();
    assert.equal(fired, false);
  });

  it('clear() between chunks stops it', async () => {
    let fired = false;
    const timer = setLongTimeout(() => (fired = true), 40, 5);
    await afterMs(15);
    timer.clear();
    await afterMs(50);
    assert.equal(fired, false);
  });
});

describe('local server: time limits longer than 24.8 days', function () {
  let server: WorkersServer;
  let site: http.Server;
  let base: string;
  let origin: string;
  const days30 = 30 * 24 * 3600;

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2 });
    base = server.url;
    // Answers after a short while, so a timer that fires after 1 ms would beat it.
    site = http.createServer((_req, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>slow</title>'), 30));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  after(async () => {
    site.closeAllConnections();
    site.close();
    await server.close();
  });

  it('a crawl with a per-URL timeout of 30 days fetches the page', async () => {
    const id = await submit(base, { job_type: { type: 'single_crawl', url: `${origin}/p`, options: { timeout_secs: days30 } }, retry_config: { max_attempts: 1 } });
    await untilStatus(base, id, 'Completed');
    const r = await call(base, 'GET', `/workers/jobs/${id}/result`);
    assert.deepEqual([r.json.data.status, r.json.data.error, r.json.data.document.title], [200, null, 'slow']);
  });

  it('a job with a 30-day timeout runs to completion', async () => {
    const id = await submit(base, custom('sleep', { ms: 50 }, { timeout_secs: days30, retry_config: { max_attempts: 1 } }));
    const status = await untilStatus(base, id, 'Completed');
    assert.equal(status.last_error, null);
  });
});
