// The reason word behind the offline welcome content, from real client errors where possible.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, RipTideError, TimeoutError, WorkersClient } from '../../src/api';
import { offlineReason } from '../../src/core/refresh/offlineReason';

async function errorFrom(baseUrl: string): Promise<unknown> {
  const client = new WorkersClient({ baseUrl });
  try {
    await client.getQueueStats();
    return undefined;
  } catch (err) {
    return err;
  } finally {
    await client.close();
  }
}

describe('offlineReason', () => {
  it('is "none" while online or connecting, whatever error is left', () => {
    assert.equal(offlineReason({ state: 'online' }), 'none');
    assert.equal(offlineReason({ state: 'connecting', error: new RipTideError('x') }), 'none');
  });

  it('says "refused" when nothing listens at the URL', async () => {
    const s = http.createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const { port } = s.address() as AddressInfo;
    await new Promise<void>((r) => s.close(() => r()));
    const error = await errorFrom(`http://127.0.0.1:${port}`);
    assert.equal(offlineReason({ state: 'offline', error: error as RipTideError }), 'refused');
  });

  it('says "notFound" when the host name does not resolve', async () => {
    const error = await errorFrom('http://riptide-host.invalid');
    assert.equal(offlineReason({ state: 'offline', error: error as RipTideError }), 'notFound');
  });

  it('says "httpError" for an answering server that returns an error, "timeout" for no answer in time', () => {
    assert.equal(offlineReason({ state: 'offline', error: new ApiError(503, '', 'GET /workers/stats/queue') }), 'httpError');
    assert.equal(offlineReason({ state: 'offline', error: new TimeoutError('no answer') }), 'timeout');
  });

  it('says "unauthorized" for a refused key, and "other" for anything else', () => {
    assert.equal(offlineReason({ state: 'unauthorized', error: new ApiError(401, '', 'GET /workers/stats/queue') }), 'unauthorized');
    assert.equal(offlineReason({ state: 'offline', error: new RipTideError('odd') }), 'other');
  });
});
