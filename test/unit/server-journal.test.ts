// The journal's compaction on open: one line per record, and no results past their time to live.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { newJob, type Job } from '../../src/server/jobs';
import { Journal } from '../../src/server/journal';

const HOUR = 3600_000;

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

  it('drops results older than the time to live while compacting, keeping their jobs', () => {
    const file = path.join(dir, 'journal.jsonl');
    const now = Date.UTC(2025, 0, 15, 12);
    const old = completedJob('old', 1, now - 2 * HOUR);
    const fresh = completedJob('fresh', 2, now - HOUR / 2);
    // Two snapshots of `old` (the later wins) and one of `fresh`.
    const lines = [{ t: 'job', job: { ...old, result: null } }, { t: 'job', job: old }, { t: 'job', job: fresh }];
    fs.writeFileSync(file, lines.map((l) => JSON.stringify(l) + '\n').join(''));

    const { journal, state } = Journal.open(file, HOUR, now);
    journal.close();

    const written = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: string; job: Job });
    assert.deepEqual(written.map((r) => [r.t, r.job.id, r.job.status, r.job.result?.completed_at ?? null]), [
      ['job', 'old', 'Completed', null],
      ['job', 'fresh', 'Completed', now - HOUR / 2],
    ]);
    assert.deepEqual(state.jobs.map((j) => [j.id, j.result === null]), [['old', true], ['fresh', false]]);
  });
});
