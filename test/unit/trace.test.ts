// From the queue back to the code, in plain Node: where a job came from and finding it again
// after edits, each file's run history and what the editor says about it, results without their
// volatile fields, job files written from jobs and schedules, and the dashboard's stats history
// fed by the refresh loop's own reads.
import * as assert from 'node:assert/strict';
import type { JobConfig, QueueStats, ScheduledJob } from '../../src/api';
import { WorkersClient } from '../../src/api';
import { analyzeJobFile } from '../../src/jobfiles';
import { Refresher } from '../../src/core/refresh/refresher';
import { HISTORY_MAX_SAMPLES, StatsHistory } from '../../src/core/refresh/statsHistory';
import { fileLabel, fingerprintOf, locateEntry, serverKey, sourceWords, type EntryPlace } from '../../src/core/trace/jobSources';
import { failureMessage, failureToShow, MAX_RUNS_PER_FILE, RunHistory, runEndOf, runSummary, type RunRecord } from '../../src/core/trace/runHistory';
import { scheduleOriginOf, scheduleWords } from '../../src/core/trace/scheduleOrigin';
import { withoutVolatileFields } from '../../src/core/trace/volatileFields';
import { jobFileName, jobFileText, jobsFileText, safeName, scheduleFileName, scheduleFileText } from '../../src/core/trace/jobFileText';
import { backlogOf, mergeSamples, ratesOf } from '../../src/common/dashboardModel';
import { startWorkersServer } from '../../src/server';

const SERVER = 'http://127.0.0.1:8080';
const FILE = 'file:///ws/crawl.job.yaml';
const ID = '3ced1372-0000-4000-8000-000000000001';

function run(over: Partial<RunRecord> = {}): RunRecord {
  return { jobId: ID, file: FILE, index: 0, line: 0, fingerprint: 'a', submittedAt: 1000, ...over };
}

function queue(over: Partial<QueueStats> = {}): QueueStats {
  return { pending: 0, processing: 0, completed: 0, failed: 0, retry: 0, delayed: 0, total: 0, ...over } as QueueStats;
}

describe('job sources', () => {
  it('fingerprints a definition whatever its key order, and tells different ones apart', () => {
    const a = fingerprintOf({ job_type: { type: 'single_crawl', url: 'u' }, priority: 'High' });
    const b = fingerprintOf({ priority: 'High', job_type: { url: 'u', type: 'single_crawl' } });
    assert.equal(a, b);
    assert.notEqual(a, fingerprintOf({ priority: 'High', job_type: { url: 'v', type: 'single_crawl' } }));
    assert.equal(fingerprintOf({ a: 1, b: undefined }), fingerprintOf({ a: 1 }));
  });

  it('finds an entry again: same place, moved by an insertion above, edited in place, or gone', () => {
    const entries: EntryPlace[] = [
      { index: 0, line: 0, fingerprint: 'new' },
      { index: 1, line: 5, fingerprint: 'x' },
      { index: 2, line: 9, fingerprint: 'y' },
    ];
    assert.equal(locateEntry({ index: 1, fingerprint: 'x' }, entries), entries[1], 'same index and content');
    assert.equal(locateEntry({ index: 0, fingerprint: 'x' }, entries), entries[1], 'a job inserted above: found by content');
    assert.equal(locateEntry({ index: 2, fingerprint: 'fixed-before' }, entries), entries[2], 'edited in place: found by index');
    assert.equal(locateEntry({ index: 7, fingerprint: 'gone' }, entries), undefined);
    const twins: EntryPlace[] = [{ index: 0, line: 0, fingerprint: 'x' }, { index: 1, line: 3, fingerprint: 'q' }, { index: 2, line: 6, fingerprint: 'x' }];
    assert.equal(locateEntry({ index: 2, fingerprint: 'x' }, twins), twins[2], 'two equal entries: the one at its own index');
    assert.equal(locateEntry({ index: 1, fingerprint: 'x' }, twins), twins[0], 'else the nearest');
  });

  it('keys records by server (origin and path prefix) and names files for people', () => {
    assert.equal(serverKey('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
    assert.equal(serverKey('https://HOST.example/api/'), 'https://host.example/api');
    assert.notEqual(serverKey('https://h/api'), serverKey('https://h/other'));
    assert.notEqual(serverKey('http://127.0.0.1:8080'), serverKey('http://127.0.0.1:8081'));
    assert.equal(fileLabel('file:///ws/sub/my%20crawl.job.yaml'), 'my crawl.job.yaml');
    assert.equal(sourceWords({ file: FILE, line: 3 }), 'Defined in crawl.job.yaml, line 4');
  });

  it('reads the schedule a job was started by from the metadata the server adds', () => {
    assert.deepEqual(scheduleOriginOf({ scheduled_job_id: 's1', scheduled_job_name: 'nightly', execution_count: 3 }), { scheduleId: 's1', scheduleName: 'nightly', run: 3 });
    assert.equal(scheduleOriginOf({ source: 'api' }), undefined);
    assert.equal(scheduleOriginOf(null), undefined);
    assert.deepEqual(scheduleOriginOf({ scheduled_job_name: 'n', execution_count: 'x' }), { scheduleName: 'n' });
    assert.equal(scheduleWords({ scheduleName: 'nightly', run: 3 }), 'Started by schedule nightly (run 3)');
  });
});

describe('run history', () => {
  it('records how a run ended and says it the way the editor shows it', () => {
    const h = new RunHistory();
    h.add(SERVER, run());
    assert.equal(h.unfinished(SERVER).length, 1);
    const end = runEndOf({ status: 'DeadLetter', last_error: 'HTTP error: 404', processing_time_ms: null, started_at: null, completed_at: '1970-01-01T00:00:02Z' }, undefined);
    assert.deepEqual(end, { outcome: 'failed', finishedAt: 2000, error: 'HTTP error: 404' });
    const r = h.finish(SERVER, ID, end)!;
    assert.equal(h.unfinished(SERVER).length, 0);
    assert.equal(failureMessage(r, new Date(2000 + 120_000)), 'Last run failed on the server: HTTP error: 404 (job 3ced1372, 2 min ago)');
    assert.equal(runSummary(r, new Date(2000 + 180_000)), 'last run failed 3 min ago');
    assert.equal(runSummary(run({ submittedAt: 0 }), new Date(5000)), 'last run sent 5 s ago, not finished');
    assert.equal(runSummary({ ...run(), outcome: 'succeeded', finishedAt: 0, durationMs: 350 }, new Date(60_000)), 'last run succeeded 1 min ago in 350 ms');
  });

  it('counts a completed job with a failed result as failed, and takes its error and time', () => {
    const status = { status: 'Completed' as const, last_error: null, processing_time_ms: null, started_at: '2025-01-01T00:00:00Z', completed_at: '2025-01-01T00:00:03Z' };
    assert.deepEqual(runEndOf(status, { success: false, error: 'Unknown task', processing_time_ms: 12 }), { outcome: 'failed', finishedAt: Date.parse(status.completed_at), durationMs: 12, error: 'Unknown task' });
    assert.deepEqual(runEndOf(status, { success: true, error: null, processing_time_ms: null }), { outcome: 'succeeded', finishedAt: Date.parse(status.completed_at), durationMs: 3000 });
  });

  it('shows the latest finished run\'s failure until a later run succeeds or it is dismissed', () => {
    const failed = run({ jobId: 'a', outcome: 'failed', submittedAt: 1 });
    assert.equal(failureToShow([failed]), failed);
    assert.equal(failureToShow([run({ jobId: 'b', submittedAt: 2 }), failed]), failed, 'a resubmission still running keeps it');
    assert.equal(failureToShow([run({ jobId: 'b', outcome: 'succeeded', submittedAt: 2 }), failed]), undefined);
    assert.equal(failureToShow([{ ...failed, dismissed: true }]), undefined);
  });

  it('finds each entry\'s runs in the file as it is now, newest first', () => {
    const h = new RunHistory();
    h.add(SERVER, run({ jobId: 'a', index: 0, fingerprint: 'x', submittedAt: 1 }));
    h.add(SERVER, run({ jobId: 'b', index: 1, fingerprint: 'y', submittedAt: 2 }));
    h.add(SERVER, run({ jobId: 'c', index: 1, fingerprint: 'y', submittedAt: 3 }));
    h.add('http://other:1', run({ jobId: 'z', index: 0, fingerprint: 'x', submittedAt: 4 }));
    // A job was inserted at the top: both entries moved down one.
    const shifted: EntryPlace[] = [{ index: 0, line: 0, fingerprint: 'new' }, { index: 1, line: 4, fingerprint: 'x' }, { index: 2, line: 8, fingerprint: 'y' }];
    const byEntry = h.runsByEntry(SERVER, FILE, shifted);
    assert.equal(byEntry.get(shifted[0]), undefined, 'the new job has no runs');
    assert.deepEqual(byEntry.get(shifted[1])?.map((r) => r.jobId), ['a']);
    assert.deepEqual(byEntry.get(shifted[2])?.map((r) => r.jobId), ['c', 'b'], 'newest first');
    // The second entry was fixed in place: its runs stay with it.
    const fixed: EntryPlace[] = [{ index: 0, line: 0, fingerprint: 'x' }, { index: 1, line: 4, fingerprint: 'y-fixed' }];
    assert.deepEqual(h.runsByEntry(SERVER, FILE, fixed).get(fixed[1])?.map((r) => r.jobId), ['c', 'b']);
    assert.equal(h.find(SERVER, 'z'), undefined, 'another server\'s runs are not this one\'s');
  });

  it('is bounded, survives a round trip through JSON, drops malformed records, and follows renames', () => {
    const h = new RunHistory();
    for (let i = 0; i < MAX_RUNS_PER_FILE + 20; i++) h.add(SERVER, run({ jobId: `j${i}`, submittedAt: i }));
    assert.equal(h.runsOf(SERVER, FILE).length, MAX_RUNS_PER_FILE);
    assert.equal(h.runsOf(SERVER, FILE)[0].jobId, 'j20');
    const copy = new RunHistory(JSON.parse(JSON.stringify(h.toJSON())));
    assert.equal(copy.runsOf(SERVER, FILE).length, MAX_RUNS_PER_FILE);
    const odd = new RunHistory({ [SERVER]: { [FILE]: [{ jobId: 1 }, run(), 'x'], other: 'no' }, bad: 3 });
    assert.deepEqual(odd.runsOf(SERVER, FILE).map((r) => r.jobId), [ID]);
    assert.ok(odd.renameFile(FILE, 'file:///ws/renamed.job.yaml'));
    assert.equal(odd.runsOf(SERVER, FILE).length, 0);
    assert.equal(odd.runsOf(SERVER, 'file:///ws/renamed.job.yaml')[0].file, 'file:///ws/renamed.job.yaml');
    assert.ok(odd.dismiss(SERVER, ID));
    assert.equal(odd.find(SERVER, ID)?.dismissed, true);
  });
});

describe('results without volatile fields', () => {
  it('drops timestamps, ids and processing times, and masks timestamp and UUID values elsewhere', () => {
    const result = {
      job_id: ID,
      success: true,
      processing_time_ms: 12,
      completed_at: '2025-01-01T00:00:00Z',
      worker_id: 'worker-1',
      data: {
        results: [{ url: 'u', status: 200, processing_time_ms: 3, document: { title: 't', published_iso: 'x' } }],
        payload: { when: '2025-01-01T10:20:30.5+02:00', ref: ID, note: '2025 report', keep: 1 },
      },
    };
    assert.deepEqual(withoutVolatileFields(result), {
      success: true,
      data: { results: [{ url: 'u', status: 200, document: { title: 't' } }], payload: { when: '<timestamp>', ref: '<id>', note: '2025 report', keep: 1 } },
    });
    assert.equal(withoutVolatileFields(null), null);
  });
});

describe('job files from jobs and schedules', () => {
  const definition: JobConfig = {
    job_type: { type: 'batch_crawl', urls: ['https://example.com/a', 'https://example.com/b'] },
    priority: 'High',
    retry_config: { max_attempts: 2 },
    metadata: { source: 'docs', 'odd: key': 'a # b' },
    timeout_secs: 60,
  } as JobConfig;

  it('writes a job file that the job-file checks read back to the same definition', () => {
    const text = jobFileText(definition, { jobId: ID, server: SERVER, at: new Date(0) });
    assert.match(text, /^# Saved from RipTide job 3ced1372 on http:\/\/127\.0\.0\.1:8080, 1970-01-01T00:00:00Z\./);
    const analysis = analyzeJobFile(text, 'x.job.yaml');
    // Only the note that the RipTide server ignores a job's timeout_secs (the definition has one).
    assert.deepEqual(analysis.problems.filter((p) => p.severity !== 'info').map((p) => p.code), ['riptide-ignores']);
    assert.deepEqual(analysis.entries[0].job, analyzeJobFile(JSON.stringify(definition), 'x.job.json').entries[0].job);
    const many = jobsFileText([{ jobId: 'a', definition }, { jobId: 'b', definition: { job_type: { type: 'custom', job_name: 'x', payload: {} } } as JobConfig }]);
    const again = analyzeJobFile(many, 'many.job.yaml');
    assert.equal(again.ok, true);
    assert.equal(again.entries.length, 2);
  });

  it('writes a schedule file: with its template when known, else one that points at what is missing', () => {
    const schedule = { id: 'sched-1', name: 'nightly crawl', cron_expression: '0 30 2 * * *', enabled: true, priority: 'Normal', execution_count: 0 } as ScheduledJob;
    const known = { name: 'nightly crawl', cron_expression: '0 30 2 * * *', job_template: { type: 'single_crawl', url: 'https://example.com' } } as never;
    const full = analyzeJobFile(scheduleFileText(schedule, known), 'n.schedule.yaml');
    assert.equal(full.ok, true);
    assert.equal(full.entries[0].schedule?.name, 'nightly crawl');
    const bare = scheduleFileText(schedule);
    assert.match(bare, /does not say which job/);
    const checked = analyzeJobFile(bare, 'n.schedule.yaml');
    assert.equal(checked.ok, false);
    assert.ok(checked.problems.some((p) => p.severity === 'error' && p.range.start.line === bare.split('\n').findIndex((l) => l.startsWith('job_template'))));
  });

  it('names files safely, whatever the server calls things', () => {
    assert.equal(jobFileName(definition, ID), 'batch_crawl-3ced1372.job.yaml');
    assert.equal(jobFileName({ job_type: { type: 'custom', job_name: '../x y', payload: 1 } } as JobConfig, ID), 'custom-__x_y-3ced1372.job.yaml');
    assert.equal(scheduleFileName({ name: '../../etc/passwd', id: 'abcdef12-1' }), 'etc_passwd.schedule.yaml');
    assert.equal(safeName('.hidden'), 'hidden');
  });
});

describe('stats history', () => {
  it('keeps the last hour of readings, bounded, and feeds the charts', () => {
    const h = new StatsHistory();
    const seen: number[] = [];
    h.onDidRecord((s) => seen.push(s.t));
    h.record(queue({ pending: 5, completed: 1 }), 0);
    h.record(queue({ pending: 3, processing: 2, completed: 4, failed: 1 }), 30_000);
    assert.deepEqual(seen, [0, 30_000]);
    assert.deepEqual(backlogOf(h.samples(30_000)), [{ t: 0, pending: 5, processing: 0 }, { t: 30_000, pending: 3, processing: 2 }]);
    assert.deepEqual(ratesOf(h.samples(30_000)), [{ t: 30_000, completedPerMin: 6, failedPerMin: 2 }]);
    assert.equal(h.samples(60 * 60_000 + 1).length, 1, 'an hour later the first reading is gone');
    for (let i = 0; i < HISTORY_MAX_SAMPLES + 10; i++) h.record(queue(), 100_000 + i);
    assert.equal(h.samples(100_000 + HISTORY_MAX_SAMPLES).length, HISTORY_MAX_SAMPLES);
    h.record(queue(), 5); // the clock went back
    assert.equal(h.samples(5).length, 1);
  });

  it('merges samples a reloaded dashboard kept with the host\'s history', () => {
    const restored = [{ t: 1, completed: 0, failed: 0 }, { t: 2, completed: 1, failed: 0 }, { t: 5, completed: 9, failed: 0 }];
    const history = [{ t: 3, completed: 2, failed: 0, pending: 0, processing: 0 }];
    assert.deepEqual(mergeSamples(restored, history).map((s) => s.t), [1, 2, 3]);
    assert.deepEqual(mergeSamples(restored, []).map((s) => s.t), [1, 2, 5]);
  });

  it('is fed by the refresh loop\'s own reads of the queue stats, with no request of its own', async () => {
    const server = await startWorkersServer({ port: 0, workers: 2 });
    const client = new WorkersClient({ baseUrl: server.url });
    const refresher = new Refresher({ client: () => client, intervalSeconds: () => 60, statusBarWanted: () => true, focused: () => true });
    const history = new StatsHistory();
    refresher.onDidReadStats((stats) => history.record(stats));
    try {
      await client.submitJob({ job_type: { type: 'custom', job_name: 'sleep', payload: { ms: 60_000 } } } as JobConfig);
      await refresher.refreshNow();
      await refresher.refreshNow();
      await refresher.refreshNow();
      assert.equal(history.samples().length, refresher.ticks);
      assert.equal(history.samples().length, 3);
      const last = history.latest!;
      assert.equal((last.pending ?? 0) + (last.processing ?? 0), 1);
    } finally {
      refresher.dispose();
      await client.close();
      await server.close();
    }
  });
});
