// "Save as Job File": a job's definition, or a schedule, as the text of a `*.job.yaml` /
// `*.schedule.yaml` file that the job-file checks read back to the same thing.
import * as l10n from '@vscode/l10n';
import { Document } from 'yaml';
import type { JobConfig, ScheduledJob, ScheduledJobConfig } from '../../api';
import { jobTypeLabel } from '../../api/schemas';
import { shortId } from '../../common/jobLabels';

/** The job file for one definition (a header comment says where it came from). */
export function jobFileText(definition: JobConfig, from: { jobId?: string; server?: string; at?: Date } = {}): string {
  return documentsText([definition], from.jobId ? [savedFrom(l10n.t('RipTide job {0}', shortId(from.jobId)), from)] : []);
}

/** One file of several jobs: a YAML stream, one document per job. */
export function jobsFileText(jobs: ReadonlyArray<{ jobId: string; definition: JobConfig }>, from: { server?: string; at?: Date } = {}): string {
  const header = [savedFrom(jobs.length === 1 ? l10n.t('1 RipTide job') : l10n.t('{0} RipTide jobs', jobs.length), from)];
  return documentsText(jobs.map((j) => j.definition), header, jobs.map((j) => l10n.t('job {0}', shortId(j.jobId))));
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
  doc.commentBefore = ` ${savedFrom(l10n.t('RipTide schedule {0} ({1})', schedule.name, shortId(schedule.id)), from)}`;
  if (!template) {
    const pair = doc.contents && 'items' in doc.contents ? (doc.contents.items as Array<{ key: { commentBefore?: string } }>)[2] : undefined;
    if (pair?.key) pair.key.commentBefore = ` ${l10n.t('The server does not say which job this schedule starts: write its job_type here.')}`;
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

/** "Saved from RipTide job 3ced1372 on http://localhost:8080, 2026-05-01T12:00:00Z." */
function savedFrom(what: string, from: { server?: string; at?: Date }): string {
  const args = { what, server: from.server ?? '', at: from.at ? `${from.at.toISOString().slice(0, 19)}Z` : '' };
  if (from.server && from.at) return l10n.t('Saved from {what} on {server}, {at}.', args);
  if (from.server) return l10n.t('Saved from {what} on {server}.', args);
  if (from.at) return l10n.t('Saved from {what}, {at}.', args);
  return l10n.t('Saved from {what}.', args);
}
