// The journal's compaction on open: one line per record, and no results past their time to live.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newJob, type Job } from '../../src/server/jobs';
import { Journal } from '../../src/server/journal';

const HOUR = 3600_000;
const OLD = '00000000-0000-4000-8000-000000000001';
const FRESH = '00000000-0000-4000-8000-000000000002';

function completedJob(id: string, seq: number, completedAt: number): Job {
  const job = newJob(id, seq, { job_type: { type: 'custom', job_name: 'echo', payload: {} } }, completedAt - 10);
  Object.assign(job, { queue: 'completed', status: 'Completed', startedAt: completedAt - 5, completedAt, workerId: 'worker-0' });
  job.result = { success: true, data: { seq }, error: null, processing_time_ms: 5, worker_id: 'worker-0', completed_at: completedAt };
  return job;
}

describe('local server: journal compaction', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-journal-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('drops results older than the time to live while compacting, keeping their jobs', async () => {
    const file = path.join(dir, 'journal.jsonl');
    const now = Date.UTC(2025, 0, 15, 12);
    const old = completedJob(OLD, 1, now - 2 * HOUR);
    const fresh = completedJob(FRESH, 2, now - HOUR / 2);
    // Two snapshots of `old` (the later wins) and one of `fresh`.
    const lines = [{ t: 'job', job: { ...old, result: null } }, { t: 'job', job: old }, { t: 'job', job: fresh }];
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l) + '\n').join(''));

    const { journal, state } = await Journal.open(file, { resultTtlMs: HOUR, jobTtlMs: 24 * HOUR, now });
    journal.close();

    const written = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: string; job: Job });
    assert.deepEqual(written.map((r) => [r.t, r.job.id, r.job.status, r.job.result?.completed_at ?? null]), [
      ['job', OLD, 'Completed', null],
      ['job', FRESH, 'Completed', now - HOUR / 2],
    ]);
    assert.deepEqual(state.jobs.map((j) => [j.id, j.result === null]), [[OLD, true], [FRESH, false]]);
  });
});

describe('local server: journal group commit', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riptide-journal-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lets concurrent commits share one fdatasync, and every one is on disk when it resolves', async () => {
    const file = path.join(dir, 'journal.jsonl');
    const { journal } = await Journal.open(file, { resultTtlMs: HOUR, jobTtlMs: 24 * HOUR });
    try {
      const jobs = Array.from({ length: 200 }, (_, i) => completedJob(randomUUID(), i + 1, Date.now()));
      await Promise.all(jobs.map((job) => journal.commit({ t: 'job', job })));
      assert.equal(journal.syncCount, 1, 'one fdatasync for 200 commits made together');
      // Commits made while a sync runs wait for the next one, shared again.
      const first = journal.commit({ t: 'job', job: completedJob(randomUUID(), 201, Date.now()) });
      await new Promise((resolve) => setImmediate(resolve));
      const later = Array.from({ length: 50 }, (_, i) => journal.commit({ t: 'job', job: completedJob(randomUUID(), 300 + i, Date.now()) }));
      await Promise.all([first, ...later]);
      assert.ok(journal.syncCount <= 3, `${journal.syncCount} syncs`);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
      assert.equal(lines.length, 251);
      // A record that cannot be serialised is refused before anything is written.
      const cyclic = completedJob(randomUUID(), 999, Date.now());
      cyclic.metadata.self = cyclic.metadata;
      assert.throws(() => journal.append({ t: 'job', job: cyclic }), /circular/);
      assert.equal(fs.readFileSync(file, 'utf8').trim().split('\n').length, 251);
    } finally {
      journal.close();
    }
  });
});
