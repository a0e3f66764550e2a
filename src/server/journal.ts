// Persistence: an append-only journal of JSON lines. Each line is the latest snapshot of a job or
// schedule (or a schedule's deletion); replay keeps the last one per id.
// - Acknowledged changes are committed: written, then fdatasync'ed before the answer, and
//   concurrent commits share one fdatasync (group commit). State transitions are written (they
//   reach the OS, which survives kill -9) but not synced.
// - It stays bounded: once it has grown to twice its compacted size (and at least
//   `minCompactBytes`), it is rewritten online as one line per live record, in slices that let
//   requests through, while new lines keep going to the old file and are copied over at the end.
// - Finished jobs past their retention are not live: the store forgets them, so compaction leaves
//   them out, and reading the file back skips them.
// - It is read back as a stream, each line checked (journalRecord.ts); a bad line is reported with
//   the file and line number, kept aside in `<file>.rejected`, and skipped.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dropExpiredResult, type Job } from './jobs';
import { checkRecord, type JournalRecord } from './journalRecord';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './jsonDepth';
import type { Schedule } from './schedules';

export type { JournalRecord } from './journalRecord';

export interface ReplayedState {
  jobs: Job[];
  schedules: Schedule[];
  /** Lines that were not valid records (each reported, and kept in the rejected file). */
  skippedLines: number;
}

export interface JournalOptions {
  /** Results older than this are dropped when the journal is compacted (their jobs are kept). */
  resultTtlMs: number;
  /** Completed and dead-letter jobs that finished longer ago than this are not loaded (nor kept in the file). */
  jobTtlMs: number;
  /** Receives one line per problem found (bad lines, leftover files). */
  warn?: (line: string) => void;
  /** The journal is compacted online once past twice its compacted size and at least this. Default 64 MiB. */
  minCompactBytes?: number;
  now?: number;
}

/** The live records, for compaction: every job and schedule as they are now. */
export type LiveRecords = () => { jobs: Iterable<Job>; schedules: Iterable<Schedule> };

export const DEFAULT_MIN_COMPACT_BYTES = 64 * 1024 * 1024;
/** A line longer than this is not read into memory: it is copied aside as it streams by. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;
/** The records around a request's body add a few levels (record, job, result, data). */
const MAX_LINE_DEPTH = MAX_JSON_DEPTH + 8;
/** Records serialised per slice of an online compaction, between which requests are served. */
const COMPACTION_SLICE = 500;
/** Bad lines reported one by one; beyond this only their count. */
const MAX_WARNINGS = 20;

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class Journal {
  /** Commits written and waiting for the next fdatasync. */
  private waiting: Waiter[] = [];
  /** Lines of those commits: a compaction starting meanwhile must carry them over. */
  private readonly unsynced = new Set<string>();
  private syncing = false;
  private syncs = 0;
  private bytes: number;
  private compactedBytes: number;
  /** Set while an online compaction runs: the lines written since it started. */
  private carried: string[] | undefined;
  private compactionQueued = false;
  private live: LiveRecords | undefined;
  private closed = false;

  private constructor(
    private fd: number,
    private readonly file: string,
    size: number,
    private readonly options: Required<Omit<JournalOptions, 'now'>>,
  ) {
    this.bytes = this.compactedBytes = size;
  }

  /**
   * Remove leftovers of an interrupted compaction, read what the file holds (if anything) as a
   * stream, rewrite it compacted, and open it for appending.
   */
  static async open(file: string, options: JournalOptions): Promise<{ journal: Journal; state: ReplayedState }> {
    const full = { resultTtlMs: options.resultTtlMs, jobTtlMs: options.jobTtlMs, warn: options.warn ?? (() => {}), minCompactBytes: options.minCompactBytes ?? DEFAULT_MIN_COMPACT_BYTES };
    const now = options.now ?? Date.now();
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    removeLeftovers(file, full.warn);
    const state = await readJournal(file, full.warn);
    state.jobs = state.jobs.filter((job) => !finishedBefore(job, now - full.jobTtlMs));
    for (const job of state.jobs) dropExpiredResult(job, full.resultTtlMs, now);
    const records = [...state.jobs.map(jobRecord), ...state.schedules.map(scheduleRecord)];
    const { fd, size } = await writeCompacted(file, records, []);
    return { journal: new Journal(fd, file, size, full), state };
  }

  /** Where online compaction reads the live records from; without it the journal is only compacted on open. */
  compactFrom(live: LiveRecords): void {
    this.live = live;
  }

  /** Bytes in the file now. */
  get size(): number {
    return this.bytes;
  }

  /** fdatasync calls made for commits so far (commits made together share one). */
  get syncCount(): number {
    return this.syncs;
  }

  /** Write one record (it reaches the OS, not necessarily the disk). Throws, writing nothing, when it cannot be serialised. */
  append(record: JournalRecord): void {
    this.write(JSON.stringify(record) + '\n');
  }

  /** Write one record and resolve once it is on disk; commits made meanwhile share the fdatasync. */
  commit(record: JournalRecord): Promise<void> {
    const line = JSON.stringify(record) + '\n';
    this.write(line);
    this.unsynced.add(line);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ resolve: () => (this.unsynced.delete(line), resolve()), reject: (e) => (this.unsynced.delete(line), reject(e)) });
      this.syncSoon();
    });
  }

  /** Resolves when every commit made so far is on disk (or failed). */
  async flush(): Promise<void> {
    while (this.syncing || this.waiting.length) await new Promise((resolve) => setImmediate(resolve));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.reject(new Error('The journal was closed before this change was on disk'));
    if (!this.syncing) fs.closeSync(this.fd);
  }

  private write(line: string): void {
    if (this.closed) throw new Error('The journal is closed');
    fs.writeSync(this.fd, line);
    this.bytes += Buffer.byteLength(line);
    this.carried?.push(line);
    if (this.live && !this.carried && !this.compactionQueued && this.bytes > Math.max(this.options.minCompactBytes, 2 * this.compactedBytes)) {
      // Started from a later turn: callers resuming from a commit (microtasks) place their jobs first.
      this.compactionQueued = true;
      setImmediate(() => void this.compactOnline());
    }
  }

  /** One fdatasync for every commit written before it starts; the next one waits for it. */
  private syncSoon(): void {
    if (this.syncing) return;
    this.syncing = true;
    // Let the commits of this turn join before syncing.
    setImmediate(() => {
      const batch = this.waiting.splice(0);
      const fd = this.fd;
      this.syncs++;
      fs.fdatasync(fd, (err) => {
        this.syncing = false;
        if (this.closed || fd !== this.fd) fs.close(fd, () => {}); // swapped out by a compaction, or closed meanwhile
        for (const w of batch) (err ? w.reject(err) : w.resolve());
        if (this.waiting.length && !this.closed) this.syncSoon();
      });
    });
  }

  private async compactOnline(): Promise<void> {
    this.compactionQueued = false;
    if (this.closed || !this.live || this.carried) return;
    // Lines written from now on, and commits not yet synced (their jobs may not be placed yet), follow the snapshot.
    this.carried = [...this.unsynced];
    const { jobs, schedules } = this.live();
    const records = [...[...jobs].map(jobRecord), ...[...schedules].map(scheduleRecord)];
    try {
      const { fd, size } = await writeCompacted(this.file, records, this.carried, () => this.closed);
      if (this.closed) {
        fs.closeSync(fd);
        return;
      }
      const old = this.fd;
      this.fd = fd;
      this.bytes = this.compactedBytes = size;
      // Commits waiting for a sync are in the new file, already synced.
      for (const w of this.waiting.splice(0)) w.resolve();
      if (!this.syncing) fs.closeSync(old);
    } catch (err) {
      if (!this.closed) this.options.warn(`Could not compact ${this.file} (it keeps growing until the next start): ${(err as Error).message}`);
    } finally {
      this.carried = undefined;
    }
  }
}

const finishedBefore = (job: Job, cutoff: number): boolean =>
  (job.queue === 'completed' || job.queue === 'dead_letter') && job.completedAt !== null && job.completedAt <= cutoff;

const jobRecord = (job: Job): JournalRecord => ({ t: 'job', job });
const scheduleRecord = (schedule: Schedule): JournalRecord => ({ t: 'schedule', schedule });

/**
 * Writes `records` to a temporary file in slices (yielding between them), then the `carried` lines
 * (which may grow meanwhile), syncs it and renames it over `file`. Returns the open descriptor of
 * the new file and its size. The last carried lines, the sync and the rename happen in one turn.
 */
async function writeCompacted(file: string, records: JournalRecord[], carried: string[], cancelled = () => false): Promise<{ fd: number; size: number }> {
  const tmp = `${file}.compact-${process.pid}-${Date.now()}`;
  const fd = fs.openSync(tmp, 'w');
  let size = 0;
  const put = (text: string) => {
    if (!text) return;
    fs.writeSync(fd, text);
    size += Buffer.byteLength(text);
  };
  try {
    for (let i = 0; i < records.length && !cancelled(); i += COMPACTION_SLICE) {
      put(records.slice(i, i + COMPACTION_SLICE).map((r) => JSON.stringify(r) + '\n').join(''));
      if (i + COMPACTION_SLICE < records.length) await new Promise((resolve) => setImmediate(resolve));
    }
    // The lines carried so far, and the sync of the bulk, off the event loop; the rest in one turn.
    const copied = carried.length;
    put(carried.slice(0, copied).join(''));
    await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    if (cancelled()) throw new Error('closed');
    put(carried.slice(copied).join(''));
    fs.fdatasyncSync(fd);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  syncDirectory(path.dirname(path.resolve(file)));
  return { fd, size };
}

/** Temporary files of a compaction that was interrupted (kill -9, power loss): never the journal itself. */
function removeLeftovers(file: string, warn: (line: string) => void): void {
  const dir = path.dirname(path.resolve(file));
  const prefix = `${path.basename(file)}.compact-`;
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(prefix)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    warn(`Removed ${path.join(dir, name)}, left over from an interrupted compaction of ${file}`);
  }
}

/** Replays the journal line by line; bad lines are reported, copied to `<file>.rejected` and skipped. */
async function readJournal(file: string, warn: (line: string) => void): Promise<ReplayedState> {
  const jobs = new Map<string, Job>();
  const schedules = new Map<string, Schedule>();
  const state: ReplayedState = { jobs: [], schedules: [], skippedLines: 0 };
  if (!fs.existsSync(file)) return state;
  const rejectedFile = `${file}.rejected`;
  let rejectedFd: number | undefined;
  const keepAside = (bytes: Buffer) => {
    rejectedFd ??= fs.openSync(rejectedFile, 'a');
    fs.writeSync(rejectedFd, bytes);
  };
  const reject = (lineNo: number, reason: string) => {
    state.skippedLines++;
    if (state.skippedLines <= MAX_WARNINGS) warn(`${file}:${lineNo}: skipped, ${reason} (the line is kept in ${rejectedFile})`);
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const apply = (bytes: Buffer, lineNo: number) => {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      keepAside(Buffer.concat([bytes, NEWLINE]));
      return reject(lineNo, 'not UTF-8 text');
    }
    if (!text.trim()) return;
    const problem = lineProblem(text, (record) => {
      if (record.t === 'job') jobs.set(record.job.id, record.job);
      else if (record.t === 'schedule') schedules.set(record.schedule.id, record.schedule);
      else schedules.delete(record.id);
    });
    if (problem) {
      keepAside(Buffer.concat([bytes, NEWLINE]));
      reject(lineNo, problem);
    }
  };
  try {
    await splitLines(file, apply, (lineNo, chunk, last) => {
      keepAside(last ? Buffer.concat([chunk, NEWLINE]) : chunk);
      if (last) reject(lineNo, `longer than ${MAX_LINE_BYTES} bytes`);
    });
  } finally {
    if (rejectedFd !== undefined) {
      fs.fsyncSync(rejectedFd);
      fs.closeSync(rejectedFd);
    }
  }
  if (state.skippedLines > MAX_WARNINGS) warn(`${file}: ${state.skippedLines} line(s) skipped in all (kept in ${rejectedFile})`);
  state.jobs = [...jobs.values()];
  state.schedules = [...schedules.values()];
  return state;
}

const NEWLINE = Buffer.from('\n');

/** Why `text` is no journal record, or undefined after handing the record to `use`. */
function lineProblem(text: string, use: (record: JournalRecord) => void): string | undefined {
  if (nestsDeeperThan(text, MAX_LINE_DEPTH)) return `nested more than ${MAX_LINE_DEPTH} levels deep`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `not JSON (a write cut short?): ${(e as Error).message}`;
  }
  const checked = checkRecord(value);
  if ('problem' in checked) return `not a valid record: ${checked.problem}`;
  use(checked.record);
  return undefined;
}

/**
 * Streams `file` and hands each line's bytes (without the newline) to `line`, with its number.
 * A line past MAX_LINE_BYTES is never held whole: its bytes go to `overlong` as they arrive.
 */
async function splitLines(
  file: string,
  line: (bytes: Buffer, lineNo: number) => void,
  overlong: (lineNo: number, chunk: Buffer, last: boolean) => void,
): Promise<void> {
  let parts: Buffer[] = [];
  let held = 0;
  let tooLong = false;
  let lineNo = 1;
  const end = (tail: Buffer) => {
    if (tooLong) overlong(lineNo, tail, true);
    else line(parts.length ? Buffer.concat([...parts, tail]) : tail, lineNo);
    parts = [];
    held = 0;
    tooLong = false;
    lineNo++;
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
      end(chunk.subarray(from, nl));
      from = nl + 1;
    }
    const rest = chunk.subarray(from);
    if (!rest.length) continue;
    if (tooLong) {
      overlong(lineNo, rest, false);
    } else if (held + rest.length > MAX_LINE_BYTES) {
      tooLong = true;
      for (const p of [...parts, rest]) overlong(lineNo, p, false);
      parts = [];
    } else {
      parts.push(Buffer.from(rest)); // a copy: a slice would keep the whole chunk in memory
      held += rest.length;
    }
  }
  if (held || tooLong) end(Buffer.alloc(0));
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
