// Runs one attempt of a job. Throwing means a failed attempt (retried or dead-lettered);
// returning an outcome completes the job, successfully or (unknown maintenance task) not.
import type { JobType } from '../../api/schemas';
import { crawlBatch, crawlOne } from './crawl';
import { runCustom } from './custom';
import { runMaintenance } from './maintenance';

/** What maintenance tasks may ask of the server. */
export interface ProcessorHost {
  purgeExpiredResults(): number;
  health(): Record<string, unknown>;
}

export interface ProcessorContext {
  signal: AbortSignal;
  /** Failed attempts so far (0 on the first attempt). */
  retryCount: number;
  host: ProcessorHost;
}

export interface Outcome {
  success: boolean;
  data: unknown;
  error: string | null;
}

export async function runJob(job: JobType, ctx: ProcessorContext): Promise<Outcome> {
  switch (job.type) {
    case 'batch_crawl':
      return { success: true, data: await crawlBatch(job.urls, job.options, ctx.signal), error: null };
    case 'single_crawl': {
      const result = await crawlOne(job.url, job.options, ctx.signal);
      if (result.error !== null) throw new Error(result.error);
      return { success: true, data: result, error: null };
    }
    case 'maintenance': {
      const data = runMaintenance(job.task_type, job.parameters, ctx);
      return { success: data.success, data, error: data.success ? null : data.message };
    }
    case 'custom':
      return { success: true, data: await runCustom(job.job_name, job.payload, ctx), error: null };
  }
}
