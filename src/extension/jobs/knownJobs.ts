// Definitions of jobs (and schedules) this window submitted, and where in a job file each was
// defined; the server's status answer carries no type, priority or definition. Kept in
// workspace state per server: a job id of one server is never shown as another's.
import * as vscode from 'vscode';
import type { JobConfig, ScheduledJobConfig } from '../../api';
import type { JobSource } from '../../core/trace/jobSources';

export interface KnownJob {
  jobId: string;
  definition: JobConfig;
  /** Where it came from: a file path, or "palette". */
  source?: string;
  /** The job file entry that defined it (file, index, line, fingerprint). */
  place?: JobSource;
  /** serverIdentity() of the server it was sent to (read before sending); the current one when left out. */
  server?: string;
  submittedAt: string;
}

export interface KnownSchedule {
  scheduleId: string;
  definition: ScheduledJobConfig;
  place?: JobSource;
  /** serverIdentity() of the server it was created on (read before sending); the current one when left out. */
  server?: string;
  createdAt: string;
}

/** Records by server and id, oldest first, bounded, written to workspace state in one update per batch. */
class ServerRecords<T extends { server?: string }> {
  private readonly records: Map<string, T>;

  constructor(
    private readonly state: vscode.Memento,
    private readonly stateKey: string,
    private readonly idOf: (record: T) => string,
    private readonly currentServer: () => string,
    private readonly max: number,
  ) {
    // Records from before servers were told apart have no server: they cannot be placed, so they go.
    const saved = (state.get<T[]>(stateKey) ?? []).filter((r) => typeof r?.server === 'string');
    this.records = new Map(saved.map((r) => [this.key(r.server!, idOf(r)), r]));
  }

  get(id: string, server = this.currentServer()): T | undefined {
    return this.records.get(this.key(server, id));
  }

  /** This server's records, oldest first. */
  all(): T[] {
    const server = this.currentServer();
    return [...this.records.values()].filter((r) => r.server === server);
  }

  async addMany(records: readonly T[]): Promise<void> {
    for (const record of records) {
      const stamped = { ...record, server: record.server ?? this.currentServer() };
      const key = this.key(stamped.server, this.idOf(stamped));
      this.records.delete(key); // re-inserted last: the newest are the last to be dropped
      this.records.set(key, stamped);
    }
    while (this.records.size > this.max) this.records.delete(this.records.keys().next().value as string);
    await this.state.update(this.stateKey, [...this.records.values()]);
  }

  private key(server: string, id: string): string {
    return `${server}\n${id}`;
  }
}

export class KnownJobs {
  private readonly records: ServerRecords<KnownJob>;
  private readonly added = new vscode.EventEmitter<readonly KnownJob[]>();
  /** Fires with the jobs this window just submitted. */
  readonly onDidAdd = this.added.event;

  constructor(state: vscode.Memento, currentServer: () => string) {
    this.records = new ServerRecords<KnownJob>(state, 'riptide.knownJobs.v2', (j) => j.jobId, currentServer, 2000);
  }

  /** `server`: a serverIdentity read earlier; the server in use when left out. */
  get(jobId: string, server?: string): KnownJob | undefined {
    return this.records.get(jobId, server);
  }

  has(jobId: string): boolean {
    return this.records.get(jobId) !== undefined;
  }

  /** This server's known jobs, oldest first. */
  all(): KnownJob[] {
    return this.records.all();
  }

  async add(job: KnownJob): Promise<void> {
    await this.addMany([job]);
  }

  /** Adds many with one write of the state (a file of 1,000 jobs is one update, not 1,000). */
  async addMany(jobs: readonly KnownJob[]): Promise<void> {
    await this.records.addMany(jobs);
    if (jobs.length > 0) this.added.fire(jobs);
  }
}

export class KnownSchedules {
  private readonly records: ServerRecords<KnownSchedule>;

  constructor(state: vscode.Memento, currentServer: () => string) {
    this.records = new ServerRecords<KnownSchedule>(state, 'riptide.knownSchedules', (s) => s.scheduleId, currentServer, 500);
  }

  get(scheduleId: string): KnownSchedule | undefined {
    return this.records.get(scheduleId);
  }

  async addMany(schedules: readonly KnownSchedule[]): Promise<void> {
    await this.records.addMany(schedules);
  }
}
