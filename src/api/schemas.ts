// The Workers API wire contract as zod schemas: one definition shared by the client, the local
// server and the job-file validator. Requests are written in the server dialect; responses are
// parsed leniently enough to understand both the server's and the SDK's dialect.
import * as l10n from '@vscode/l10n';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Enumerations

export const PRIORITIES = ['Low', 'Normal', 'High', 'Critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Ordinal used for ordering: higher runs first. */
export const PRIORITY_ORDINAL: Record<Priority, number> = { Low: 1, Normal: 2, High: 3, Critical: 4 };

export const JOB_STATUSES = ['Pending', 'Processing', 'Completed', 'Failed', 'Retrying', 'DeadLetter'] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

const PRIORITY_ALIASES: Record<string, Priority> = { low: 'Low', normal: 'Normal', high: 'High', critical: 'Critical' };

const STATUS_ALIASES: Record<string, JobStatusName> = {
  pending: 'Pending',
  delayed: 'Pending', // the SDK's "delayed" is a pending job with a future scheduled_at
  scheduled: 'Pending',
  processing: 'Processing',
  running: 'Processing',
  completed: 'Completed',
  failed: 'Failed',
  retrying: 'Retrying',
  retry: 'Retrying',
  deadletter: 'DeadLetter',
  dead_letter: 'DeadLetter',
};

/** Case-insensitive priority name, in either dialect; undefined when it is not one. */
export function parsePriority(value: unknown): Priority | undefined {
  return typeof value === 'string' ? PRIORITY_ALIASES[value.trim().toLowerCase()] : undefined;
}

/** Case-insensitive status name, in either dialect; undefined when it is not one. */
export function parseStatus(value: unknown): JobStatusName | undefined {
  return typeof value === 'string' ? STATUS_ALIASES[value.trim().toLowerCase()] : undefined;
}

/** The SDK dialect's spelling of a priority (lowercase). */
export function sdkPriority(p: Priority): string {
  return p.toLowerCase();
}

/** The SDK dialect's spelling of a status. */
export function sdkStatus(s: JobStatusName): string {
  return s === 'DeadLetter' ? 'dead_letter' : s === 'Retrying' ? 'retry' : s.toLowerCase();
}

export const PrioritySchema = z
  .string()
  .transform((value, ctx) => {
    const p = parsePriority(value);
    if (!p) {
      ctx.addIssue({ code: 'custom', message: l10n.t("expected one of {0}, got '{1}'", PRIORITIES.join(', '), value) });
      return z.NEVER;
    }
    return p;
  })
  .describe('Low, Normal (the default), High or Critical, in any case. Higher priorities run first.');

export const JobStatusSchema = z.string().transform((value, ctx) => {
  const s = parseStatus(value);
  if (!s) {
    ctx.addIssue({ code: 'custom', message: l10n.t("expected a job status ({0}), got '{1}'", JOB_STATUSES.join(', '), value) });
    return z.NEVER;
  }
  return s;
});

// ---------------------------------------------------------------------------------------------
// Requests

// RipTide's CrawlOptions (riptide-types config.rs), read by serde: these values exactly, in this case.
export const RENDER_MODES = ['Static', 'Dynamic', 'Adaptive', 'Pdf', 'Html', 'Markdown'] as const;
export const OUTPUT_FORMATS = ['Document', 'NdJson', 'Chunked', 'Text', 'Markdown'] as const;
export const CHUNKING_MODES = ['topic', 'sliding', 'fixed', 'sentence', 'html-aware'] as const;

const ChunkSize = z.number().int().nonnegative();

export const ChunkingConfigSchema = z
  .object({
    chunking_mode: z.enum(CHUNKING_MODES).describe(`How text is cut into chunks: ${CHUNKING_MODES.join(', ')}.`),
    chunk_size: ChunkSize.describe('Size of a chunk (a non-negative whole number).'),
    overlap_size: ChunkSize.describe('How much consecutive chunks share (a non-negative whole number).'),
    min_chunk_size: ChunkSize.describe('Smallest chunk kept (a non-negative whole number).'),
    preserve_sentences: z.boolean().optional().describe('Keep sentences whole (default true).'),
    topic_config: z.record(z.string(), z.unknown()).nullable().optional().describe('Settings of topic chunking (an object).'),
  })
  .loose()
  .describe('Chunking settings: chunking_mode, chunk_size, overlap_size and min_chunk_size are required.');

/** Crawl options: every field optional; unknown options are passed through to the server. */
export const CrawlOptionsSchema = z
  .object({
    concurrency: z.number().int().positive().optional().describe('Pages fetched at once (server default 16).'),
    cache_mode: z
      .string()
      .optional()
      .describe('Cache use. The server knows enabled, bypass and read_through (the default); the SDK sends none, read, write or read_write.'),
    dynamic_wait_for: z.string().nullable().optional().describe('What to wait for on dynamic pages before extracting (passed to the crawler).'),
    scroll_steps: z.number().int().nonnegative().optional().describe('Scroll steps on dynamic pages (server default 8).'),
    token_chunk_max: z.number().int().positive().optional().describe('Largest text chunk, in tokens (server default 1200).'),
    token_overlap: z.number().int().nonnegative().optional().describe('Tokens shared by consecutive chunks (server default 120).'),
    render_mode: z.enum(RENDER_MODES).nullable().optional().describe(`How pages are rendered: ${RENDER_MODES.join(', ')} (exactly so).`),
    output_format: z.enum(OUTPUT_FORMATS).nullable().optional().describe(`Format of the extracted output: ${OUTPUT_FORMATS.join(', ')} (exactly so).`),
    use_spider: z.boolean().nullable().optional().describe('Follow links from the given pages.'),
    spider_max_depth: z.number().int().nonnegative().nullable().optional().describe('How many links deep the spider goes.'),
    spider_strategy: z.string().nullable().optional().describe('Order in which the spider visits links (passed to the crawler).'),
    chunking_config: ChunkingConfigSchema.nullable().optional(),
    skip_extraction: z.boolean().nullable().optional().describe('Fetch pages without extracting their content.'),
    timeout_secs: z
      .number()
      .positive()
      .nullable()
      .optional()
      .describe('Time limit for one page, in seconds. The RipTide server has no such crawl option and ignores it.'),
  })
  .loose()
  .describe('Crawl options, every one optional; other options are passed to the server as they are.');
export type CrawlOptions = z.infer<typeof CrawlOptionsSchema>;

// Custom messages are functions, so they are looked up in the display language when a value is
// checked, not when this module loads.
const notEmpty = { error: () => l10n.t('must not be empty') };

// The pattern (no flags, so that it carries over to the exported JSON Schema) comes first and stops
// the check; URL.canParse then rejects what the pattern lets through but is still no URL.
const HttpUrl = z
  .string()
  .regex(/^[Hh][Tt][Tt][Pp][Ss]?:\/\/[^\s/]+/, { error: () => l10n.t('must be an http(s) URL'), abort: true })
  .refine((s) => URL.canParse(s), { error: () => l10n.t('must be an http(s) URL') });

export const BatchCrawlSchema = z
  .object({
    type: z.literal('batch_crawl'),
    urls: z
      .array(HttpUrl)
      .min(1, { error: () => l10n.t('must contain at least one URL') })
      .describe('The http(s) URLs to crawl, at least one. The server fails a batch of more than 50 URLs.'),
    options: CrawlOptionsSchema.nullable().optional(),
  })
  .describe('Crawl several URLs in one job.');
export const SingleCrawlSchema = z
  .object({
    type: z.literal('single_crawl'),
    url: HttpUrl.describe('The http(s) URL to crawl.'),
    options: CrawlOptionsSchema.nullable().optional(),
  })
  .describe('Crawl one URL.');
export const MaintenanceSchema = z
  .object({
    type: z.literal('maintenance'),
    task_type: z
      .string()
      .min(1, notEmpty)
      .describe('The task: the server knows cache_cleanup, health_check and log_rotation; any other fails.'),
    parameters: z.record(z.string(), z.unknown()).describe('Parameters of the task ({} when there are none).'),
  })
  .describe('A maintenance task on the server.');
export const CustomSchema = z
  .object({
    type: z.literal('custom'),
    job_name: z.string().min(1, notEmpty).describe('Name of the custom job (listed as custom:<job_name>).'),
    payload: z
      .unknown()
      .refine((v) => v !== undefined, { error: () => l10n.t('is required (any JSON value)') })
      .describe('Input of the job: any JSON value.'),
  })
  .describe('A custom job, handled by name.');

export const JOB_TYPE_NAMES = ['batch_crawl', 'single_crawl', 'maintenance', 'custom'] as const;
export type JobTypeName = (typeof JOB_TYPE_NAMES)[number];

export const JobTypeSchema = z
  .discriminatedUnion('type', [BatchCrawlSchema, SingleCrawlSchema, MaintenanceSchema, CustomSchema])
  .describe(
    'What to run, tagged by type: batch_crawl (urls), single_crawl (url), maintenance (task_type, parameters) or custom (job_name, payload).',
  );
export type JobType = z.infer<typeof JobTypeSchema>;

/** Bounds on retries and time limits, so that no job's times overflow (30 days, in seconds). */
export const MAX_DELAY_SECS = 30 * 24 * 3600;
export const MAX_TIMEOUT_SECS = 30 * 24 * 3600;
export const MAX_ATTEMPTS = 1000;
export const MAX_BACKOFF_MULTIPLIER = 1000;
const atMost = (max: number) => ({ error: () => l10n.t('must be at most {0}', max.toLocaleString('en-US')) });
const atMostSeconds = (max: number) => ({ error: () => l10n.t('must be at most {0} seconds ({1} days)', max.toLocaleString('en-US'), max / 86_400) });

export const RetryConfigSchema = z
  .object({
    max_attempts: z
      .number()
      .int()
      .min(1)
      .max(MAX_ATTEMPTS, atMost(MAX_ATTEMPTS))
      .optional()
      .describe(`Attempts in all, the first included (server default 3); a whole number, at most ${MAX_ATTEMPTS}.`),
    initial_delay_secs: z
      .number()
      .int()
      .nonnegative()
      .max(MAX_DELAY_SECS, atMostSeconds(MAX_DELAY_SECS))
      .optional()
      .describe('Wait before the first retry, in whole seconds (server default 30, at most 30 days).'),
    backoff_multiplier: z
      .number()
      .positive()
      .max(MAX_BACKOFF_MULTIPLIER, atMost(MAX_BACKOFF_MULTIPLIER))
      .optional()
      .describe(`Each further retry waits this many times longer (default 2.0, at most ${MAX_BACKOFF_MULTIPLIER}).`),
    max_delay_secs: z
      .number()
      .int()
      .nonnegative()
      .max(MAX_DELAY_SECS, atMostSeconds(MAX_DELAY_SECS))
      .optional()
      .describe('Longest wait between attempts, in whole seconds (default 300, at most 30 days).'),
    use_jitter: z.boolean().optional().describe('Add up to 10% random delay to each wait (default true).'),
  })
  .describe('Retries after a failed attempt; every field optional.');
export type RetryConfig = z.infer<typeof RetryConfigSchema>;

export const RETRY_DEFAULTS: Required<RetryConfig> = {
  max_attempts: 3,
  initial_delay_secs: 30,
  backoff_multiplier: 2.0,
  max_delay_secs: 300,
  use_jitter: true,
};

export const DEFAULT_TIMEOUT_SECS = 600;

/** The server fails a batch crawl of more than this many URLs when it runs it. */
export const MAX_BATCH_URLS = 50;

/** The maintenance tasks the server knows; any other completes with success: false. */
export const KNOWN_MAINTENANCE_TASKS = ['cache_cleanup', 'health_check', 'log_rotation'] as const;
export type KnownMaintenanceTask = (typeof KNOWN_MAINTENANCE_TASKS)[number];

// Date and time with a zone, as the server's parser wants; Date.parse alone would take '2025-01-15'.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const Rfc3339 = z
  .string()
  .refine((s) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)), {
    error: () => l10n.t('must be an RFC 3339 date-time with a time zone, e.g. {0}', '2025-01-15T12:00:00Z'),
  });

/** Body of POST /workers/jobs. Only job_type is required. */
export const JobConfigSchema = z
  .object({
    job_type: JobTypeSchema,
    priority: PrioritySchema.optional(),
    retry_config: RetryConfigSchema.nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional().describe('Free key/value pairs kept with the job; the job list search matches them.'),
    scheduled_at: Rfc3339.nullable()
      .optional()
      .describe('Run no earlier than this time, RFC 3339 (e.g. 2025-01-15T12:00:00Z); until then the job is delayed.'),
    timeout_secs: z
      .number()
      .int()
      .positive()
      .max(MAX_TIMEOUT_SECS, atMostSeconds(MAX_TIMEOUT_SECS))
      .nullable()
      .optional()
      .describe('An attempt running longer fails, in seconds (server default 600, at most 30 days).'),
  })
  .describe('A RipTide job (the body of POST /workers/jobs). Only job_type is required.');
/** A job definition as sent (priority already canonical). */
export type JobConfig = z.output<typeof JobConfigSchema>;

/** Body of POST /workers/schedule. */
export const ScheduledJobConfigSchema = z
  .object({
    name: z.string().min(1, notEmpty).describe('Name of the schedule.'),
    cron_expression: z
      .string()
      .min(1, notEmpty)
      .describe(
        'When to run, in UTC. The RipTide server wants a leading seconds field: sec min hour day month weekday [year], e.g. "0 0 2 * * *" for 2 AM daily.',
      ),
    job_template: JobTypeSchema.describe('The job each run starts: the same tagged object as a job\'s job_type.'),
    priority: PrioritySchema.optional(),
    enabled: z.boolean().optional().describe('Whether the schedule runs (default true).'),
    retry_config: RetryConfigSchema.nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).nullable().optional().describe('Added to the metadata of every job the schedule starts.'),
  })
  .describe('A RipTide schedule (the body of POST /workers/schedule).');
export type ScheduledJobConfig = z.output<typeof ScheduledJobConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Responses (unknown extra fields tolerated; absent optional fields may be null or missing)

const Timestamp = z.string();
const OptTimestamp = z.string().nullable().optional().transform((v) => v ?? null);
const OptString = z.string().nullable().optional().transform((v) => v ?? null);
const OptNumber = z.number().nullable().optional().transform((v) => v ?? null);
const Count = z.number().nonnegative();

export const SubmitJobResponseSchema = z
  .object({
    job_id: z.string().min(1),
    status: z.string().optional(),
    submitted_at: OptTimestamp,
    message: OptString,
  })
  .loose();
export type SubmitJobResponse = z.output<typeof SubmitJobResponseSchema>;

export const JobListItemSchema = z
  .object({
    job_id: z.string().min(1),
    job_type: z.string(),
    status: JobStatusSchema,
    priority: PrioritySchema.optional().transform((p) => p ?? 'Normal'),
    created_at: Timestamp,
    started_at: OptTimestamp,
    completed_at: OptTimestamp,
    worker_id: OptString,
    retry_count: Count.optional().transform((n) => n ?? 0),
  })
  .loose();
export type JobListItem = z.output<typeof JobListItemSchema>;

export const JobListResponseSchema = z
  .object({
    jobs: z.array(JobListItemSchema),
    total: Count.optional(),
    limit: Count.optional(),
    offset: Count.optional(),
  })
  .loose();
export type JobListResponse = z.output<typeof JobListResponseSchema>;

export const JobStatusResponseSchema = z
  .object({
    job_id: z.string().min(1),
    status: JobStatusSchema,
    created_at: Timestamp,
    started_at: OptTimestamp,
    completed_at: OptTimestamp,
    worker_id: OptString,
    retry_count: Count.optional().transform((n) => n ?? 0),
    last_error: OptString,
    processing_time_ms: OptNumber,
    metadata: z.record(z.string(), z.unknown()).nullable().optional().transform((m) => m ?? {}),
  })
  .loose();
export type JobStatus = z.output<typeof JobStatusResponseSchema>;

export const JobResultSchema = z
  .object({
    job_id: z.string().min(1),
    success: z.boolean(),
    data: z.unknown().optional().transform((d) => d ?? null),
    error: OptString,
    processing_time_ms: OptNumber,
    worker_id: OptString,
    completed_at: OptTimestamp,
  })
  .loose();
export type JobResult = z.output<typeof JobResultSchema>;

export const QueueStatsSchema = z
  .object({
    pending: Count,
    processing: Count,
    completed: Count,
    failed: Count,
    retry: Count.optional().transform((n) => n ?? 0),
    delayed: Count.optional().transform((n) => n ?? 0),
    total: Count.optional(),
  })
  .loose()
  .transform((s) => ({ ...s, total: s.total ?? s.pending + s.processing + s.completed + s.failed + s.retry + s.delayed }));
export type QueueStats = z.output<typeof QueueStatsSchema>;

export const WorkerPoolStatsSchema = z
  .object({
    total_workers: Count,
    healthy_workers: Count,
    total_jobs_processed: Count,
    total_jobs_failed: Count,
    is_running: z.boolean().optional().transform((b) => b ?? true),
  })
  .loose();
export type WorkerPoolStats = z.output<typeof WorkerPoolStatsSchema>;

export const JobTypeStatsSchema = z
  .object({
    submitted: Count.optional().default(0),
    completed: Count.optional().default(0),
    failed: Count.optional().default(0),
    retried: Count.optional().default(0),
    dead_letter: Count.optional().default(0),
    total_processing_time_ms: Count.optional().default(0),
  })
  .loose();
export type JobTypeStats = z.output<typeof JobTypeStatsSchema>;

export const WorkerMetricsSchema = z
  .object({
    jobs_submitted: Count,
    jobs_completed: Count,
    jobs_failed: Count,
    jobs_retried: Count.optional().default(0),
    jobs_dead_letter: Count.optional().default(0),
    avg_processing_time_ms: z.number().nullable().optional().transform((v) => v ?? 0),
    p95_processing_time_ms: z.number().nullable().optional().transform((v) => v ?? 0),
    p99_processing_time_ms: z.number().nullable().optional().transform((v) => v ?? 0),
    success_rate: z.number().nullable().optional().transform((v) => v ?? 0),
    job_type_stats: z.record(z.string(), JobTypeStatsSchema).optional().default({}),
    queue_sizes: z.record(z.string(), Count).optional().default({}),
    total_workers: Count.optional().default(0),
    healthy_workers: Count.optional().default(0),
    uptime_seconds: Count.optional().default(0),
    timestamp: OptTimestamp,
  })
  .loose();
export type WorkerMetrics = z.output<typeof WorkerMetricsSchema>;

export const ScheduledJobSchema = z
  .object({
    id: z.string().min(1),
    name: z.string(),
    cron_expression: z.string(),
    enabled: z.boolean().optional().transform((b) => b ?? true),
    priority: PrioritySchema.optional().transform((p) => p ?? 'Normal'),
    created_at: OptTimestamp,
    last_executed_at: OptTimestamp,
    next_execution_at: OptTimestamp,
    execution_count: Count.optional().transform((n) => n ?? 0),
    // Not in the server's answer, but kept when a server sends it.
    job_template: JobTypeSchema.optional(),
  })
  .loose();
export type ScheduledJob = z.output<typeof ScheduledJobSchema>;

export const ScheduledJobListSchema = z.array(ScheduledJobSchema);

// ---------------------------------------------------------------------------------------------
// Result data, by job type (the server's shapes; used by the panels and the local server)

export interface CrawlDocument {
  url: string;
  title: string | null;
  text: string | null;
  markdown?: string | null;
  links: string[];
  byline?: string | null;
  published_iso?: string | null;
  quality_score?: number | null;
  [extra: string]: unknown;
}

export interface CrawlResult {
  url: string;
  status: number;
  from_cache: boolean;
  processing_time_ms: number;
  document: CrawlDocument | null;
  error: string | null;
}

export interface BatchCrawlData {
  total_urls: number;
  successful: number;
  failed: number;
  from_cache: number;
  results: CrawlResult[];
}

export interface MaintenanceData {
  task_type: string;
  success: boolean;
  message: string;
  details: Record<string, unknown>;
}

export interface CustomData {
  job_name: string;
  input_payload: unknown;
  processing_info: { processed_at: string; processor: string; status: string };
}

/** The list item's job_type for a definition: batch_crawl, single_crawl, maintenance:<task>, custom:<name>. */
export function jobTypeLabel(t: JobType): string {
  switch (t.type) {
    case 'maintenance':
      return `maintenance:${t.task_type}`;
    case 'custom':
      return `custom:${t.job_name}`;
    default:
      return t.type;
  }
}
