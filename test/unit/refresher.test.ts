// The refresh loop's rules, with real HTTP: one request at a time, backoff while the server is
// down, recovery, focus and visibility. Synchronised on the loop's own events, never on sleeps.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError, UnreachableError, WorkersClient, type QueueStats } from '../../src/api';
import { Refresher, RefreshSnapshot, RefresherOptions } from '../../src/core/refresh/refresher';
import { startWorkersServer } from '../../src/server';

const QUEUE = JSON.stringify({ pending: 2, processing: 0, completed: 5, failed: 1, retry: 0, delayed: 0, total: 8 });

/** A queue-stats server that holds each answer `delayMs`, counting requests and overlap. */
async function countingServer(delayMs: number) {
  let inFlight = 0;
  const stats = { requests: 0, maxInFlight: 0 };
  const server = http.createServer((_req, res) => {
    stats.requests++;
    inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.setHeader('content-type', 'application/json');
      res.end(QUEUE);
    }, delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stats, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/** A port on which nothing listens (taken, then released). */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function nextSnapshot(refresher: Refresher, predicate: (s: RefreshSnapshot) => boolean = () => true): Promise<RefreshSnapshot> {
  return new Promise((resolve) => {
    const sub = refresher.onDidRefresh((s) => {
      if (!predicate(s)) return;
      sub.dispose();
      resolve(s);
    });
  });
}

function makeRefresher(client: WorkersClient, overrides: Partial<RefresherOptions> = {}): Refresher {
  return new Refresher({
    client: () => client,
    intervalSeconds: () => 0.01,
    statusBarWanted: () => true,
    focused: () => true,
    ...overrides,
  });
}

describe('Refresher', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  it('never stacks requests while the server is slow, and says when a tick is slow', async () => {
    const server = await countingServer(120);
    const client = new WorkersClient({ baseUrl: server.url });
    const refresher = makeRefresher(client, { slowAfterMs: 50 });
    cleanups.push(() => server.close(), () => client.close(), () => refresher.dispose());
    const slowChanges: boolean[] = [];
    refresher.onDidChangeSlow((s) => slowChanges.push(s));
    let online = 0;
    const fourTicks = new Promise<void>((resolve) => refresher.onDidRefresh((s) => s.state === 'online' && ++online === 4 && resolve()));
    refresher.start();
    // Asking for refreshes while one runs joins it rather than sending more.
    void refresher.refreshNow();
    void refresher.refreshNow();
    await fourTicks;
    assert.equal(server.stats.maxInFlight, 1);
    assert.ok(slowChanges.includes(true) && slowChanges.at(-1) === false, `slow changes: ${slowChanges}`);
  });

  it('backs off exponentially while the server is unreachable, up to the maximum', async () => {
    const client = new WorkersClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, getRetries: 0 });
    const refresher = makeRefresher(client, { intervalSeconds: () => 0.01, maxBackoffSeconds: 0.04 });
    cleanups.push(() => client.close(), () => refresher.dispose());
    const delays: number[] = [];
    const done = new Promise<void>((resolve) =>
      refresher.onDidRefresh((s) => {
        assert.equal(s.state, 'offline');
        assert.match(s.error!.message, /refused the connection/);
        delays.push(refresher.nextDelayMs()!);
        if (delays.length === 4) resolve();
      }),
    );
    refresher.start();
    await done;
    assert.deepEqual(delays, [10, 20, 40, 40]);
  });

  it('recovers by itself when the server comes back', async () => {
    const port = await closedPort();
    const client = new WorkersClient({ baseUrl: `http://127.0.0.1:${port}`, getRetries: 0 });
    const refresher = makeRefresher(client, { maxBackoffSeconds: 0.05 });
    cleanups.push(() => client.close(), () => refresher.dispose());
    const offline = nextSnapshot(refresher, (s) => s.state === 'offline');
    refresher.start();
    await offline;
    const server = await startWorkersServer({ port, workers: 2 });
    cleanups.push(() => server.close());
    const online = await nextSnapshot(refresher, (s) => s.state === 'online');
    assert.equal(online.stats?.total, 0);
    assert.equal(refresher.nextDelayMs(), 10, 'backoff forgotten after recovery');
  });

  it('keeps the last figures, marked by the error, while the server is down', async () => {
    const server = await countingServer(0);
    const client = new WorkersClient({ baseUrl: server.url, getRetries: 0 });
    const refresher = makeRefresher(client, { statusBarWanted: () => false });
    cleanups.push(() => client.close(), () => refresher.dispose());
    await refresher.refreshNow();
    assert.equal(refresher.latest.state, 'online');
    await server.close();
    await refresher.refreshNow();
    assert.equal(refresher.latest.state, 'offline');
    assert.equal(refresher.latest.stats?.pending, 2);
    assert.ok(refresher.latest.error);
  });

  it('reports a 401 as unauthorized without backing off', async () => {
    const server = await startWorkersServer({ port: 0, workers: 2, apiKey: 'k' });
    const client = new WorkersClient({ baseUrl: server.url });
    const refresher = makeRefresher(client);
    cleanups.push(() => server.close(), () => client.close(), () => refresher.dispose());
    const snap = nextSnapshot(refresher);
    refresher.start();
    const s = await snap;
    assert.equal(s.state, 'unauthorized');
    assert.equal(refresher.nextDelayMs(), 10);
  });

  it('polls slower while the window is unfocused', () => {
    let focused = true;
    const client = new WorkersClient({ baseUrl: 'http://127.0.0.1:1' });
    const refresher = makeRefresher(client, { intervalSeconds: () => 3, focused: () => focused });
    cleanups.push(() => client.close(), () => refresher.dispose());
    assert.equal(refresher.nextDelayMs(), 3000);
    focused = false;
    assert.equal(refresher.nextDelayMs(), 12000);
  });

  it('sends nothing while no view, panel or status bar wants the figures', async () => {
    const server = await countingServer(0);
    const client = new WorkersClient({ baseUrl: server.url });
    let visible = false;
    const refresher = makeRefresher(client, { statusBarWanted: () => false });
    cleanups.push(() => server.close(), () => client.close(), () => refresher.dispose());
    let runs = 0;
    refresher.register({ id: 'view', isActive: () => visible, run: async () => void runs++ });
    refresher.start();
    refresher.wake();
    assert.equal(refresher.nextDelayMs(), undefined);
    assert.equal(refresher.scheduled, false, 'no tick scheduled while idle');
    // The view becomes visible: the loop wakes and runs the task.
    visible = true;
    const ticked = nextSnapshot(refresher, (s) => s.state === 'online');
    refresher.wake();
    await ticked;
    assert.equal(runs, 1);
    // Hidden again: the loop stops scheduling after the tick in flight.
    visible = false;
    await refresher.refreshNow();
    assert.equal(refresher.scheduled, false);
    assert.equal(server.stats.requests, 2);
  });

  it('runs only active tasks, and one failing task does not stop the others', async () => {
    const server = await countingServer(0);
    const client = new WorkersClient({ baseUrl: server.url });
    const logged: string[] = [];
    const refresher = makeRefresher(client, { statusBarWanted: () => false, log: (m) => logged.push(m) });
    cleanups.push(() => server.close(), () => client.close(), () => refresher.dispose());
    const ran: string[] = [];
    refresher.register({ id: 'broken', isActive: () => true, run: async () => { ran.push('broken'); throw new Error('boom'); } });
    refresher.register({ id: 'hidden', isActive: () => false, run: async () => void ran.push('hidden') });
    refresher.register({ id: 'fine', isActive: () => true, run: async (_c, stats) => void ran.push(`fine:${stats.pending}`) });
    await refresher.refreshNow();
    assert.deepEqual(ran, ['broken', 'fine:2']);
    assert.ok(logged.some((m) => m.includes('broken') && m.includes('boom')));
  });
});

describe('Refresher: switching servers mid-tick', () => {
  const OLD: QueueStats = { pending: 1, processing: 0, completed: 0, failed: 0, retry: 0, delayed: 0, total: 1 };
  const NEW: QueueStats = { pending: 7, processing: 0, completed: 0, failed: 0, retry: 0, delayed: 0, total: 7 };

  /** A client whose one queue-stats answer the test hands over itself; it ignores the signal. */
  function heldClient() {
    let held!: { answer: (stats: QueueStats) => void; fail: (err: Error) => void };
    let askedNow!: () => void;
    const asked = new Promise<void>((resolve) => (askedNow = resolve));
    const client = {
      getQueueStats: () => new Promise<QueueStats>((answer, fail) => ((held = { answer, fail }), askedNow())),
    } as unknown as WorkersClient;
    return { client, asked: asked.then(() => held) };
  }

  const answering = (stats: QueueStats) => ({ getQueueStats: async () => stats }) as unknown as WorkersClient;

  /** Every stats reading and snapshot the loop reports, until the new server's figures come online. */
  function record(refresher: Refresher) {
    const stats: QueueStats[] = [];
    const snapshots: RefreshSnapshot[] = [];
    refresher.onDidReadStats((s) => stats.push(s));
    refresher.onDidRefresh((s) => snapshots.push(s));
    const newOnline = nextSnapshot(refresher, (s) => s.state === 'online' && s.stats?.pending === NEW.pending);
    return { stats, snapshots, newOnline };
  }

  /**
   * A tick asks the old server, whose answer `land` hands over in the same turn as the switch
   * to a server answering NEW; resolves with what the loop reported once NEW is online.
   */
  async function switchWhileOldAnswers(land: (held: { answer: (stats: QueueStats) => void; fail: (err: Error) => void }) => void) {
    const old = heldClient();
    let client = old.client;
    const refresher = makeRefresher(client, { client: () => client });
    try {
      const seen = record(refresher);
      refresher.start();
      land(await old.asked); // the old server answers...
      client = answering(NEW);
      refresher.reset(); // ...in the same turn as the switch
      await seen.newOnline;
      return seen;
    } finally {
      refresher.dispose();
    }
  }

  it('drops queue stats that arrive just as the server changes', async () => {
    const seen = await switchWhileOldAnswers((held) => held.answer(OLD));
    assert.deepEqual(seen.stats.map((s) => s.pending), [NEW.pending], 'no old figures in the stats history');
    assert.ok(!seen.snapshots.some((s) => s.stats?.pending === OLD.pending), 'no old figures in a snapshot');
  });

  it('does not report the old server down when its error arrives just as the server changes', async () => {
    const seen = await switchWhileOldAnswers((held) => held.fail(new UnreachableError('http://127.0.0.1:1', 'ECONNREFUSED', 'GET /workers/stats/queue')));
    assert.deepEqual(seen.snapshots.map((s) => s.state), ['connecting', 'online']);
  });

  it('drops the tick\'s snapshot when the server changes while its tasks run', async () => {
    let client = answering(OLD);
    const refresher = makeRefresher(client, { client: () => client, statusBarWanted: () => false });
    try {
      let taskStarted!: (finish: () => void) => void;
      const started = new Promise<() => void>((resolve) => (taskStarted = resolve));
      let first = true;
      refresher.register({
        id: 'view',
        isActive: () => true,
        // A task that finishes normally even though the tick was cancelled under it.
        run: () => (first ? ((first = false), new Promise<void>((resolve) => taskStarted(resolve))) : Promise.resolve()),
      });
      const seen = record(refresher);
      refresher.start();
      const finishTask = await started;
      finishTask();
      client = answering(NEW);
      refresher.reset();
      await seen.newOnline;
      assert.deepEqual(seen.snapshots.map((s) => `${s.state} ${s.stats?.pending ?? '-'}`), ['connecting -', `online ${NEW.pending}`]);
    } finally {
      refresher.dispose();
    }
  });
});

describe('Refresher: one tick, one read', () => {
  it('sends a read two tasks ask for in the same tick once, and again on the next tick', async () => {
    const server = await startWorkersServer({ port: 0, workers: 2 });
    const paths: string[] = [];
    const counting = http.createServer((req, res) => {
      paths.push(`${req.method} ${req.url}`);
      const upstream = http.request(`${server.url}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((r) => counting.listen(0, '127.0.0.1', r));
    const client = new WorkersClient({ baseUrl: `http://127.0.0.1:${(counting.address() as AddressInfo).port}` });
    const refresher = makeRefresher(client, { statusBarWanted: () => false });
    try {
      const seen: number[] = [];
      for (const id of ['panel', 'view']) {
        refresher.register({
          id,
          isActive: () => true,
          run: async (c, _stats, signal) => {
            const [workers, again] = await Promise.all([c.getWorkerStats({ signal }), c.getWorkerStats({ signal })]);
            assert.equal(workers, again, 'the same answer');
            seen.push(workers.total_workers);
          },
        });
      }
      await refresher.refreshNow();
      await refresher.refreshNow();
      assert.deepEqual(seen, [2, 2, 2, 2]);
      assert.equal(paths.filter((p) => p === 'GET /workers/stats/workers').length, 2, 'once per tick');
    } finally {
      refresher.dispose();
      await client.close();
      counting.closeAllConnections();
      await new Promise<void>((r) => counting.close(() => r()));
      await server.close();
    }
  });

  it('one task giving up on a shared read does not cancel it for the others, nor the tick', async () => {
    const server = await startWorkersServer({ port: 0, workers: 2 });
    const client = new WorkersClient({ baseUrl: server.url });
    const refresher = makeRefresher(client, { statusBarWanted: () => false });
    try {
      const outcomes: string[] = [];
      refresher.register({
        id: 'closing-panel',
        isActive: () => true,
        run: async (c, _stats, tickSignal) => {
          const own = new AbortController();
          const read = c.getMetrics({ signal: AbortSignal.any([tickSignal, own.signal]) });
          const other = c.getMetrics({ signal: tickSignal }); // what another task would ask
          own.abort(); // the panel closes while the read is in flight
          await read.then(() => outcomes.push('panel: answer'), (e: Error) => outcomes.push(`panel: ${e.name}`));
          outcomes.push(`other: ${(await other).jobs_submitted >= 0 ? 'answer' : '?'}`);
          throw new CancelledError();
        },
      });
      refresher.register({ id: 'view', isActive: () => true, run: async () => void outcomes.push('view ran') });
      const refreshed = nextSnapshot(refresher, (s) => s.state === 'online');
      await refresher.refreshNow();
      await refreshed;
      assert.deepEqual(outcomes, ['panel: CancelledError', 'other: answer', 'view ran']);
    } finally {
      refresher.dispose();
      await client.close();
      await server.close();
    }
  });

  it('a disposed registration does not remove a later task under the same id', async () => {
    const client = new WorkersClient({ baseUrl: 'http://127.0.0.1:1' });
    const refresher = makeRefresher(client, { statusBarWanted: () => false });
    const first = refresher.register({ id: 'panel', isActive: () => true, run: async () => undefined });
    refresher.register({ id: 'panel', isActive: () => true, run: async () => undefined });
    first.dispose();
    assert.notEqual(refresher.nextDelayMs(), undefined, 'the second task is still registered and active');
    refresher.dispose();
    await client.close();
  });
});
