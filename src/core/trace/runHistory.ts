// The runs of each job file, per server: the last runs of each of its entries (when, job id,
// outcome, time taken), bounded. Feeds the CodeLens run summary and the failure diagnostics.
// Plain data in and out (toJSON / the constructor), so the extension keeps it in workspace state.
import * as l10n from '@vscode/l10n';
import type { JobResult, JobStatus } from '../../api';
import { formatDuration, formatRelative, shortId } from '../../common/jobLabels';
import { locateEntry, type EntryPlace, type JobSource } from './jobSources';

export type RunOutcome = 'succeeded' | 'failed';

export interface RunRecord extends JobSource {
  jobId: string;
  /** Epoch milliseconds. */
  submittedAt: number;
  finishedAt?: number;
  /** Unset while the job has not finished (or its end was not seen). */
  outcome?: RunOutcome;
  /** Why it failed: the result's error, the last error, or how it ended. */
  error?: string;
  durationMs?: number;
  /** The user dismissed this failure's diagnostic. */
  dismissed?: boolean;
}

/** server key -> file URI -> runs, oldest first. */
export type RunHistoryData = Record<string, Record<string, RunRecord[]>>;

export const MAX_RUNS_PER_FILE = 100;
export const MAX_FILES_PER_SERVER = 200;
export const MAX_SERVERS = 20;
/** Runs of one entry that count (the CodeLens and "Compare with Previous Run" look at these). */
export const MAX_RUNS_PER_ENTRY = 10;

export interface RunEnd {
  outcome: RunOutcome;
  finishedAt: number;
  error?: string;
  durationMs?: number;
}

/** How a finished job ended: failed when dead-lettered or completed with a failed result. */
export function runEndOf(status: Pick<JobStatus, 'status' | 'last_error' | 'processing_time_ms' | 'started_at' | 'completed_at'>, result: Pick<JobResult, 'success' | 'error' | 'processing_time_ms'> | undefined, now = Date.now()): RunEnd {
  const succeeded = status.status === 'Completed' && result?.success !== false;
  const started = status.started_at ? Date.parse(status.started_at) : NaN;
  const completed = status.completed_at ? Date.parse(status.completed_at) : NaN;
  const measured = completed >= started ? completed - started : undefined;
  const durationMs = result?.processing_time_ms ?? status.processing_time_ms ?? measured;
  const end: RunEnd = { outcome: succeeded ? 'succeeded' : 'failed', finishedAt: Number.isFinite(completed) ? completed : now };
  if (durationMs !== undefined && durationMs !== null && Number.isFinite(durationMs)) end.durationMs = durationMs;
  if (!succeeded) end.error = result?.error ?? status.last_error ?? l10n.t('ended as {0}', status.status);
  return end;
}

export class RunHistory {
  private readonly data: RunHistoryData;

  constructor(data?: unknown) {
    this.data = sanitize(data);
  }

  toJSON(): RunHistoryData {
    return this.data;
  }

  add(server: string, run: RunRecord): void {
    const files = (this.data[server] ??= {});
    // Re-inserted last: the most recently used file and server are the last to be dropped.
    const runs = files[run.file] ?? [];
    delete files[run.file];
    files[run.file] = [...runs.filter((r) => r.jobId !== run.jobId), run].slice(-MAX_RUNS_PER_FILE);
    dropOldest(files, MAX_FILES_PER_SERVER);
    const servers = this.data[server];
    delete this.data[server];
    this.data[server] = servers;
    dropOldest(this.data, MAX_SERVERS);
  }

  find(server: string, jobId: string): RunRecord | undefined {
    for (const runs of Object.values(this.data[server] ?? {})) {
      const run = runs.find((r) => r.jobId === jobId);
      if (run) return run;
    }
    return undefined;
  }

  /** Records how a job ended; returns its run, or undefined when it is not a job of a file. */
  finish(server: string, jobId: string, end: RunEnd): RunRecord | undefined {
    const run = this.find(server, jobId);
    if (!run) return undefined;
    run.outcome = end.outcome;
    run.finishedAt = end.finishedAt;
    if (end.durationMs !== undefined) run.durationMs = end.durationMs;
    if (end.error !== undefined) run.error = end.error;
    else delete run.error;
    return run;
  }

  dismiss(server: string, jobId: string): boolean {
    const run = this.find(server, jobId);
    if (!run) return false;
    run.dismissed = true;
    return true;
  }

  /** A file was renamed or moved: its runs follow it. */
  renameFile(oldFile: string, newFile: string): boolean {
    let moved = false;
    for (const files of Object.values(this.data)) {
      const runs = files[oldFile];
      if (!runs) continue;
      files[newFile] = [...(files[newFile] ?? []), ...runs.map((r) => ({ ...r, file: newFile }))].slice(-MAX_RUNS_PER_FILE);
      delete files[oldFile];
      moved = true;
    }
    return moved;
  }

  runsOf(server: string, file: string): readonly RunRecord[] {
    return this.data[server]?.[file] ?? [];
  }

  /** Files with runs on this server. */
  filesOf(server: string): string[] {
    return Object.keys(this.data[server] ?? {});
  }

  /** Runs whose end was not seen (the window closed first): to watch again. */
  unfinished(server: string): RunRecord[] {
    return Object.values(this.data[server] ?? {}).flatMap((runs) => runs.filter((r) => !r.outcome));
  }

  /** The runs of each entry of the file as it is now, newest first, at most MAX_RUNS_PER_ENTRY each. */
  runsByEntry<E extends EntryPlace>(server: string, file: string, entries: readonly E[]): Map<E, RunRecord[]> {
    const byEntry = new Map<E, RunRecord[]>();
    for (const run of this.runsOf(server, file)) {
      const entry = locateEntry(run, entries);
      if (!entry) continue;
      const list = byEntry.get(entry) ?? [];
      list.push(run);
      byEntry.set(entry, list);
    }
    for (const [entry, runs] of byEntry) byEntry.set(entry, runs.sort((a, b) => b.submittedAt - a.submittedAt).slice(0, MAX_RUNS_PER_ENTRY));
    return byEntry;
  }
}

/** The failure to show on an entry: its latest finished run, when that failed and was not dismissed. */
export function failureToShow(runsNewestFirst: readonly RunRecord[]): RunRecord | undefined {
  const last = runsNewestFirst.find((r) => r.outcome !== undefined);
  return last && last.outcome === 'failed' && !last.dismissed ? last : undefined;
}

/** "Last run failed on the server: HTTP error: 404 (job 3ced1372, 2 min ago)". */
export function failureMessage(run: RunRecord, now = new Date()): string {
  const when = formatRelative(new Date(Math.min(run.finishedAt ?? run.submittedAt, now.getTime())), now);
  return l10n.t('Last run failed on the server: {error} (job {job}, {when})', { error: oneLine(run.error ?? l10n.t('unknown error')), job: shortId(run.jobId), when });
}

/** "last run failed 3 min ago", "last run succeeded 2 min ago in 1.2 s", "last run sent 5 s ago, not finished". */
export function runSummary(run: RunRecord, now = new Date()): string {
  if (!run.outcome) return l10n.t('last run sent {0}, not finished', formatRelative(new Date(Math.min(run.submittedAt, now.getTime())), now));
  // The server's clock may run a little ahead: never "in 0 s".
  const when = formatRelative(new Date(Math.min(run.finishedAt ?? run.submittedAt, now.getTime())), now);
  if (run.outcome === 'failed') return l10n.t('last run failed {0}', when);
  return run.durationMs !== undefined ? l10n.t('last run succeeded {0} in {1}', when, formatDuration(run.durationMs)) : l10n.t('last run succeeded {0}', when);
}

/** Server text on one line, bounded: a diagnostic's message is not the place for a stack trace. */
function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function dropOldest(record: Record<string, unknown>, max: number): void {
  const keys = Object.keys(record);
  for (const key of keys.slice(0, Math.max(0, keys.length - max))) delete record[key];
}

/** What workspace state gave back, keeping only well-formed runs (it may come from an older version). */
function sanitize(data: unknown): RunHistoryData {
  const out: RunHistoryData = {};
  if (!data || typeof data !== 'object') return out;
  for (const [server, files] of Object.entries(data as Record<string, unknown>)) {
    if (!files || typeof files !== 'object') continue;
    const kept: Record<string, RunRecord[]> = {};
    for (const [file, runs] of Object.entries(files as Record<string, unknown>)) {
      if (!Array.isArray(runs)) continue;
      const good = runs.filter(isRun).slice(-MAX_RUNS_PER_FILE);
      if (good.length) kept[file] = good;
    }
    out[server] = kept;
  }
  return out;
}

function isRun(r: unknown): r is RunRecord {
  const v = r as RunRecord;
  return (
    typeof v === 'object' && v !== null &&
    typeof v.jobId === 'string' && typeof v.file === 'string' && typeof v.fingerprint === 'string' &&
    Number.isInteger(v.index) && Number.isInteger(v.line) && typeof v.submittedAt === 'number'
  );
}
