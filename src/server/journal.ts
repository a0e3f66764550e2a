// Persistence: an append-only journal of JSON lines. Each line is the latest snapshot of a job or
// schedule (or a schedule's deletion); replay keeps the last one per id. Acknowledged changes are
// fsync'ed before the answer; state transitions are written (reaching the OS) but not fsync'ed,
// which survives kill -9. On start the journal is compacted to one line per live record.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dropExpiredResult, type Job } from './jobs';
import type { Schedule } from './schedules';

export type JournalRecord = { t: 'job'; job: Job } | { t: 'schedule'; schedule: Schedule } | { t: 'unschedule'; id: string };

export interface ReplayedState {
  jobs: Job[];
  schedules: Schedule[];
  /** Lines that could not be read (e.g. a write cut short by a kill). */
  skippedLines: number;
}

export class Journal {
  private constructor(private fd: number) {}

  /**
   * Read what the file holds (if anything), rewrite it compacted, and open it for appending.
   * Results older than `resultTtlMs` are dropped (their jobs kept), so the file does not keep them forever.
   */
  static open(file: string, resultTtlMs: number, now = Date.now()): { journal: Journal; state: ReplayedState } {
    const state = readJournal(file);
    for (const job of state.jobs) dropExpiredResult(job, resultTtlMs, now);
    const tmp = `${file}.compact-${process.pid}`;
    const lines = [
      ...state.jobs.map((job): JournalRecord => ({ t: 'job', job })),
      ...state.schedules.map((schedule): JournalRecord => ({ t: 'schedule', schedule })),
    ].map((r) => JSON.stringify(r) + '\n');
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const tmpFd = fs.openSync(tmp, 'w');
    try {
      for (const line of lines) fs.writeSync(tmpFd, line);
      fs.fsyncSync(tmpFd);
    } finally {
      fs.closeSync(tmpFd);
    }
    fs.renameSync(tmp, file);
    syncDirectory(path.dirname(path.resolve(file)));
    return { journal: new Journal(fs.openSync(file, 'a')), state };
  }

  /** Append one record; `durable` waits for the disk (used before acknowledging a request). */
  append(record: JournalRecord, durable = false): void {
    if (this.fd < 0) return;
    fs.writeSync(this.fd, JSON.stringify(record) + '\n');
    if (durable) fs.fdatasyncSync(this.fd);
  }

  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}

function readJournal(file: string): ReplayedState {
  const jobs = new Map<string, Job>();
  const schedules = new Map<string, Schedule>();
  let skippedLines = 0;
  if (!fs.existsSync(file)) return { jobs: [], schedules: [], skippedLines };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      skippedLines++;
      continue;
    }
    if (record.t === 'job') jobs.set(record.job.id, record.job);
    else if (record.t === 'schedule') schedules.set(record.schedule.id, record.schedule);
    else if (record.t === 'unschedule') schedules.delete(record.id);
    else skippedLines++;
  }
  return { jobs: [...jobs.values()], schedules: [...schedules.values()], skippedLines };
}

function syncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform lets a directory be fsync'ed; the rename itself is still atomic.
  }
}
