// Totals and labels the user reads say the same as the jobs beside them: completed jobs whose
// result failed (RipTide's quirk) are counted where "0 failed" and "100 % success" would stand,
// and a job's type has one name everywhere.
import * as assert from 'node:assert/strict';
import type { JobResult, QueueStats, WorkerMetrics } from '../../src/api';
import { CompletedFailures } from '../../src/core/jobs/completedFailures';
import { jobTitle, buildJobView } from '../../src/core/panels/jobModel';
import { jobLabel, jobTooltipRows, scheduleTooltipRows, TREE_TEXT_MAX, treeText, workerRows } from '../../src/core/views/presentation';
import { buildDashboardView } from '../../src/common/dashboardModel';
import { completedFailuresWords, describeJobTypeLabel, jobTypeWords } from '../../src/common/jobLabels';

const result = (job_id: string, success: boolean): JobResult =>
  ({ job_id, success, data: null, error: success ? null : 'boom', processing_time_ms: 0, worker_id: null, completed_at: null }) as JobResult;

const metrics = {
  jobs_submitted: 10, jobs_completed: 10, jobs_failed: 0, jobs_retried: 0, jobs_dead_letter: 0,
  avg_processing_time_ms: 5, p95_processing_time_ms: 9, p99_processing_time_ms: 9, success_rate: 100,
  job_type_stats: { Maintenance: { submitted: 10, completed: 10, failed: 0, retried: 0, dead_letter: 0, total_processing_time_ms: 50 } },
  queue_sizes: {}, total_workers: 4, healthy_workers: 4, uptime_seconds: 60, timestamp: null,
} as WorkerMetrics;
const pool = { total_workers: 4, healthy_workers: 4, total_jobs_processed: 10, total_jobs_failed: 0, is_running: true };

describe('completed jobs whose result failed', () => {
  it('are counted once each, and only when the job is Completed with success: false', () => {
    const seen = new CompletedFailures();
    let changes = 0;
    seen.onDidChange(() => changes++);
    seen.record('Completed', result('a', false));
    seen.record('Completed', result('a', false)); // read again (hover, panel, watcher): still one
    seen.record('Completed', result('b', true));
    seen.record('DeadLetter', result('c', false)); // the server counts this one as failed already
    seen.record('Completed', result('d', false));
    assert.equal(seen.count, 2);
    assert.equal(changes, 2);
  });

  it('the Workers view says how many beside the server\'s "0 failed" and "100 % success"', () => {
    const plain = new Map(workerRows(pool, metrics).map((r) => [r.key, r]));
    assert.equal(plain.get('failed')?.value, '0');
    assert.equal(plain.get('success')?.value, '100.0 %');
    const rows = new Map(workerRows(pool, metrics, 3).map((r) => [r.key, r]));
    assert.equal(rows.get('failed')?.value, '0 · and 3 completed jobs seen here had a failed result');
    assert.equal(rows.get('failed')?.icon.color, 'charts.red');
    assert.equal(rows.get('success')?.value, '100.0 % as the server counts · 3 completed jobs seen here had a failed result');
    assert.equal(rows.get('success')?.icon.id, 'warning');
  });

  it('the dashboard view carries the count', () => {
    const q: QueueStats = { pending: 0, processing: 0, completed: 10, failed: 0, retry: 0, delayed: 0, total: 10 };
    assert.equal(buildDashboardView(q, pool, metrics).completedFailures, 0);
    assert.equal(buildDashboardView(q, pool, metrics, 1).completedFailures, 1);
    assert.equal(completedFailuresWords(1), '1 completed job seen here had a failed result');
    assert.equal(completedFailuresWords(1200), '1,200 completed jobs seen here had a failed result');
  });
});

describe('one label per job type', () => {
  it('names server labels and RipTide\'s metrics keys in words', () => {
    const cases: [string, string][] = [
      ['maintenance:cache_cleanup', 'Maintenance · cache_cleanup'],
      ['custom:data_export', 'Custom · data_export'],
      ['batch_crawl', 'Batch crawl'],
      ['BatchCrawl', 'Batch crawl'],
      ['SingleCrawl', 'Single crawl'],
      ['Maintenance', 'Maintenance'],
      ['custom:a:b', 'Custom · a:b'],
      ['Custom', 'Custom'],
      ['my_own_job', 'my_own_job'],
    ];
    for (const [label, words] of cases) assert.equal(describeJobTypeLabel(label), words, label);
  });

  it('the tree, the panel title, the panel facts and a notification label agree', () => {
    const definition = { job_type: { type: 'maintenance' as const, task_type: 'cache_cleanup', parameters: {} } };
    const item = { job_id: '1a2b3c4d-0000-0000-0000-000000000000', job_type: 'maintenance:cache_cleanup' } as Parameters<typeof jobLabel>[0];
    const words = 'Maintenance · cache_cleanup';
    // Known definition or only the server's label: the same words.
    assert.equal(jobLabel(item), words);
    assert.equal(jobLabel(item, definition.job_type), words);
    assert.equal(jobTypeWords(undefined, item.job_type), words);
    assert.equal(jobTypeWords(definition.job_type, undefined), words);
    assert.equal(jobTitle(item.job_id, { typeLabel: item.job_type }), `${words} · 1a2b3c4d`);
    assert.equal(jobTitle(item.job_id, { definition }), `${words} · 1a2b3c4d`);
    const status = { job_id: item.job_id, status: 'Pending', created_at: new Date(), retry_count: 0, metadata: {} } as unknown as Parameters<typeof buildJobView>[0];
    const facts = new Map(buildJobView(status, { definition, retryErrors: new Map() }).facts);
    assert.equal(facts.get('Type'), words);
    // A batch crawl from its definition keeps its URL count in the title too.
    const crawl = { job_type: { type: 'batch_crawl' as const, urls: ['https://a.example', 'https://b.example'] } };
    assert.equal(jobTitle(item.job_id, { definition: crawl }), 'Batch crawl · 2 URLs · 1a2b3c4d');
    assert.equal(jobTypeWords(undefined, undefined), 'Job');
  });
});

describe('long server strings in the trees', () => {
  it('a node shows at most TREE_TEXT_MAX characters, and its tooltip the whole text', () => {
    const name = `job_${'n'.repeat(5000)}`;
    assert.equal(treeText('short'), 'short');
    const cut = treeText(`Custom · ${name}`);
    assert.equal(cut.length, TREE_TEXT_MAX + 1);
    assert.ok(cut.endsWith('…'));
    const item = { job_id: '1a2b3c4d-0000-0000-0000-000000000000', job_type: `custom:${name}`, priority: 'Normal', created_at: new Date(), retry_count: 0 } as unknown as Parameters<typeof jobLabel>[0];
    assert.equal(new Map(jobTooltipRows(item, 'Pending', undefined)).get('Type'), `Custom · ${name}`);
    const schedule = { id: 's1', name, cron_expression: '0 0 * * * *', enabled: true, priority: 'Normal', next_execution_at: null, last_executed_at: null, execution_count: 0 } as unknown as Parameters<typeof scheduleTooltipRows>[0];
    assert.equal(new Map(scheduleTooltipRows(schedule)).get('Schedule'), name);
  });
});
