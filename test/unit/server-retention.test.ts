// Finished jobs are kept for --job-ttl after they finished, then dropped from reads, lists,
// counts and the journal; jobs still to run are never dropped.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startWorkersServer, type WorkersServer } from '../../src/server';
import { parseCliArgs } from '../../src/server/cliArgs';
import { call, custom, submit, until, untilStatus } from './serverTestUtil';

const TTL = 0.3;
const listIds = async (base: string, status?: string) =>
  ((await call(base, 'GET', `/workers/jobs?limit=1000${status ? `&status=${status}` : ''}`)).json.jobs as Array<{ job_id: string }>).map((j) => j.job_id);
const stats = async (base: string) => (await call(base, 'GET', '/workers/stats/queue')).json;
const untilGone = (base: string, id: string) =>
  until(async () => ((await call(base, 'GET', `/workers/jobs/${id}`)).status === 404 ? true : undefined), `job ${id} to be dropped`);
const deadLetter = () => custom('flaky', { fail_times: 5 }, { retry_config: { max_attempts: 1 } });

describe('local server: retention of finished jobs (--job-ttl)', function () {
  let server: WorkersServer | undefined;
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-retention-'))));
  afterEach(async () => {
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('drops a completed and a dead-letter job from reads, lists and counts once their retention ends', async () => {
    server = await startWorkersServer({ port: 0, workers: 2, resultTtlSecs: TTL, jobTtlSecs: TTL });
    const base = server.url;
    const done = await submit(base, custom('echo', { n: 1 }));
    const dead = await submit(base, deadLetter());
    await untilStatus(base, done, 'Completed');
    await untilStatus(base, dead, 'DeadLetter');
    await untilGone(base, done);
    await untilGone(base, dead);
    assert.equal((await call(base, 'GET', `/workers/jobs/${done}/result`)).status, 404);
    assert.deepEqual(await listIds(base), []);
    const s = await stats(base);
    assert.deepEqual([s.completed, s.failed, s.total], [0, 0, 0]);
    // The counters of what happened are not retained jobs: they still say it.
    const m = (await call(base, 'GET', '/workers/metrics')).json;
    assert.deepEqual([m.jobs_completed, m.jobs_dead_letter], [1, 1]);
  });

  it('keeps a finished job until its retention ends (a result is never kept longer than its job)', async () => {
    server = await startWorkersServer({ port: 0, workers: 2, resultTtlSecs: TTL, jobTtlSecs: 3600 });
    const base = server.url;
    const done = await submit(base, custom('echo'));
    await untilStatus(base, done, 'Completed');
    await until(async () => ((await call(base, 'GET', `/workers/jobs/${done}/result`)).status === 404 ? true : undefined), 'the result to expire');
    assert.equal((await call(base, 'GET', `/workers/jobs/${done}`)).json.status, 'Completed');
    assert.deepEqual(await listIds(base, 'completed'), [done]);
    assert.equal((await stats(base)).completed, 1);
  });

  it('never drops pending, processing, retrying or delayed jobs, however old', async () => {
    server = await startWorkersServer({ port: 0, workers: 3, resultTtlSecs: TTL, jobTtlSecs: TTL });
    const base = server.url;
    const processing = await submit(base, custom('sleep', { ms: 60_000 }));
    const retrying = await submit(base, custom('flaky', { fail_times: 5 }, { retry_config: { max_attempts: 3, initial_delay_secs: 3600 } }));
    const finishing = await submit(base, custom('sleep', { ms: 600 }));
    await untilStatus(base, processing, 'Processing');
    await untilStatus(base, retrying, 'Retrying');
    await untilStatus(base, finishing, 'Processing');
    server.pause();
    const pending = await submit(base, custom('echo'));
    const delayed = await submit(base, custom('echo', {}, { scheduled_at: new Date(Date.now() + 3600_000).toISOString() }));
    // `finishing` ends after the others were created, and is dropped TTL after that: they are older than TTL by then.
    await untilStatus(base, finishing, 'Completed');
    await untilGone(base, finishing);
    const statuses = await Promise.all([processing, retrying, pending, delayed].map(async (id) => (await call(base, 'GET', `/workers/jobs/${id}`)).json.status));
    assert.deepEqual(statuses, ['Processing', 'Retrying', 'Pending', 'Pending']); // a delayed job is Pending until due (counted as delayed below)
    const s = await stats(base);
    assert.deepEqual([s.pending, s.processing, s.retry, s.delayed, s.completed, s.total], [1, 1, 1, 1, 0, 4]);
  });

  it('a dropped job is gone after a restart with a data file, and jobs still to run are back', async () => {
    const dataFile = path.join(dir, 'data.jsonl');
    server = await startWorkersServer({ port: 0, workers: 2, dataFile, resultTtlSecs: TTL, jobTtlSecs: TTL });
    let base = server.url;
    const done = await submit(base, custom('echo'));
    await untilStatus(base, done, 'Completed');
    await untilGone(base, done);
    server.pause();
    const pending = await submit(base, custom('echo'));
    await server.close();
    assert.ok(fs.readFileSync(dataFile, 'utf8').includes(done), 'the journal still holds the job until it is compacted');

    const logs: string[] = [];
    server = await startWorkersServer({ port: 0, workers: 2, dataFile, paused: true, resultTtlSecs: TTL, jobTtlSecs: TTL, log: (l) => logs.push(l) });
    base = server.url;
    assert.equal((await call(base, 'GET', `/workers/jobs/${done}`)).status, 404);
    assert.equal((await call(base, 'GET', `/workers/jobs/${pending}`)).json.status, 'Pending');
    assert.ok(logs.some((l) => l.startsWith('Loaded 1 job(s)')), logs.join('\n'));
    // Rewritten on open without it.
    assert.ok(!fs.readFileSync(dataFile, 'utf8').includes(done));
  });

  it('a job finished before a restart is not loaded once its retention has ended, and is kept while it lasts', async () => {
    const dataFile = path.join(dir, 'data.jsonl');
    server = await startWorkersServer({ port: 0, workers: 2, dataFile, jobTtlSecs: 3600 });
    const done = await submit(server.url, custom('echo'));
    const dead = await submit(server.url, deadLetter());
    await untilStatus(server.url, done, 'Completed');
    await untilStatus(server.url, dead, 'DeadLetter');
    await server.close();

    server = await startWorkersServer({ port: 0, workers: 2, dataFile, jobTtlSecs: 3600 });
    assert.equal((await call(server.url, 'GET', `/workers/jobs/${done}`)).json.status, 'Completed');
    assert.equal((await call(server.url, 'GET', `/workers/jobs/${dead}`)).json.status, 'DeadLetter');
    await server.close();

    // A shorter retention, which both jobs are past by now (they finished before the first close).
    const logs: string[] = [];
    server = await startWorkersServer({ port: 0, workers: 2, dataFile, resultTtlSecs: 0.001, jobTtlSecs: 0.001, log: (l) => logs.push(l) });
    assert.equal((await call(server.url, 'GET', `/workers/jobs/${done}`)).status, 404);
    assert.equal((await call(server.url, 'GET', `/workers/jobs/${dead}`)).status, 404);
    assert.ok(logs.some((l) => l.startsWith('Loaded 0 job(s)')), logs.join('\n'));
    const text = fs.readFileSync(dataFile, 'utf8');
    assert.ok(!text.includes(done) && !text.includes(dead));
  });

  it('online compaction leaves dropped jobs out of the journal', async () => {
    const dataFile = path.join(dir, 'data.jsonl');
    server = await startWorkersServer({ port: 0, workers: 2, dataFile, resultTtlSecs: TTL, jobTtlSecs: TTL, journalCompactBytes: 1 });
    const base = server.url;
    const done = await submit(base, custom('echo'));
    await untilStatus(base, done, 'Completed');
    await untilGone(base, done);
    server.pause();
    // Each write past twice the compacted size starts a compaction: a few submissions make one.
    await until(async () => {
      await submit(base, custom('echo'));
      return fs.readFileSync(dataFile, 'utf8').includes(done) ? undefined : true;
    }, 'a compaction without the dropped job');
  });

  it('refuses a retention shorter than the result retention, in options and on the command line', async () => {
    await assert.rejects(startWorkersServer({ port: 0, resultTtlSecs: 60, jobTtlSecs: 30 }), /jobTtlSecs must be at least resultTtlSecs \(60\)/);
    assert.throws(() => parseCliArgs(['--result-ttl', '60', '--job-ttl', '30']), /--job-ttl \(30\) must be at least --result-ttl \(60\)/);
    assert.throws(() => parseCliArgs(['--job-ttl', '0']), /--job-ttl must be an integer from 1/);
    const parsed = parseCliArgs(['--job-ttl', '7200']);
    assert.equal(!parsed.help && parsed.options.jobTtlSecs, 7200);
  });

  it('defaults to 24 hours, or the result retention when that is longer', async () => {
    server = await startWorkersServer({ port: 0, workers: 2, resultTtlSecs: 100_000 });
    const done = await submit(server.url, custom('echo'));
    await untilStatus(server.url, done, 'Completed');
    assert.equal((await call(server.url, 'GET', `/workers/jobs/${done}/result`)).status, 200);
  });
});
