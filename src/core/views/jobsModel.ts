// The Jobs view's model, free of `vscode`: one group per queue with its count from the queue
// stats, the pages of jobs loaded for it, and the bookkeeping that decides which groups a
// refresh must fetch again. The tree provider is a thin layer over it.
import * as l10n from '@vscode/l10n';
import { isJobReadRefused, type ApiError, type JobListItem, type JobListResponse, type JobResult, type ListJobsQuery, type QueueStats } from '../../api';
import { STATUS_LOOKS, type StatusTone } from '../../common/jobLabels';

export type GroupKey = 'pending' | 'delayed' | 'processing' | 'retry' | 'completed' | 'dead_letter';

/** The status word of a job node's contextValue (`job.<status>[.known]`). */
export type ContextStatus = Exclude<StatusTone, 'failed'>;

export interface GroupDef {
  key: GroupKey;
  label: string;
  /** The list endpoint's `status` value for this queue. */
  statusQuery: string;
  contextStatus: ContextStatus;
  count(stats: QueueStats): number;
}

export const GROUPS: readonly GroupDef[] = [
  { key: 'pending', get label() { return STATUS_LOOKS.pending.words; }, statusQuery: 'pending', contextStatus: 'pending', count: (s) => s.pending },
  { key: 'delayed', get label() { return STATUS_LOOKS.delayed.words; }, statusQuery: 'delayed', contextStatus: 'delayed', count: (s) => s.delayed },
  { key: 'processing', get label() { return STATUS_LOOKS.processing.words; }, statusQuery: 'processing', contextStatus: 'processing', count: (s) => s.processing },
  { key: 'retry', get label() { return STATUS_LOOKS.retrying.words; }, statusQuery: 'retry', contextStatus: 'retrying', count: (s) => s.retry },
  { key: 'completed', get label() { return STATUS_LOOKS.completed.words; }, statusQuery: 'completed', contextStatus: 'completed', count: (s) => s.completed },
  { key: 'dead_letter', get label() { return STATUS_LOOKS.deadletter.words; }, statusQuery: 'dead_letter', contextStatus: 'deadletter', count: (s) => s.failed },
];

/** The list endpoint caps `limit` at 500. */
export const MAX_PAGE = 500;

export type JobLister = (query: ListJobsQuery, signal?: AbortSignal) => Promise<JobListResponse>;

export interface JobFilter {
  /** The list's `job_type`: batch_crawl, custom, custom:<name>, maintenance:<task>... */
  jobType?: string;
  /** The contract's search: worker id, metadata keys and string values. */
  search?: string;
}

/** A job node. The same object is kept while the job stays in its group, so tree events can target it. */
export class JobEntry {
  /** Tells node kinds apart where `instanceof` cannot (tests load the classes from another bundle). */
  readonly kind = 'job' as const;
  constructor(readonly group: JobGroup, public item: JobListItem) {}
  get id(): string {
    return this.item.job_id;
  }
}

export class JobGroup {
  readonly kind = 'group' as const;
  /** From the latest queue stats. */
  count = 0;
  expanded = false;
  /** The count when the children were last fetched; undefined until the first fetch. */
  fetchedAtCount: number | undefined;
  /** Set by a user refresh or a filter change: fetch again whatever the count says. */
  dirty = false;
  entries: JobEntry[] = [];
  /** Where the next page starts on the server (jobs received, duplicates included). */
  nextOffset = 0;
  /** The last page came back short: nothing more to load. */
  exhausted = false;
  /** Why the last fetch failed; cleared by the next good one. */
  error: Error | undefined;
  private inFlight: Promise<void> | undefined;
  /** Aborted by reset(): a fetch started before it is cancelled and its page dropped. */
  private resetController = new AbortController();

  constructor(readonly def: GroupDef) {}

  get key(): GroupKey {
    return this.def.key;
  }

  get loaded(): boolean {
    return this.fetchedAtCount !== undefined;
  }

  get hasMore(): boolean {
    return this.loaded && !this.exhausted;
  }

  find(jobId: string): JobEntry | undefined {
    return this.entries.find((e) => e.id === jobId);
  }

  /**
   * Runs one fetch at a time for this group; a second caller joins the running one. The fetch
   * gets a signal that reset() aborts: once it fired, what the fetch read must not be kept.
   */
  serialize(fetch: (reset: AbortSignal) => Promise<void>): Promise<void> {
    if (!this.inFlight) {
      const running = fetch(this.resetController.signal).finally(() => {
        if (this.inFlight === running) this.inFlight = undefined;
      });
      this.inFlight = running;
    }
    return this.inFlight;
  }

  /**
   * Forgets loaded jobs (filter or server changed); the next expansion or refresh fetches again.
   * A fetch still running is cancelled and not joined: it asked the old filter or server.
   */
  reset(): void {
    this.resetController.abort();
    this.resetController = new AbortController();
    this.inFlight = undefined;
    this.entries = [];
    this.nextOffset = 0;
    this.exhausted = false;
    this.fetchedAtCount = undefined;
    this.error = undefined;
    this.dirty = false;
  }
}

export interface JobsModelOptions {
  pageSize: () => number;
}

/**
 * Results read for tooltips, without their data (which may be large): tells which completed
 * jobs failed (result success: false). Bounded; the oldest are forgotten first.
 */
export class ResultCache {
  private readonly results = new Map<string, JobResult>();
  constructor(private readonly max = 2000) {}

  get(jobId: string): JobResult | undefined {
    return this.results.get(jobId);
  }

  /** True when the job's result is known and says it failed. */
  failed(jobId: string): boolean | undefined {
    const r = this.results.get(jobId);
    return r ? !r.success : undefined;
  }

  set(result: JobResult): void {
    this.results.delete(result.job_id);
    this.results.set(result.job_id, { ...result, data: null });
    while (this.results.size > this.max) this.results.delete(this.results.keys().next().value as string);
  }

  get size(): number {
    return this.results.size;
  }
}

export class JobsModel {
  readonly groups: readonly JobGroup[] = GROUPS.map((d) => new JobGroup(d));
  readonly results = new ResultCache();
  filter: JobFilter = {};
  stats: QueueStats | undefined;
  /**
   * The server refuses job reads (RipTide's 405 on GET /workers/jobs): the groups keep their
   * counts from the queue stats and nothing is listed until a user refresh or another server.
   */
  readsRefused: ApiError | undefined;

  constructor(private readonly options: JobsModelOptions) {}

  group(key: GroupKey): JobGroup {
    return this.groups.find((g) => g.key === key) as JobGroup;
  }

  get filtered(): boolean {
    return Boolean(this.filter.jobType || this.filter.search);
  }

  /** "type: custom · search: abc", or undefined without a filter. */
  describeFilter(): string | undefined {
    const parts: string[] = [];
    if (this.filter.jobType) parts.push(l10n.t('type: {0}', this.filter.jobType));
    if (this.filter.search) parts.push(l10n.t('search: "{0}"', this.filter.search));
    return parts.length ? parts.join(' · ') : undefined;
  }

  /** Takes new queue stats; returns the groups whose count changed. */
  applyStats(stats: QueueStats): JobGroup[] {
    const previous = this.stats;
    this.stats = stats;
    const changed: JobGroup[] = [];
    for (const g of this.groups) {
      const count = g.def.count(stats);
      if (previous === undefined || count !== g.count) changed.push(g);
      g.count = count;
    }
    // A full pool keeps the Processing count while jobs turn over: a change in the finished
    // counts means its members changed too.
    const processing = this.group('processing');
    if (previous && !changed.includes(processing) && (previous.completed !== stats.completed || previous.failed !== stats.failed || previous.retry !== stats.retry)) {
      processing.dirty = true;
    }
    return changed;
  }

  /** Expanded groups whose children are out of date: their count changed, or a refresh/filter asked. */
  groupsToFetch(): JobGroup[] {
    return this.groups.filter((g) => g.expanded && this.isOutOfDate(g));
  }

  isOutOfDate(g: JobGroup): boolean {
    return !g.loaded || g.dirty || g.error !== undefined || g.fetchedAtCount !== g.count;
  }

  /**
   * One refresh tick: takes the stats, then fetches the expanded groups that are out of date, one
   * request each. A group whose fetch fails keeps its jobs and records the error. Returns the
   * groups to redraw (count changed or fetched).
   */
  async refresh(stats: QueueStats, list: JobLister, signal?: AbortSignal, onError?: (group: JobGroup, err: Error) => void): Promise<Set<JobGroup>> {
    const countChanged = this.applyStats(stats);
    if (this.readsRefused) return new Set(countChanged);
    const toFetch = this.groupsToFetch();
    for (const group of toFetch) {
      try {
        await this.refetch(group, list, signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        onError?.(group, err as Error);
      }
    }
    return new Set([...countChanged, ...toFetch]);
  }

  /** A user refresh: every expanded group is fetched again on the next run. */
  invalidate(): void {
    this.readsRefused = undefined; // asked again once: the server may have been fixed
    for (const g of this.groups) g.dirty = true;
  }

  setFilter(filter: JobFilter): void {
    this.filter = { jobType: filter.jobType?.trim() || undefined, search: filter.search?.trim() || undefined };
    for (const g of this.groups) g.reset();
  }

  /** Another server (URL, key or local server changed): what was read belongs to the old one. */
  forgetServer(): void {
    this.stats = undefined;
    this.readsRefused = undefined;
    for (const g of this.groups) g.reset();
  }

  /** The children for an expansion: fetched only when missing or out of date. */
  ensureLoaded(group: JobGroup, list: JobLister, signal?: AbortSignal): Promise<void> {
    if (this.readsRefused || !this.isOutOfDate(group)) return Promise.resolve();
    return this.refetch(group, list, signal);
  }

  /**
   * Fetches the group again from the top in one request, keeping as many jobs as were shown
   * (up to the endpoint's cap). Entries of jobs still there are kept as the same objects.
   */
  refetch(group: JobGroup, list: JobLister, signal?: AbortSignal): Promise<void> {
    return group.serialize(async (reset) => {
      const pageSize = this.options.pageSize();
      const limit = Math.min(MAX_PAGE, Math.max(pageSize, roundUp(group.entries.length, pageSize)));
      const countAtStart = group.count;
      try {
        const page = await list(this.query(group, limit, 0), eitherSignal(signal, reset));
        if (reset.aborted) return; // read for the old filter or server: dropped
        const previous = new Map(group.entries.map((e) => [e.id, e]));
        group.entries = [];
        this.append(group, page.jobs, previous);
        group.nextOffset = page.jobs.length;
        group.exhausted = page.jobs.length < limit;
        group.fetchedAtCount = countAtStart;
        group.dirty = false;
        group.error = undefined;
      } catch (err) {
        if (reset.aborted) return;
        if (isJobReadRefused(err)) this.readsRefused = err;
        else group.error = err as Error;
        throw err;
      }
    });
  }

  /** The next page, appended; jobs already shown (the queue shifted under the offset) are skipped. */
  loadMore(group: JobGroup, list: JobLister, signal?: AbortSignal): Promise<void> {
    if (this.readsRefused) return Promise.resolve();
    if (!group.loaded) return this.ensureLoaded(group, list, signal);
    return group.serialize(async (reset) => {
      const limit = Math.min(MAX_PAGE, this.options.pageSize());
      try {
        const page = await list(this.query(group, limit, group.nextOffset), eitherSignal(signal, reset));
        if (reset.aborted) return; // read for the old filter or server: dropped
        this.append(group, page.jobs);
        group.nextOffset += page.jobs.length;
        group.exhausted = page.jobs.length < limit;
        group.error = undefined;
      } catch (err) {
        if (reset.aborted) return;
        group.error = err as Error;
        throw err;
      }
    });
  }

  /** The job's entry in whichever group has it loaded. */
  findEntry(jobId: string): JobEntry | undefined {
    for (const g of this.groups) {
      const e = g.find(jobId);
      if (e) return e;
    }
    return undefined;
  }

  private query(group: JobGroup, limit: number, offset: number): ListJobsQuery {
    return { status: group.def.statusQuery, jobType: this.filter.jobType, search: this.filter.search, limit, offset };
  }

  private append(group: JobGroup, items: readonly JobListItem[], reuse?: Map<string, JobEntry>): void {
    const seen = new Set(group.entries.map((e) => e.id));
    for (const item of items) {
      if (seen.has(item.job_id)) continue;
      seen.add(item.job_id);
      const entry = reuse?.get(item.job_id);
      if (entry) entry.item = item;
      group.entries.push(entry ?? new JobEntry(group, item));
    }
  }
}

/** Aborted when either is; `reset` alone when the caller has no signal. */
function eitherSignal(signal: AbortSignal | undefined, reset: AbortSignal): AbortSignal {
  return signal ? AbortSignal.any([signal, reset]) : reset;
}

function roundUp(n: number, step: number): number {
  return Math.ceil(n / step) * step;
}

/** The job-type filter values offered in the quick pick. */
export const JOB_TYPE_FILTERS = ['batch_crawl', 'single_crawl', 'maintenance', 'custom'] as const;

/** Accepts batch_crawl, single_crawl, pdf_extraction, maintenance[:task], custom[:name]; undefined when it is none of them. */
export function validJobTypeFilter(value: string): string | undefined {
  const v = value.trim();
  return /^(batch_crawl|single_crawl|pdf_extraction|maintenance(:.+)?|custom(:.+)?)$/i.test(v) ? v : undefined;
}
