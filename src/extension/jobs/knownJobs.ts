// Definitions of jobs this window submitted (the server's status answer carries no type,
// priority or definition), kept in workspace state for "Submit again" and for words.
import * as vscode from 'vscode';
import type { JobConfig } from '../../api';

export interface KnownJob {
  jobId: string;
  definition: JobConfig;
  /** Where it came from: a file path, or "palette". */
  source?: string;
  submittedAt: string;
}

const STATE_KEY = 'riptide.knownJobs';
const MAX_KNOWN = 2000;

export class KnownJobs {
  private readonly jobs: Map<string, KnownJob>;

  constructor(private readonly state: vscode.Memento) {
    this.jobs = new Map((state.get<KnownJob[]>(STATE_KEY) ?? []).map((j) => [j.jobId, j]));
  }

  get(jobId: string): KnownJob | undefined {
    return this.jobs.get(jobId);
  }

  has(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  async add(job: KnownJob): Promise<void> {
    await this.addMany([job]);
  }

  /** Adds many with one write of the state (a file of 1,000 jobs is one update, not 1,000). */
  async addMany(jobs: readonly KnownJob[]): Promise<void> {
    for (const job of jobs) this.jobs.set(job.jobId, job);
    // Oldest first in a Map: drop from the front when over the limit.
    while (this.jobs.size > MAX_KNOWN) this.jobs.delete(this.jobs.keys().next().value as string);
    await this.state.update(STATE_KEY, [...this.jobs.values()]);
  }
}
