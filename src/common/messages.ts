// The messages between the panels' extension side and their webviews, in both directions.
// Imported by both sides, so no `vscode` and no Node APIs here: types and constants only.

// ---------------------------------------------------------------------------------------------
// Job panel

/** What the job panel's webview keeps with setState, and what the serializer restores from. */
export interface JobPanelState {
  jobId: string;
  /** List-item job type (batch_crawl, custom:name...) when the opener knew it. */
  typeLabel?: string;
  priority?: string;
  sort?: { column: CrawlSortColumn; descending: boolean };
}

import type { StatusTone } from './jobLabels';

export type { StatusTone } from './jobLabels';

export interface TimelineEntry {
  label: string;
  /** RFC 3339, or null for an event whose time is not known. */
  at: string | null;
  tone: 'done' | 'waiting' | 'error';
  detail?: string;
}

export interface JobView {
  jobId: string;
  title: string;
  status: string;
  statusWords: string;
  tone: StatusTone;
  finished: boolean;
  timeline: TimelineEntry[];
  /** Label and value pairs: priority, worker, retries, timeout, processing time. */
  facts: Array<[string, string]>;
  /** Metadata values as display strings (objects as JSON text). */
  metadata: Array<[string, string]>;
  /** The definition as pretty JSON, when this window submitted the job. */
  definition: string | null;
  /** Where it came from, each a link to the host: the job file, the schedule, the schedule's file. */
  origin: JobOriginView;
  lastError: string | null;
  /** When the status was last read (RFC 3339). */
  updatedAt: string;
}

export interface JobOriginView {
  /** "Defined in crawl.job.yaml, line 4", when it was sent from a job file here. */
  source: string | null;
  /** "Started by schedule nightly_crawl (run 3)", from the metadata the server adds. */
  schedule: string | null;
  /** "Defined in nightly.schedule.yaml, line 1", when a schedule file here defines that schedule. */
  scheduleSource: string | null;
}

export type CrawlSortColumn = 'index' | 'url' | 'status' | 'title' | 'time' | 'error';

export interface CrawlRowView {
  index: number;
  url: string;
  status: number;
  title: string | null;
  timeMs: number;
  fromCache: boolean;
  error: string | null;
  /** The start of the extracted text; the whole text comes with a RowDetail on expand. */
  textPreview: string;
  textLength: number;
  linkCount: number;
}

export interface CrawlResultView {
  kind: 'crawl';
  single: boolean;
  summary: { totalUrls: number; successful: number; failed: number; fromCache: number };
  rows: CrawlRowView[];
}

export interface MaintenanceResultView {
  kind: 'maintenance';
  taskType: string;
  success: boolean;
  message: string;
  details: string;
}

export interface CustomResultView {
  kind: 'custom';
  jobName: string;
  /** Pretty JSON of the payload, cut at PAYLOAD_PREVIEW_CHARS. */
  payload: string;
  payloadChars: number;
  payloadTruncated: boolean;
  processingInfo: Array<[string, string]>;
}

/** Data of a shape the panel does not know: shown as (truncated) JSON. */
export interface OtherResultView {
  kind: 'other';
  json: string;
  truncated: boolean;
}

export type ResultBody = CrawlResultView | MaintenanceResultView | CustomResultView | OtherResultView | { kind: 'none' };

export type ResultView =
  | {
      state: 'ready';
      success: boolean;
      error: string | null;
      processingMs: number | null;
      worker: string | null;
      completedAt: string | null;
      body: ResultBody;
    }
  /** 404: no result yet (unfinished) or no longer (expired). */
  | { state: 'missing'; message: string }
  | { state: 'waiting'; message: string }
  | { state: 'error'; message: string };

export interface RowDetail {
  index: number;
  text: string;
  textTruncated: boolean;
  links: string[];
  markdownChars: number;
}

export type HostToJobMessage =
  /** First message after 'ready': which job this panel shows (the webview keeps it with setState). */
  | { type: 'init'; state: JobPanelState }
  /** Every change of the job view (its page is redrawn). */
  | { type: 'job'; job: JobView }
  /** A read that changed nothing but its time: only the "updated" text moves. */
  | { type: 'updated'; at: string }
  | { type: 'result'; result: ResultView }
  | { type: 'rowDetail'; detail: RowDetail }
  /** The job id is unknown to the server (404 on status). */
  | { type: 'unknown'; jobId: string; message: string }
  | { type: 'connection'; message: string | null }
  | { type: 'notice'; message: string }
  /** Scroll to a section (openResult opens the panel at its result). */
  | { type: 'reveal'; section: 'result' };

export type JobToHostMessage =
  | { type: 'ready' }
  | { type: 'expandRow'; index: number }
  | { type: 'openRaw' }
  | { type: 'copy' }
  | { type: 'saveAs' }
  | { type: 'refresh' }
  /** The origin links: the host opens what it knows (the webview sends no path). */
  | { type: 'openSource' }
  | { type: 'openScheduleSource' };

// ---------------------------------------------------------------------------------------------
// Dashboard

/** One reading of the queue stats, for the throughput and backlog charts. */
export interface DashboardSample {
  /** Epoch milliseconds. */
  t: number;
  /** Completed and dead-letter jobs in the queue (their growth is the throughput). */
  completed: number;
  failed: number;
  /** The backlog; absent in samples saved by an older version. */
  pending?: number;
  processing?: number;
}

export interface DashboardState {
  samples: DashboardSample[];
}

export interface DashboardView {
  at: string;
  /** Completed jobs with a failed result this window has seen (the server counts them as completed). */
  completedFailures: number;
  queue: { pending: number; delayed: number; processing: number; retrying: number; completed: number; deadLetter: number; total: number };
  workers: { total: number; healthy: number; processed: number; failed: number; running: boolean } | null;
  workersError: string | null;
  metrics: {
    successRate: number;
    avgMs: number;
    p95Ms: number;
    p99Ms: number;
    submitted: number;
    completed: number;
    failed: number;
    retried: number;
    deadLetter: number;
    uptimeSeconds: number;
    perType: Array<{ type: string; submitted: number; completed: number; failed: number; retried: number; deadLetter: number; avgMs: number }>;
  } | null;
  metricsError: string | null;
}

export type HostToDashboardMessage =
  /** Each read: the figures and the one sample it added to the charts (null when it added none). */
  | { type: 'stats'; view: DashboardView; sample: DashboardSample | null }
  /** After 'ready': the figures (when read yet) and every sample the host keeps. */
  | { type: 'history'; view: DashboardView | null; samples: DashboardSample[] }
  | { type: 'connection'; message: string | null };

export type DashboardToHostMessage = { type: 'ready' } | { type: 'refresh' };

// ---------------------------------------------------------------------------------------------
// Limits that keep big results responsive

/** Characters of a crawl row's text sent with the table. */
export const ROW_TEXT_PREVIEW_CHARS = 240;
/** Characters of a row's text sent on expand (the rest is in "Open raw JSON"). */
export const ROW_TEXT_FULL_CHARS = 200_000;
/** Characters of a custom payload (pretty JSON) shown in the panel. */
export const PAYLOAD_PREVIEW_CHARS = 20_000;
/** Samples kept for the dashboard chart (an hour at the shortest interval, 1 s). */
export const MAX_DASHBOARD_SAMPLES = 3600;
