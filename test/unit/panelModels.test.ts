// What the panels compute from the server's answers, in plain Node: status tone (a completed
// job whose result failed is failed), timeline, result views by type, truncation of big data,
// the dashboard's figures and chart rates.
import * as assert from 'node:assert/strict';
import type { JobResult, JobStatus, QueueStats, WorkerMetrics } from '../../src/api';
import { bigCrawlResult, bigCustomResult } from '../bench/panelFixtures';
import { askJobId, jobTargetOf, type AskInput } from '../../src/core/panels/jobTarget';
import { addSample, buildDashboardView, ratesOf } from '../../src/common/dashboardModel';
import { formatDuration } from '../../src/common/jobLabels';
import { buildJobView, buildResultView, rowDetail, sameJobView, typeLabelFromData } from '../../src/core/panels/jobModel';
import { PAYLOAD_PREVIEW_CHARS, ROW_TEXT_PREVIEW_CHARS } from '../../src/common/messages';
import { pageHtml } from '../../src/core/panels/webviewHtml';

const ID = '7f8c2d1e-0000-4000-8000-000000000001';

function status(over: Partial<JobStatus> = {}): JobStatus {
  return {
    job_id: ID,
    status: 'Completed',
    created_at: '2025-01-15T10:00:00Z',
    started_at: '2025-01-15T10:00:01Z',
    completed_at: '2025-01-15T10:00:02Z',
    worker_id: 'worker-0',
    retry_count: 0,
    last_error: null,
    processing_time_ms: 1000,
    metadata: {},
    ...over,
  };
}

function result(over: Partial<JobResult> = {}): JobResult {
  return { job_id: ID, success: true, data: null, error: null, processing_time_ms: 10, worker_id: 'worker-0', completed_at: '2025-01-15T10:00:02Z', ...over };
}

describe('panel models', () => {
  it('shows a completed job whose result says success: false as failed', () => {
    const view = buildJobView(status(), { retryErrors: new Map(), result: result({ success: false, error: 'boom' }) });
    assert.equal(view.tone, 'failed');
    assert.match(view.statusWords, /^Failed/);
    assert.equal(view.timeline.at(-1)?.label, 'Finished with an error');
    assert.equal(view.timeline.at(-1)?.detail, 'boom');
    assert.equal(buildJobView(status(), { retryErrors: new Map(), result: result() }).tone, 'completed');
  });

  it('tells a view that changed from one read again later (only the "updated" time moves)', () => {
    const ctx = { retryErrors: new Map<number, string>() };
    const running = status({ status: 'Processing', completed_at: null, processing_time_ms: null });
    const first = buildJobView(running, ctx, new Date('2025-01-15T10:00:05Z'));
    assert.equal(sameJobView(first, buildJobView(running, ctx, new Date('2025-01-15T10:00:08Z'))), true);
    assert.equal(sameJobView(first, buildJobView(status(), ctx, new Date('2025-01-15T10:00:08Z'))), false);
    assert.equal(sameJobView(undefined, first), false);
  });

  it('says durations in one way: minutes, hours and days (a 3-day uptime is "3 d")', () => {
    assert.equal(formatDuration(3 * 86_400_000), '3 d');
    assert.equal(formatDuration(850), '850 ms');
    const done = buildJobView(status({ processing_time_ms: 90_000 }), { retryErrors: new Map() });
    assert.equal(Object.fromEntries(done.facts)['Processing time'], formatDuration(90_000));
  });

  it('lists each retry with the error seen for it, and the scheduled time from the definition', () => {
    const view = buildJobView(status({ status: 'Retrying', completed_at: null, retry_count: 2, last_error: 'second' }), {
      retryErrors: new Map([[1, 'first']]),
      definition: { job_type: { type: 'custom', job_name: 'x', payload: 1 }, scheduled_at: '2025-01-15T09:59:00Z' },
    });
    assert.deepEqual(
      view.timeline.map((e) => [e.label, e.detail ?? null]),
      [
        ['Created', null],
        ['Scheduled for', null],
        ['Last attempt started', null],
        ['Attempt 1 failed', 'first'],
        ['Attempt 2 failed', 'second'],
        ['Waiting to retry', null],
      ],
    );
    assert.equal(view.title, 'Custom · x · 7f8c2d1e');
    assert.equal(Object.fromEntries(view.facts).Retries, '2 (at most 3 attempts)');
  });

  it('keeps metadata strings exactly as given (the webview renders them as text)', () => {
    const metadata = { a: '<script>alert(1)</script>', b: 'javascript:alert(2)', n: 3 };
    const view = buildJobView(status({ metadata }), { retryErrors: new Map() });
    assert.deepEqual(view.metadata, [
      ['a', '<script>alert(1)</script>'],
      ['b', 'javascript:alert(2)'],
      ['n', '3'],
    ]);
  });

  it('sends a 50-URL crawl as rows with short texts, and a row\'s full text only on request', () => {
    const big = bigCrawlResult();
    const view = buildResultView(big);
    assert.equal(view.state, 'ready');
    if (view.state !== 'ready' || view.body.kind !== 'crawl') throw new Error('expected a crawl');
    assert.equal(view.body.rows.length, 50);
    assert.deepEqual(view.body.summary, { totalUrls: 50, successful: 45, failed: 5, fromCache: 13 });
    assert.ok(view.body.rows.every((r) => r.textPreview.length <= ROW_TEXT_PREVIEW_CHARS + 1));
    assert.ok(JSON.stringify(view).length < 64 * 1024, 'the table message stays small');
    const detail = rowDetail(big, 0);
    assert.equal(detail?.text.length, 100_000);
    assert.equal(detail?.links.length, 40);
    assert.equal(rowDetail(big, 99), undefined);
    assert.equal(typeLabelFromData(big.data), 'batch_crawl');
  });

  it('cuts a 5 MB payload to a preview and says how big it is', () => {
    const view = buildResultView(bigCustomResult());
    if (view.state !== 'ready' || view.body.kind !== 'custom') throw new Error('expected a custom result');
    assert.equal(view.body.payloadTruncated, true);
    assert.equal(view.body.payload.length, PAYLOAD_PREVIEW_CHARS);
    assert.ok(view.body.payloadChars > 5_000_000);
  });

  it('reads a single crawl, a maintenance result and unknown data', () => {
    const single = buildResultView(result({ data: { url: 'https://a.example/', status: 404, from_cache: false, processing_time_ms: 5, document: null, error: 'HTTP 404' } }));
    assert.ok(single.state === 'ready' && single.body.kind === 'crawl' && single.body.single && single.body.summary.failed === 1);
    const maintenance = buildResultView(result({ data: { task_type: 'cache_cleanup', success: true, message: 'Cleaned', details: { removed: 3 } } }));
    assert.ok(maintenance.state === 'ready' && maintenance.body.kind === 'maintenance' && maintenance.body.message === 'Cleaned');
    const other = buildResultView(result({ data: [1, 2] }));
    assert.ok(other.state === 'ready' && other.body.kind === 'other');
  });

  it('takes a job id from a string, a node with jobId, or the Jobs view\'s entry with its list item', () => {
    // A typed id must be a UUID and is lowercased, so one job opens one panel whatever its case.
    assert.deepEqual(jobTargetOf(' 7F8C1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B '), { jobId: '7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' });
    assert.equal(jobTargetOf(' abc '), undefined);
    assert.deepEqual(jobTargetOf({ jobId: 'x' }), { jobId: 'x', typeLabel: undefined, priority: undefined });
    assert.deepEqual(jobTargetOf({ kind: 'job', id: 'y', item: { job_id: 'y', job_type: 'custom:z', priority: 'High' } }), { jobId: 'y', typeLabel: 'custom:z', priority: 'High' });
    assert.equal(jobTargetOf({ kind: 'group' }), undefined);
    assert.equal(jobTargetOf(undefined), undefined);
  });

  it('asks for a job id once, checking it as typed', async () => {
    let asked: Parameters<AskInput>[0] | undefined;
    const answer = (value: string | undefined): AskInput => async (options) => {
      asked = options;
      return value;
    };
    assert.equal(await askJobId(answer(' "7F8C1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B" '), 'Open'), '7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
    assert.equal(asked?.title, 'Open');
    assert.equal(asked?.validateInput('7f8c1a2b'), 'A job id is a UUID, e.g. 7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
    assert.equal(asked?.validateInput('7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'), undefined);
    assert.equal(await askJobId(answer(undefined), 'Open'), undefined);
  });

  it('builds the page with a strict CSP and a fresh nonce', () => {
    const resources = { cspSource: 'vscode-resource:', scriptUri: 'x.js', styleUri: 'x.css', codiconUri: 'codicon.css', title: '<t>' };
    const a = pageHtml(resources);
    const b = pageHtml(resources);
    assert.match(a, /default-src 'none'/);
    // The codicon stylesheet and its font come from the webview's own source only; the panel's styles follow it.
    assert.match(a, /style-src vscode-resource:; font-src vscode-resource:;/);
    assert.ok(a.indexOf('href="codicon.css"') > 0 && a.indexOf('href="codicon.css"') < a.indexOf('href="x.css"'));
    const nonce = /script-src 'nonce-([^']+)'/.exec(a)?.[1];
    assert.ok(nonce && nonce.length >= 16 && a.includes(`<script nonce="${nonce}"`));
    assert.notEqual(nonce, /script-src 'nonce-([^']+)'/.exec(b)?.[1]);
    assert.ok(a.includes('<title>&lt;t&gt;</title>'));
  });

  it('dashboard: figures from the queue stats, per-type averages, rates between samples', () => {
    const q: QueueStats = { pending: 1, processing: 2, completed: 3, failed: 4, retry: 5, delayed: 6, total: 21 };
    const m = {
      jobs_submitted: 10, jobs_completed: 6, jobs_failed: 2, jobs_retried: 1, jobs_dead_letter: 1,
      avg_processing_time_ms: 10, p95_processing_time_ms: 20, p99_processing_time_ms: 30, success_rate: 75,
      job_type_stats: { 'custom:a': { submitted: 4, completed: 3, failed: 1, retried: 0, dead_letter: 1, total_processing_time_ms: 400 } },
      queue_sizes: {}, total_workers: 4, healthy_workers: 4, uptime_seconds: 60, timestamp: null,
    } as WorkerMetrics;
    const view = buildDashboardView(q, new Error('503'), m);
    assert.deepEqual(view.queue, { pending: 1, delayed: 6, processing: 2, retrying: 5, completed: 3, deadLetter: 4, total: 21 });
    assert.equal(view.workers, null);
    assert.equal(view.workersError, '503');
    assert.deepEqual(view.metrics?.perType[0], { type: 'Custom · a', submitted: 4, completed: 3, failed: 1, retried: 0, deadLetter: 1, avgMs: 100 });
    const samples = [
      { t: 0, completed: 0, failed: 0 },
      { t: 30_000, completed: 5, failed: 1 },
      { t: 60_000, completed: 2, failed: 1 }, // results expired (or the server restarted)
    ];
    assert.deepEqual(ratesOf(samples), [
      { t: 30_000, completedPerMin: 10, failedPerMin: 2 },
      { t: 60_000, completedPerMin: 0, failedPerMin: 0 },
    ]);
    let many: typeof samples = [];
    for (let i = 0; i < 3700; i++) many = addSample(many, { t: i, completed: i, failed: 0 });
    assert.equal(many.length, 3600);
    assert.equal(many[0].t, 100);
  });
});
