// The journal's line format as a zod schema, built from the wire schemas (src/api/schemas.ts), so
// every line read back is checked: a job that would sit in no queue, a time that is not a finite
// number, or a definition the API would refuse is skipped and reported instead of loaded.
import { z } from 'zod';
import { analyzeCron } from '../api/cron';
import { JOB_STATUSES, JobTypeSchema, MAX_TIMEOUT_SECS, PRIORITIES, RetryConfigSchema, type JobStatusName } from '../api/schemas';
import { QUEUE_NAMES, type Job, type QueueName } from './jobs';
import type { Schedule } from './schedules';

export type JournalRecord = { t: 'job'; job: Job } | { t: 'schedule'; schedule: Schedule } | { t: 'unschedule'; id: string };

const Id = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, { message: 'must be a lowercase UUID' });
/** Milliseconds since the epoch: zod numbers are finite, so Infinity and NaN (written as null) fail. */
const Time = z.number();
const Count = z.number().int().nonnegative();

const StoredResultSchema = z.object({
  success: z.boolean(),
  data: z.unknown(),
  error: z.string().nullable(),
  processing_time_ms: z.number().nonnegative(),
  worker_id: z.string(),
  completed_at: Time,
});

/** The status each queue's jobs have (a delayed job is Pending with a future time). */
const STATUS_OF_QUEUE: Record<QueueName, JobStatusName> = {
  pending: 'Pending',
  processing: 'Processing',
  completed: 'Completed',
  dead_letter: 'DeadLetter',
  retry: 'Retrying',
  delayed: 'Pending',
};

const JobSchema = z
  .object({
    id: Id,
    seq: Count,
    definition: JobTypeSchema,
    label: z.string().min(1),
    priority: z.enum(PRIORITIES),
    retry: RetryConfigSchema.required(),
    metadata: z.record(z.string(), z.unknown()),
    timeoutSecs: z.number().positive().max(MAX_TIMEOUT_SECS),
    status: z.enum(JOB_STATUSES),
    queue: z.enum(QUEUE_NAMES),
    createdAt: Time,
    scheduledAt: Time.nullable(),
    startedAt: Time.nullable(),
    completedAt: Time.nullable(),
    workerId: z.string().nullable(),
    retryCount: Count,
    lastError: z.string().nullable(),
    readyAt: Time.nullable(),
    result: StoredResultSchema.nullable(),
  })
  .superRefine((job, ctx) => {
    if (job.status !== STATUS_OF_QUEUE[job.queue]) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `'${job.status}' is not the status of a job in the ${job.queue} queue` });
    }
    if ((job.queue === 'retry' || job.queue === 'delayed') && job.readyAt === null) {
      ctx.addIssue({ code: 'custom', path: ['readyAt'], message: `a job in the ${job.queue} queue needs the time it is due` });
    }
    if ((job.queue === 'completed' || job.queue === 'dead_letter') && job.completedAt === null) {
      ctx.addIssue({ code: 'custom', path: ['completedAt'], message: `a job in the ${job.queue} queue needs its completion time` });
    }
  });

const ScheduleSchema = z.object({
  id: Id,
  name: z.string().min(1),
  cron_expression: z.string().refine((expr) => analyzeCron(expr).ok, { message: 'is not a valid cron expression' }),
  job_template: JobTypeSchema,
  priority: z.enum(PRIORITIES),
  enabled: z.boolean(),
  retry_config: RetryConfigSchema.nullable(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: Time,
  last_executed_at: Time.nullable(),
  next_execution_at: Time.nullable(),
  execution_count: Count,
});

export const JournalRecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('job'), job: JobSchema }),
  z.object({ t: z.literal('schedule'), schedule: ScheduleSchema }),
  z.object({ t: z.literal('unschedule'), id: Id }),
]);

/** The record a parsed line holds, or the problems that make it no record (each naming its field). */
export function checkRecord(value: unknown): { record: JournalRecord } | { problem: string } {
  const parsed = JournalRecordSchema.safeParse(value);
  if (parsed.success) return { record: parsed.data as JournalRecord };
  const problems = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'record'}: ${i.message}`);
  return { problem: problems.join('; ') };
}
