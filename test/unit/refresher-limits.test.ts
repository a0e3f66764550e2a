// The refresh loop under a request budget and a server that rate-limits (the local server in its
// RipTide mode): it never sends more than the budget in a minute, stretches its interval to fit,
// leaves the least wanted reads for later, and pauses everything for as long as a 429 asks.
import * as assert from 'node:assert/strict';
import { WorkersClient, type QueueStats } from '../../src/api';
import { BudgetSpentError, Refresher, type RefreshSnapshot, type RefreshTask } from '../../src/core/refresh/refresher';
import { startWorkersServer, type RiptideModeOptions, type WorkersServer } from '../../src/server';

/** A task that reads one endpoint and records what happened. */
function readingTask(id: string, want: number, read: (c: WorkersClient, signal: AbortSignal) => Promise<unknown>) {
  const outcomes: string[] = [];
  const task: RefreshTask = {
    id,
    want,
    isActive: () => true,
    run: async (client: WorkersClient, _stats: QueueStats, signal: AbortSignal) => {
      try {
        await read(client, signal);
        outcomes.push('read');
      } catch (err) {
        outcomes.push(err instanceof BudgetSpentError ? 'budget' : (err as Error).name);
        throw err;
      }
    },
  };
  return { task, outcomes };
}

describe('Refresher: request budget and rate limits', function () {
  this.timeout(20_000);
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function setup(riptide: RiptideModeOptions | undefined, budget: number) {
    let requests = 0;
    const server: WorkersServer = await startWorkersServer({ port: 0, workers: 2, riptide, log: (line) => /^(GET|POST|DELETE) /.test(line) && requests++ });
    const client = new WorkersClient({ baseUrl: server.url });
    const refresher = new Refresher({
      client: () => client,
      intervalSeconds: () => 0.01,
      statusBarWanted: () => true,
      focused: () => true,
      requestBudgetPerMinute: () => budget,
    });
    cleanups.push(() => server.close(), () => client.close(), () => refresher.dispose());
    return { server, client, refresher, requests: () => requests };
  }

  const snapshot = (refresher: Refresher, predicate: (s: RefreshSnapshot) => boolean) =>
    new Promise<RefreshSnapshot>((resolve) => {
      const sub = refresher.onDidRefresh((s) => {
        if (!predicate(s)) return;
        sub.dispose();
        resolve(s);
      });
    });

  it('never sends more than the budget in a minute, however short the interval', async () => {
    const { refresher, requests } = await setup(undefined, 12);
    // User refreshes, as fast as they come: the budget holds for them too.
    for (let i = 0; i < 15; i++) await refresher.refreshNow();
    assert.equal(refresher.requests, 12);
    // The next tick waits for the oldest request of the minute to age out.
    const wait = refresher.nextDelayMs()!;
    assert.ok(wait > 40_000, `next tick in ${wait} ms`);
    assert.equal(requests(), 12, 'the server saw exactly the budget');
  });

  it('stretches the interval so that a tick fits the budget', async () => {
    const { refresher } = await setup(undefined, 60);
    await refresher.refreshNow();
    // One request per tick at 60 a minute: a tick a second at most, though the setting says 10 ms.
    assert.ok(refresher.nextDelayMs()! >= 900, `next tick in ${refresher.nextDelayMs()} ms`);
  });

  it('runs the most wanted reads first and leaves the least wanted for later when the budget is short', async () => {
    const { refresher } = await setup(undefined, 2);
    const low = readingTask('view', 1, (c, signal) => c.getWorkerStats({ signal }));
    const high = readingTask('watcher', 3, (c, signal) => c.getMetrics({ signal }));
    refresher.register(low.task); // registered first, still runs last
    refresher.register(high.task);
    await refresher.refreshNow();
    assert.deepEqual(high.outcomes, ['read']);
    assert.deepEqual(low.outcomes, ['budget']);
    assert.equal(refresher.latest.state, 'online', 'a spent budget is not an error');
  });

  it('pauses all polling for as long as a 429 asks, says so, and resumes by itself', async () => {
    const { refresher, requests } = await setup({ rateLimitPerMinute: 2, rateWindowMs: 1500 }, 0);
    const later = readingTask('view', 1, (c, signal) => c.getWorkerStats({ signal }));
    const first = readingTask('panel', 2, (c, signal) => c.getMetrics({ signal }));
    refresher.register(first.task);
    const laterRegistration = refresher.register(later.task);
    await refresher.refreshNow(); // queue stats and metrics: the two of the window; worker stats get the 429
    assert.equal(refresher.latest.state, 'rateLimited');
    assert.deepEqual(first.outcomes, ['read']);
    assert.deepEqual(later.outcomes, ['RetryLaterError']);
    const resumesAt = refresher.latest.resumesAt!.getTime();
    assert.ok(resumesAt - Date.now() > 500 && resumesAt - Date.now() <= 2000, `resumes in ${resumesAt - Date.now()} ms`);
    assert.equal(refresher.latest.stats?.total, 0, 'the figures read before the 429 are kept');
    const sent = requests();
    await refresher.refreshNow();
    refresher.wake();
    assert.equal(requests(), sent, 'nothing is sent while paused');
    laterRegistration.dispose(); // two requests a tick from now on: within the limit
    refresher.start();
    const online = await snapshot(refresher, (s) => s.state === 'online');
    assert.ok(online.at.getTime() >= resumesAt, 'not before the wait had passed');
  });

  it('a 429 on the queue stats keeps the last figures and is not "offline"', async () => {
    const { refresher } = await setup({ rateLimitPerMinute: 1 }, 0);
    await refresher.refreshNow();
    assert.equal(refresher.latest.state, 'online');
    await refresher.refreshNow(); // the second request of the minute
    assert.equal(refresher.latest.state, 'rateLimited');
    assert.ok(refresher.latest.stats, 'figures kept');
    assert.match(refresher.latest.error!.message, /HTTP 429 from GET \/workers\/stats\/queue/);
    assert.ok(refresher.nextDelayMs()! > 55_000, 'the next tick waits the 60 s asked');
  });
});
