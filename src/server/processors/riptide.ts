// What jobs do on the real RipTide server (its riptide-workers crate), for the local server's
// RipTide mode: only custom jobs named "Custom" have a processor, a batch of more than 50 URLs
// completes as failed, and an unknown maintenance task completes with success: true at the top.
import { MAX_BATCH_URLS, type JobType } from '../../api/schemas';
import { runJob, type Outcome, type ProcessorContext } from './index';

/** The only error RipTide retries and dead-letters; every other processor error completes the job as failed. */
export const NO_PROCESSOR = 'No processor found for job type';

/** RipTide's worker time limit: a job's own timeout_secs is ignored there. */
export const RIPTIDE_JOB_TIMEOUT_SECS = 600;

export async function runJobAsRiptide(job: JobType, ctx: ProcessorContext): Promise<Outcome> {
  if (job.type === 'custom' && job.job_name !== 'Custom') throw new Error(`${NO_PROCESSOR}: custom:${job.job_name}`);
  if (job.type === 'batch_crawl' && job.urls.length > MAX_BATCH_URLS) {
    return { success: false, data: null, error: `Batch size ${job.urls.length} exceeds maximum allowed size ${MAX_BATCH_URLS}` };
  }
  const outcome = await runJob(job, ctx);
  // An unknown task: only data.success says so.
  if (job.type === 'maintenance' && !outcome.success) return { success: true, data: outcome.data, error: null };
  return outcome;
}
