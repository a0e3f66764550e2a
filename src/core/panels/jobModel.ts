// What the job panel shows, computed from the server's answers: the header, timeline and facts
// (JobView), the result by job type (ResultView), and one crawl row's full text on demand.
// No `vscode` here, so it is unit-tested and benchmarked in plain Node; texts go through
// @vscode/l10n, looked up when a view is built.
import * as l10n from '@vscode/l10n';
import type { JobConfig, JobResult, JobStatus } from '../../api';
import { scheduleOriginOf, scheduleWords } from '../trace/scheduleOrigin';
import { DEFAULT_TIMEOUT_SECS, RETRY_DEFAULTS, jobTypeLabel } from '../../api/schemas';
import { formatDuration, isFinished, jobTypeWords, shortId, STATUS_LOOKS } from '../../common/jobLabels';
import {
  PAYLOAD_PREVIEW_CHARS,
  ROW_TEXT_FULL_CHARS,
  ROW_TEXT_PREVIEW_CHARS,
  type CrawlRowView,
  type JobOriginView,
  type JobView,
  type ResultBody,
  type ResultView,
  type RowDetail,
  type StatusTone,
  type TimelineEntry,
} from '../../common/messages';

/** What the panel knows about a job besides its status. */
export interface JobContext {
  /** The definition, when this window submitted the job. */
  definition?: JobConfig;
  /** List-item job type from the opener (the status answer has none). */
  typeLabel?: string;
  priority?: string;
  /** Errors seen per retry count while the panel watched (retry_count -> last_error). */
  retryErrors: ReadonlyMap<number, string>;
  /** The result when it was read; decides "failed" for a completed job. */
  result?: JobResult;
  /** "Defined in crawl.job.yaml, line 4" and the schedule's file, when the host found them. */
  sourceWords?: string;
  scheduleSourceWords?: string;
}

/** batch_crawl, custom:name...: from the definition, the opener's hint, or the result's shape. */
export function typeLabelOf(ctx: Pick<JobContext, 'definition' | 'typeLabel' | 'result'>): string | undefined {
  if (ctx.definition) return jobTypeLabel(ctx.definition.job_type);
  if (ctx.typeLabel) return ctx.typeLabel;
  return ctx.result?.success ? typeLabelFromData(ctx.result.data) : undefined;
}

/** "Custom · flaky · 1a2b3c4d", or "Job · 1a2b3c4d" while the type is unknown: the type as the Jobs view names it. */
export function jobTitle(jobId: string, ctx: Pick<JobContext, 'definition' | 'typeLabel' | 'result'>): string {
  return l10n.t('{0} · {1}', jobTypeWords(ctx.definition?.job_type, typeLabelOf(ctx)), shortId(jobId));
}

export function statusTone(status: JobStatus, ctx: Pick<JobContext, 'definition' | 'result'>, now = Date.now()): StatusTone {
  switch (status.status) {
    case 'Pending': {
      const at = ctx.definition?.scheduled_at ? Date.parse(ctx.definition.scheduled_at) : NaN;
      return !status.started_at && at > now ? 'delayed' : 'pending';
    }
    case 'Processing':
      return 'processing';
    case 'Retrying':
      return 'retrying';
    case 'Completed':
      return ctx.result && !ctx.result.success ? 'failed' : 'completed';
    case 'Failed':
      return 'failed';
    case 'DeadLetter':
      return 'deadletter';
  }
}

export function buildJobView(status: JobStatus, ctx: JobContext, now = new Date()): JobView {
  const tone = statusTone(status, ctx, now.getTime());
  const label = typeLabelOf(ctx);
  const def = ctx.definition;
  const maxAttempts = def?.retry_config?.max_attempts ?? (def ? RETRY_DEFAULTS.max_attempts : undefined);
  const timeout = def ? l10n.t('{0} s', def.timeout_secs ?? DEFAULT_TIMEOUT_SECS) : l10n.t('not known (server default {0} s)', DEFAULT_TIMEOUT_SECS);
  const facts: Array<[string, string]> = [
    [l10n.t('Type'), label ? jobTypeWords(def?.job_type, label) : l10n.t('not known')],
    // 'Normal' is the server's default priority, a wire value like the others.
    [l10n.t('Priority'), def?.priority ?? ctx.priority ?? (def ? 'Normal' : l10n.t('not known'))],
    [l10n.t('Worker'), status.worker_id ?? '—'],
    [l10n.t('Retries'), maxAttempts ? l10n.t('{0} (at most {1} attempts)', status.retry_count, maxAttempts) : String(status.retry_count)],
    [l10n.t('Timeout'), timeout],
    [l10n.t('Processing time'), status.processing_time_ms === null ? '—' : formatDuration(status.processing_time_ms)],
    [l10n.t('Job ID'), status.job_id],
  ];
  const statusWords = tone === 'failed' && status.status === 'Completed' ? l10n.t('Failed (completed with an error)') : STATUS_LOOKS[tone].words;
  return {
    jobId: status.job_id,
    title: jobTitle(status.job_id, ctx),
    status: status.status,
    statusWords,
    tone,
    finished: isFinished(status.status),
    timeline: buildTimeline(status, ctx, tone, now),
    facts,
    metadata: Object.entries(status.metadata).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
    definition: def ? truncate(JSON.stringify(def, null, 2), PAYLOAD_PREVIEW_CHARS).text : null,
    origin: originOf(status, ctx),
    lastError: status.last_error,
    updatedAt: now.toISOString(),
  };
}

function originOf(status: JobStatus, ctx: JobContext): JobOriginView {
  const schedule = scheduleOriginOf(status.metadata);
  return {
    source: ctx.sourceWords ?? null,
    schedule: schedule ? scheduleWords(schedule) : null,
    scheduleSource: schedule ? (ctx.scheduleSourceWords ?? null) : null,
  };
}

/** Whether two views show the same apart from when the status was read: then the page is not redrawn. */
export function sameJobView(shown: JobView | undefined, next: JobView): boolean {
  return shown !== undefined && JSON.stringify({ ...shown, updatedAt: '' }) === JSON.stringify({ ...next, updatedAt: '' });
}

function buildTimeline(status: JobStatus, ctx: JobContext, tone: StatusTone, now: Date): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ label: l10n.t('Created'), at: status.created_at, tone: 'done' }];
  const scheduled = ctx.definition?.scheduled_at;
  if (scheduled) {
    entries.push({ label: l10n.t('Scheduled for'), at: scheduled, tone: Date.parse(scheduled) > now.getTime() ? 'waiting' : 'done' });
  }
  if (status.started_at) entries.push({ label: status.retry_count > 0 ? l10n.t('Last attempt started') : l10n.t('Started'), at: status.started_at, tone: 'done' });
  for (let attempt = 1; attempt <= status.retry_count; attempt++) {
    const error = ctx.retryErrors.get(attempt) ?? (attempt === status.retry_count ? status.last_error : null);
    entries.push({ label: l10n.t('Attempt {0} failed', attempt), at: null, tone: 'error', detail: error ?? l10n.t('error not known (it happened before this panel was open)') });
  }
  if (status.completed_at) {
    const words = tone === 'deadletter' ? l10n.t('Moved to dead letter') : tone === 'failed' ? l10n.t('Finished with an error') : l10n.t('Completed');
    entries.push({ label: words, at: status.completed_at, tone: tone === 'completed' ? 'done' : 'error', detail: tone === 'failed' ? ctx.result?.error ?? undefined : undefined });
  } else if (!isFinished(status.status)) {
    const waiting =
      tone === 'processing' ? l10n.t('Running…') : tone === 'retrying' ? l10n.t('Waiting to retry') : tone === 'delayed' ? l10n.t('Waiting for its time') : l10n.t('Waiting for a worker');
    entries.push({ label: waiting, at: null, tone: 'waiting' });
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Results

export function buildResultView(result: JobResult): ResultView {
  return {
    state: 'ready',
    success: result.success,
    error: result.error,
    processingMs: result.processing_time_ms,
    worker: result.worker_id,
    completedAt: result.completed_at,
    body: resultBody(result.data),
  };
}

function resultBody(data: unknown): ResultBody {
  if (data === null || data === undefined) return { kind: 'none' };
  if (isRecord(data)) {
    if (Array.isArray(data.results) && 'total_urls' in data) {
      return {
        kind: 'crawl',
        single: false,
        summary: { totalUrls: num(data.total_urls), successful: num(data.successful), failed: num(data.failed), fromCache: num(data.from_cache) },
        rows: data.results.map((r, i) => crawlRow(r, i)),
      };
    }
    if (isCrawlResult(data)) {
      const ok = !str(data.error) && isRecord(data.document);
      return {
        kind: 'crawl',
        single: true,
        summary: { totalUrls: 1, successful: ok ? 1 : 0, failed: ok ? 0 : 1, fromCache: data.from_cache === true ? 1 : 0 },
        rows: [crawlRow(data, 0)],
      };
    }
    if (typeof data.task_type === 'string' && 'message' in data) {
      return {
        kind: 'maintenance',
        taskType: data.task_type,
        success: data.success !== false,
        message: str(data.message) ?? '',
        details: truncate(JSON.stringify(data.details ?? {}, null, 2), PAYLOAD_PREVIEW_CHARS).text,
      };
    }
    if (typeof data.job_name === 'string' && 'input_payload' in data) {
      const payload = truncate(JSON.stringify(data.input_payload ?? null, null, 2) ?? 'null', PAYLOAD_PREVIEW_CHARS);
      const info = isRecord(data.processing_info) ? data.processing_info : {};
      return {
        kind: 'custom',
        jobName: data.job_name,
        payload: payload.text,
        payloadChars: payload.fullLength,
        payloadTruncated: payload.truncated,
        processingInfo: Object.entries(info).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      };
    }
  }
  const json = truncate(JSON.stringify(data, null, 2), PAYLOAD_PREVIEW_CHARS);
  return { kind: 'other', json: json.text, truncated: json.truncated };
}

function crawlRow(value: unknown, index: number): CrawlRowView {
  const r = isRecord(value) ? value : {};
  const doc = isRecord(r.document) ? r.document : undefined;
  const text = str(doc?.text) ?? '';
  return {
    index,
    url: str(r.url) ?? '',
    status: num(r.status),
    title: str(doc?.title),
    timeMs: num(r.processing_time_ms),
    fromCache: r.from_cache === true,
    error: str(r.error),
    textPreview: text.length > ROW_TEXT_PREVIEW_CHARS ? `${text.slice(0, ROW_TEXT_PREVIEW_CHARS)}…` : text,
    textLength: text.length,
    linkCount: Array.isArray(doc?.links) ? doc.links.length : 0,
  };
}

/** The full text and links of crawl row `index`, sent when the row is expanded. */
export function rowDetail(result: JobResult, index: number): RowDetail | undefined {
  const data = isRecord(result.data) ? result.data : {};
  const raw = Array.isArray(data.results) ? data.results[index] : index === 0 && isCrawlResult(data) ? data : undefined;
  if (!isRecord(raw)) return undefined;
  const doc = isRecord(raw.document) ? raw.document : {};
  const text = truncate(str(doc.text) ?? '', ROW_TEXT_FULL_CHARS);
  const links = Array.isArray(doc.links) ? doc.links.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))) : [];
  return { index, text: text.text, textTruncated: text.truncated, links, markdownChars: (str(doc.markdown) ?? '').length };
}

/** The type label a result's data implies, for jobs this window did not submit. */
export function typeLabelFromData(data: unknown): string | undefined {
  if (!isRecord(data)) return undefined;
  if (Array.isArray(data.results) && 'total_urls' in data) return 'batch_crawl';
  if (isCrawlResult(data)) return 'single_crawl';
  if (typeof data.task_type === 'string') return `maintenance:${data.task_type}`;
  if (typeof data.job_name === 'string') return `custom:${data.job_name}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCrawlResult(v: Record<string, unknown>): boolean {
  return typeof v.url === 'string' && typeof v.status === 'number' && 'document' in v;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function truncate(text: string, max: number): { text: string; truncated: boolean; fullLength: number } {
  return text.length > max ? { text: text.slice(0, max), truncated: true, fullLength: text.length } : { text, truncated: false, fullLength: text.length };
}
