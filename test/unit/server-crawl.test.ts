// Crawling bodies that are too big or not wanted: the crawler stops reading instead of waiting for the end.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { call, submit, untilStatus } from './serverTestUtil';

const MIB = 1024 * 1024;

describe('local server: crawled bodies', function () {
  let server: WorkersServer;
  let site: http.Server;
  let base: string;
  let origin: string;

  before(async () => {
    server = await startWorkersServer({ port: 0, workers: 2 });
    base = server.url;
    // Both pages send their headers and a lot of body, then never finish.
    site = http.createServer((req, res) => {
      if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 6; i++) res.write('a'.repeat(MIB));
      } else {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.write('<p>missing</p>'.repeat(10_000));
      }
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  after(async () => {
    site.closeAllConnections();
    site.close();
    await server.close();
  });

  it('reads at most 5 MiB of a page, then stops downloading', async () => {
    const id = await submit(base, { job_type: { type: 'single_crawl', url: `${origin}/huge`, options: { timeout_secs: 60 } }, retry_config: { max_attempts: 1 } });
    await untilStatus(base, id, 'Completed');
    const r = await call(base, 'GET', `/workers/jobs/${id}/result`);
    assert.equal(r.json.data.status, 200);
    assert.equal(r.json.data.document.text.length, 5 * MIB);
  });

  it('fails an error status at once, without reading its body', async () => {
    const id = await submit(base, { job_type: { type: 'single_crawl', url: `${origin}/missing`, options: { timeout_secs: 60 } }, retry_config: { max_attempts: 1 } });
    const status = await untilStatus(base, id, 'DeadLetter');
    assert.equal(status.last_error, 'HTTP error: 404');
  });
});
