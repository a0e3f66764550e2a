// The Workers view's "jobs are not being processed": decided from successive queue stats and the
// pool's word, against made-up readings and against the local server's RipTide mode whose pool
// says it runs while it takes no jobs (RipTide's dropped worker loop).
import * as assert from 'node:assert/strict';
import { WorkersClient, type QueueStats } from '../../src/api';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { workerRows } from '../../src/core/views/presentation';
import { STALLED_AFTER_READINGS, StalledQueueDetector } from '../../src/core/views/stalledQueue';
import { custom, submit, until } from './serverTestUtil';

const stats = (s: Partial<QueueStats> = {}): QueueStats => {
  const base = { pending: 0, delayed: 0, processing: 0, retry: 0, completed: 0, failed: 0, ...s };
  return { ...base, total: base.pending + base.delayed + base.processing + base.retry + base.completed + base.failed };
};
const pool = { total_workers: 2, healthy_workers: 2, total_jobs_processed: 0, total_jobs_failed: 0, is_running: true };

function readings(detector: StalledQueueDetector, n: number, s: QueueStats, running: boolean | undefined): void {
  for (let i = 0; i < n; i++) detector.observe(s, running);
}

describe('Stalled queue (jobs Pending while the pool says it runs)', () => {
  it('says so only after several readings with jobs waiting, none running and none finishing', () => {
    const d = new StalledQueueDetector();
    readings(d, STALLED_AFTER_READINGS - 1, stats({ pending: 3, completed: 5 }), true);
    assert.equal(d.stalled, false, 'a couple of quiet ticks are not enough');
    d.observe(stats({ pending: 3, completed: 5 }), true);
    assert.equal(d.stalled, true);
  });

  it('is not stalled while jobs finish, one runs, nothing waits, or the pool is not known to run', () => {
    const moving = new StalledQueueDetector();
    for (let i = 0; i < 10; i++) moving.observe(stats({ pending: 50, completed: i }), true);
    assert.equal(moving.stalled, false, 'completed moves');
    const failing = new StalledQueueDetector();
    for (let i = 0; i < 10; i++) failing.observe(stats({ pending: 50, failed: i }), true);
    assert.equal(failing.stalled, false, 'failed moves');
    for (const [why, s, running] of [
      ['one is running (a long job)', stats({ pending: 5, processing: 1 }), true],
      ['nothing waits', stats({ pending: 0, completed: 9 }), true],
      ['only delayed jobs wait', stats({ delayed: 4 }), true],
      ['the pool is stopped', stats({ pending: 5 }), false],
      ['the pool was never read', stats({ pending: 5 }), undefined],
    ] as const) {
      const d = new StalledQueueDetector();
      readings(d, 10, s, running);
      assert.equal(d.stalled, false, why);
    }
  });

  it('any progress, a stopped pool or a reset starts the count again', () => {
    const d = new StalledQueueDetector();
    readings(d, STALLED_AFTER_READINGS, stats({ pending: 2 }), true);
    assert.equal(d.stalled, true);
    d.observe(stats({ pending: 1, completed: 1 }), true);
    assert.equal(d.stalled, false, 'a job finished');
    readings(d, STALLED_AFTER_READINGS, stats({ pending: 1, completed: 1 }), true);
    assert.equal(d.stalled, true);
    d.observe(stats({ pending: 1, completed: 1 }), false);
    assert.equal(d.stalled, false, 'the pool stopped: that is said by the pool line');
    readings(d, STALLED_AFTER_READINGS, stats({ pending: 1, completed: 1 }), true);
    d.reset();
    assert.equal(d.stalled, false);
    readings(d, STALLED_AFTER_READINGS - 1, stats({ pending: 1, completed: 1 }), true);
    assert.equal(d.stalled, false, 'counting starts afresh after a reset');
  });

  it('the Workers view lines say that jobs are not being processed, with the pending count', () => {
    const rows = workerRows(pool, undefined, 0, 1234);
    const line = rows.find((r) => r.key === 'stalled');
    assert.ok(line, JSON.stringify(rows));
    assert.equal(line.label, 'Jobs are not being processed');
    assert.match(line.value, /1,234 pending, none running/);
    assert.equal(line.icon.id, 'warning');
    assert.equal(workerRows(pool, undefined, 0).find((r) => r.key === 'stalled'), undefined);
    assert.equal(workerRows(undefined, undefined, 0, 3).find((r) => r.key === 'stalled'), undefined, 'no pool: "not started" says it');
  });

  describe('against the local server', () => {
    const servers: WorkersServer[] = [];
    afterEach(async () => {
      for (const s of servers.splice(0)) await s.close();
    });

    async function watch(server: WorkersServer, ticks: number): Promise<StalledQueueDetector> {
      const client = new WorkersClient({ baseUrl: server.url });
      const d = new StalledQueueDetector();
      for (let i = 0; i < ticks; i++) d.observe(await client.getQueueStats(), (await client.getWorkerStats()).is_running);
      return d;
    }

    it('in RipTide mode with stalled workers, submitted jobs are found not processed', async () => {
      const s = await startWorkersServer({ port: 0, workers: 2, riptide: { stalledWorkers: true } });
      servers.push(s);
      for (let i = 0; i < 3; i++) await submit(s.url, custom('echo'));
      const d = await watch(s, STALLED_AFTER_READINGS);
      assert.equal(d.stalled, true);
    });

    it('a working pool that has finished its jobs is not stalled', async () => {
      const s = await startWorkersServer({ port: 0, workers: 2 });
      servers.push(s);
      for (let i = 0; i < 3; i++) await submit(s.url, custom('echo'));
      const client = new WorkersClient({ baseUrl: s.url });
      await until(async () => ((await client.getQueueStats()).completed === 3 ? true : undefined), 'the three jobs completed');
      const d = await watch(s, STALLED_AFTER_READINGS * 2);
      assert.equal(d.stalled, false);
    });
  });
});
