// The journal (--data-file) through the real server process: bad lines of every kind reported with
// file and line, kept aside and skipped; leftovers of an interrupted compaction removed; a journal
// larger than one string can hold read as a stream; online compaction keeping it bounded; and
// concurrent submissions all acknowledged, durable and counted once.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { newJob, type Job } from '../../src/server/jobs';
import { serverProcessFixture, start } from './serverProcess';
import { call, custom, submit, until, untilStatus } from './serverTestUtil';

const line = (record: unknown) => JSON.stringify(record) + '\n';

function pendingJob(seq: number, extra: Partial<Job> = {}): Job {
  return { ...newJob(randomUUID(), seq, { job_type: { type: 'custom', job_name: 'echo', payload: { seq } } }, Date.now()), ...extra };
}

describe('local server process: the journal', function () {
  this.timeout(90_000);
  const fixture = serverProcessFixture('riptide-journal-process', { perTest: true });
  const launch = async (args: string[], timeoutMs = 30_000) => {
    const s = await start(args, {}, timeoutMs);
    fixture.track(s.child);
    return s;
  };

  it('skips every kind of bad line, reporting its file and line number (also with --quiet), and keeps it aside', async () => {
    const file = path.join(fixture.dir(), 'journal.jsonl');
    const good = [pendingJob(1), pendingJob(2, { priority: 'High' })];
    const schedule = {
      id: randomUUID(), name: 'nightly', cron_expression: '0 0 2 * * *', job_template: { type: 'custom', job_name: 'n', payload: 1 },
      priority: 'Normal', enabled: true, retry_config: null, metadata: {}, created_at: Date.now(), last_executed_at: null,
      next_execution_at: Date.now() + 3_600_000, execution_count: 0,
    };
    const bad: Array<[string | Buffer, RegExp]> = [
      ['{"t":"job","job":{"id":"', /not JSON/], // a write cut short
      ['garbage', /not JSON/],
      ['null', /not a valid record/],
      ['[1,2]', /not a valid record/],
      [line({ t: 'nope', id: 'x' }).trim(), /not a valid record/],
      [line({ t: 'job', job: { ...pendingJob(3), queue: 'limbo' } }).trim(), /queue/], // would sit in no queue
      [line({ t: 'job', job: { ...pendingJob(4), queue: 'completed' } }).trim(), /status/],
      [line({ t: 'job', job: { ...pendingJob(5), queue: 'retry', status: 'Retrying', readyAt: Infinity } }).trim(), /readyAt/], // Infinity is written as null
      [line({ t: 'job', job: { ...pendingJob(6), createdAt: NaN } }).trim(), /createdAt/],
      [line({ t: 'job', job: { ...pendingJob(7), id: 'not-a-uuid' } }).trim(), /id/],
      [line({ t: 'job', job: { ...pendingJob(8), definition: { type: 'custom', job_name: '' } } }).trim(), /definition/],
      [line({ t: 'schedule', schedule: { ...schedule, id: randomUUID(), cron_expression: 'every tuesday' } }).trim(), /cron_expression/],
      [line({ t: 'unschedule', id: 42 }).trim(), /id/],
      [`{"t":"job","job":${'['.repeat(200)}${']'.repeat(200)}}`, /nested more than/],
      [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /not UTF-8/],
    ];
    const parts: Buffer[] = [Buffer.from(line({ t: 'job', job: good[0] }) + line({ t: 'schedule', schedule }))];
    for (const [text] of bad) parts.push(Buffer.concat([Buffer.from(text), Buffer.from('\n')]));
    parts.push(Buffer.from(line({ t: 'job', job: good[1] }) + '{"t":"job","job":{"id":"tail cut'));
    fs.writeFileSync(file, Buffer.concat(parts));

    const s = await launch(['--data-file', file, '--paused']);
    const stats = (await call(s.url, 'GET', '/workers/stats/queue')).json;
    assert.deepEqual([stats.pending, stats.total], [2, 2]);
    assert.deepEqual((await call(s.url, 'GET', '/workers/schedule')).json.map((x: { id: string }) => x.id), [schedule.id]);
    const out = s.output();
    bad.forEach(([, reason], i) => {
      const lineNo = i + 3;
      const warning = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${lineNo}: skipped, ([^\\n]*)`).exec(out);
      assert.ok(warning, `no warning for line ${lineNo} in:\n${out}`);
      assert.match(warning[1], reason, `line ${lineNo}`);
    });
    assert.match(out, new RegExp(`:${bad.length + 4}: skipped, not JSON`), 'the cut-off last line');
    // Kept aside byte for byte, one per line; the journal itself now holds only the good records.
    const rejected = fs.readFileSync(`${file}.rejected`);
    const expected = Buffer.concat([...bad.map(([text]) => Buffer.concat([Buffer.from(text), Buffer.from('\n')])), Buffer.from('{"t":"job","job":{"id":"tail cut\n')]);
    assert.ok(rejected.equals(expected), rejected.toString('latin1'));
    assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 3);
    assert.equal((await submit(s.url, custom('after'))).length, 36);
  });

  it('removes leftover temporary files of an interrupted compaction, and only those', async () => {
    const file = path.join(fixture.dir(), 'journal.jsonl');
    fs.writeFileSync(file, line({ t: 'job', job: pendingJob(1) }));
    const leftovers = [`${file}.compact-12345-1700000000000`, `${file}.compact-999`];
    for (const f of leftovers) fs.writeFileSync(f, '{"t":"job","job":{"id":"half written');
    const other = path.join(fixture.dir(), 'notes.compact-1');
    fs.writeFileSync(other, 'mine');
    const s = await launch(['--data-file', file, '--paused']);
    for (const f of leftovers) {
      assert.equal(fs.existsSync(f), false, f);
      assert.match(s.output(), new RegExp(`Removed ${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    assert.equal(fs.readFileSync(other, 'utf8'), 'mine');
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).json.total, 1);
  });

  it('reads a journal larger than one string can hold as a stream', async function () {
    this.timeout(180_000);
    const file = path.join(fixture.dir(), 'journal.jsonl');
    // 560 MiB of history (one string holds at most 512 MiB): the same job rewritten over and over
    // with a big metadata value, its last snapshot completed, and a few small jobs after it.
    const fd = fs.openSync(file, 'w');
    const big = pendingJob(1, { metadata: { padding: 'x'.repeat(1024 * 1024) } });
    const chunk = Buffer.from(line({ t: 'job', job: big }).repeat(8));
    for (let written = 0; written < 560 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    const last = { ...big, metadata: { final: true }, queue: 'completed', status: 'Completed', startedAt: Date.now(), completedAt: Date.now(), workerId: 'worker-0' };
    const small = [pendingJob(2), pendingJob(3)];
    fs.writeSync(fd, line({ t: 'job', job: last }) + small.map((job) => line({ t: 'job', job })).join(''));
    fs.closeSync(fd);
    assert.ok(fs.statSync(file).size > 2 ** 29);

    const s = await launch(['--data-file', file, '--paused'], 150_000);
    const stats = (await call(s.url, 'GET', '/workers/stats/queue')).json;
    assert.deepEqual([stats.completed, stats.pending, stats.total], [1, 2, 3]);
    assert.deepEqual((await call(s.url, 'GET', `/workers/jobs/${big.id}`)).json.metadata, { final: true });
    assert.ok(fs.statSync(file).size < 10_000, 'compacted on start');
  });

  it('compacts online, staying bounded, and loses or duplicates nothing (kill -9 after)', async function () {
    this.timeout(120_000);
    const file = path.join(fixture.dir(), 'journal.jsonl');
    const minBytes = 64 * 1024;
    const s = await launch(['--data-file', file, '--workers', '4', '--journal-compact-bytes', String(minBytes)]);
    const ids: string[] = [];
    let largest = 0;
    let compactions = 0;
    let inode = fs.statSync(file).ino;
    for (let round = 0; round < 12; round++) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(s.url, custom('echo', { round, i, pad: 'p'.repeat(500) }))));
      ids.push(...batch);
      await until(async () => ((await call(s.url, 'GET', '/workers/stats/queue')).json.completed === ids.length ? true : undefined), 'the round to complete');
      const st = fs.statSync(file);
      largest = Math.max(largest, st.size);
      if (st.ino !== inode) compactions++;
      inode = st.ino;
    }
    assert.ok(compactions >= 2, `${compactions} compactions seen`);

    s.child.kill('SIGKILL');
    await s.exit;
    const again = await launch(['--data-file', file, '--paused']);
    const stats = (await call(again.url, 'GET', '/workers/stats/queue')).json;
    assert.deepEqual([stats.completed, stats.total], [ids.length, ids.length]);
    // Compacted on start: what is live. Running, the journal never grew past twice that (plus what
    // arrives while a compaction is being written).
    const liveBytes = fs.statSync(file).size;
    assert.ok(largest <= Math.max(minBytes, 2 * liveBytes) + 100_000, `largest ${largest} bytes, live ${liveBytes}`);
    for (const id of [ids[0], ids[100], ids[ids.length - 1]]) await untilStatus(again.url, id, 'Completed');
  });

  it('acknowledges concurrent submissions once each, all durable across kill -9', async () => {
    const file = path.join(fixture.dir(), 'journal.jsonl');
    const s = await launch(['--data-file', file, '--paused']);
    const ids = await Promise.all(Array.from({ length: 300 }, (_, i) => submit(s.url, custom('echo', { i }))));
    assert.equal(new Set(ids).size, 300);
    assert.equal((await call(s.url, 'GET', '/workers/stats/queue')).json.pending, 300);
    s.child.kill('SIGKILL');
    await s.exit;
    const again = await launch(['--data-file', file, '--paused']);
    const listed = (await call(again.url, 'GET', '/workers/jobs?status=pending&limit=1000')).json.jobs.map((j: { job_id: string }) => j.job_id);
    assert.deepEqual([...listed].sort(), [...ids].sort());
  });
});
