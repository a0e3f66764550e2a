// "Save as Job File": a job's definition, or a schedule, as the text of a `*.job.yaml` /
// `*.schedule.yaml` file that the job-file checks read back to the same thing.
import { Document } from 'yaml';
import type { JobConfig, ScheduledJob, ScheduledJobConfig } from '../../api';
import { jobTypeLabel } from '../../api/schemas';
import { shortId } from '../../common/jobLabels';

/** The job file for one definition (a header comment says where it came from). */
export function jobFileText(definition: JobConfig, from: { jobId?: string; server?: string; at?: Date } = {}): string {
  return documentsText([definition], from.jobId ? [`Saved from RipTide job ${shortId(from.jobId)}${whereWhen(from)}.`] : []);
}

/** One file of several jobs: a YAML stream, one document per job. */
export function jobsFileText(jobs: ReadonlyArray<{ jobId: string; definition: JobConfig }>, from: { server?: string; at?: Date } = {}): string {
  const header = [`Saved from ${jobs.length} RipTide job${jobs.length === 1 ? '' : 's'}${whereWhen(from)}.`];
  return documentsText(jobs.map((j) => j.definition), header, jobs.map((j) => `job ${shortId(j.jobId)}`));
}

/**
 * A schedule file. The server's schedule answer usually lacks the job it starts: `template` is
 * the one known (created from a file here), else the file says to fill it in, and its checks
 * point at the empty value.
 */
export function scheduleFileText(schedule: ScheduledJob, known?: ScheduledJobConfig, from: { server?: string; at?: Date } = {}): string {
  const template = known?.job_template ?? schedule.job_template;
  const config: Record<string, unknown> = {
    name: schedule.name,
    cron_expression: schedule.cron_expression,
    job_template: template ?? null,
    priority: schedule.priority,
    enabled: schedule.enabled,
  };
  if (known?.retry_config) config.retry_config = known.retry_config;
  if (known?.metadata) config.metadata = known.metadata;
  const doc = new Document(config);
  doc.commentBefore = ` Saved from RipTide schedule ${schedule.name} (${shortId(schedule.id)})${whereWhen(from)}.`;
  if (!template) {
    const pair = doc.contents && 'items' in doc.contents ? (doc.contents.items as Array<{ key: { commentBefore?: string } }>)[2] : undefined;
    if (pair?.key) pair.key.commentBefore = ' The server does not say which job this schedule starts: write its job_type here.';
  }
  return doc.toString({ lineWidth: 0 });
}

/** A file name for a job's definition: "batch_crawl-3ced1372.job.yaml", "custom-data_export-3ced1372.job.yaml". */
export function jobFileName(definition: JobConfig, jobId: string): string {
  return `${safeName(jobTypeLabel(definition.job_type).replace(':', '-'))}-${shortId(jobId)}.job.yaml`;
}

export function scheduleFileName(schedule: Pick<ScheduledJob, 'name' | 'id'>): string {
  return `${safeName(schedule.name) || shortId(schedule.id)}.schedule.yaml`;
}

/** Letters, digits, dot, dash and underscore only: server text never names a folder or a hidden file. */
export function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/\.\.+/g, '_').replace(/^[._]+/, '').slice(0, 80);
}

function documentsText(values: readonly unknown[], header: string[], perDocument: string[] = []): string {
  return values
    .map((value, i) => {
      const doc = new Document(value);
      const comments = [...(i === 0 ? header : []), ...(perDocument[i] ? [perDocument[i]] : [])];
      if (comments.length) doc.commentBefore = comments.map((c) => ` ${c}`).join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}

function whereWhen(from: { server?: string; at?: Date }): string {
  return `${from.server ? ` on ${from.server}` : ''}${from.at ? `, ${from.at.toISOString().slice(0, 19)}Z` : ''}`;
}
