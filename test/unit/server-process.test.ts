// The server as a process (the compiled CLI entry): options, errors, clean stop on signals, and
// persistence across a real kill -9.
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { run, start } from './serverProcess';
import { call, custom, submit, untilStatus } from './serverTestUtil';

describe('local server process', function () {
  this.timeout(20_000);
  const children: ChildProcess[] = [];
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-server-'));
  });
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const track = <T extends { child: ChildProcess }>(r: T): T => {
    children.push(r.child);
    return r;
  };

  it('--help prints the usage and exits 0', async () => {
    const p = track(run(['--help']));
    assert.equal((await p.exit).code, 0);
    assert.match(p.output(), /Usage: riptide-workers-server/);
    assert.match(p.output(), /--data-file <path>/);
  });

  it('a bad option exits 2 with a message naming it', async () => {
    for (const [args, message] of [
      [['--workers', '1'], /--workers must be an integer from 2/],
      [['--port', 'eighty'], /--port must be an integer/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['--data-file'], /--data-file needs a value/],
    ] as Array<[string[], RegExp]>) {
      const p = track(run(args));
      assert.equal((await p.exit).code, 2, args.join(' '));
      assert.match(p.output(), message);
    }
  });

  it('a port in use exits 1 saying so', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const port = (blocker.address() as net.AddressInfo).port;
      const p = track(run(['--port', String(port)]));
      assert.equal((await p.exit).code, 1);
      assert.match(p.output(), new RegExp(`port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('takes the API key from RIPTIDE_API_KEY and stops cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const s = track(await start([], { RIPTIDE_API_KEY: 'env-key' }));
      assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).status, 401);
      assert.equal((await call(s.url, 'GET', '/workers/stats/queue', undefined, { 'x-api-key': 'env-key' })).status, 200);
      s.child.kill(signal);
      assert.deepEqual(await s.exit, { code: 0, signal: null });
      assert.match(s.output(), new RegExp(`${signal} received, stopping`));
    }
  });

  it('keeps every acknowledged job, result and schedule across kill -9', async () => {
    const dataFile = path.join(dir, 'journal.jsonl');
    const first = track(await start(['--data-file', dataFile, '--workers', '2']));
    const done = await submit(first.url, custom('echo', { keep: true }, { metadata: { tag: 'done' } }));
    await untilStatus(first.url, done, 'Completed');
    const schedule = await call(first.url, 'POST', '/workers/schedule', {
      name: 'yearly', cron_expression: '0 0 0 1 1 *', job_template: { type: 'custom', job_name: 'y', payload: 1 },
    });
    assert.equal(schedule.status, 200);
    const deleted = await call(first.url, 'POST', '/workers/schedule', {
      name: 'gone', cron_expression: '0 0 0 1 1 *', job_template: { type: 'custom', job_name: 'y', payload: 1 },
    });
    assert.equal((await call(first.url, 'DELETE', `/workers/schedule/${deleted.json.id}`)).status, 204);
    // Two long jobs occupy both workers; three more wait behind them.
    const running = [await submit(first.url, custom('sleep', { ms: 60_000 })), await submit(first.url, custom('sleep', { ms: 60_000 }))];
    for (const id of running) await untilStatus(first.url, id, 'Processing');
    const queued = [
      await submit(first.url, custom('echo', { n: 1 }, { priority: 'Low' })),
      await submit(first.url, custom('echo', { n: 2 }, { priority: 'High' })),
      await submit(first.url, custom('echo', { n: 3 }, { priority: 'Low' })),
    ];
    const delayed = await submit(first.url, custom('echo', {}, { scheduled_at: new Date(Date.now() + 3_600_000).toISOString() }));

    first.child.kill('SIGKILL');
    assert.equal((await first.exit).signal, 'SIGKILL');

    const second = track(await start(['--data-file', dataFile, '--workers', '2', '--paused']));
    const stats = (await call(second.url, 'GET', '/workers/stats/queue')).json;
    assert.deepEqual(stats, { pending: 5, processing: 0, completed: 1, failed: 0, retry: 0, delayed: 1, total: 7 });
    // Interrupted jobs are back in the queue (no attempt counted), ahead of later jobs of their priority.
    const pending = (await call(second.url, 'GET', '/workers/jobs?status=pending')).json.jobs.map((j: { job_id: string }) => j.job_id);
    assert.deepEqual(pending, [queued[1], running[0], running[1], queued[0], queued[2]]);
    for (const id of running) {
      const s = (await call(second.url, 'GET', `/workers/jobs/${id}`)).json;
      assert.deepEqual([s.status, s.retry_count, s.started_at, s.worker_id], ['Pending', 0, null, null]);
    }
    const result = await call(second.url, 'GET', `/workers/jobs/${done}/result`);
    assert.equal(result.status, 200);
    assert.deepEqual(result.json.data.input_payload, { keep: true });
    assert.deepEqual((await call(second.url, 'GET', `/workers/jobs/${done}`)).json.metadata, { tag: 'done' });
    assert.equal((await call(second.url, 'GET', `/api/v1/workers/jobs/${delayed}`)).json.status, 'delayed');
    const schedules = (await call(second.url, 'GET', '/workers/schedule')).json;
    assert.deepEqual(schedules.map((s: { id: string }) => s.id), [schedule.json.id]);

    // The journal was compacted on start: one line per job and schedule.
    assert.equal(fs.readFileSync(dataFile, 'utf8').trim().split('\n').length, 8);

    // Unpaused (with workers to spare beside the two long sleeps), the replayed jobs run.
    second.child.kill('SIGTERM');
    await second.exit;
    const third = track(await start(['--data-file', dataFile, '--workers', '4']));
    for (const id of queued) await untilStatus(third.url, id, 'Completed');
  });
});
