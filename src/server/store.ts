// Every job by id, and per-queue ordered structures, so a page of any queue is found without
// sorting and queue sizes are O(1) (the server stays fast with 100,000 jobs).
import { PRIORITIES, type Priority } from '../api/schemas';
import { Deque } from './deque';
import { DueQueue, type Due } from './dueQueue';
import type { Job, QueueName } from './jobs';

interface Waiting extends Due {
  job: Job;
}

/** A queue as listed: its size, and a view of it (i-th job in listing order) taken once per listing. */
interface ListedQueue {
  size(): number;
  snapshot(): (i: number) => Job | undefined;
}

/** The earlier of two moments, either of which may be missing. */
export function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

export class JobStore {
  readonly byId = new Map<string, Job>();
  /** Ready jobs, one FIFO per priority (highest priority first when taken or listed). */
  private readonly pending = new Map<Priority, Deque<Job>>(PRIORITIES.map((p) => [p, new Deque<Job>()]));
  private readonly pendingOrder: Priority[] = [...PRIORITIES].reverse();
  private readonly processing = new Map<string, Job>();
  /** Finished jobs by when they finished (dueAt = completedAt): the oldest is dropped first, when its retention ends. */
  private readonly completed = new DueQueue<Waiting>();
  private readonly deadLetter = new DueQueue<Waiting>();
  private readonly retry = new DueQueue<Waiting>();
  private readonly delayed = new DueQueue<Waiting>();
  private readonly listed: Record<QueueName, ListedQueue>;

  constructor() {
    const latestDueFirst = (q: DueQueue<Waiting>): ListedQueue => ({ size: () => q.size, snapshot: () => (i) => q.atFromLatest(i)?.job });
    this.listed = {
      pending: { size: () => this.pendingCount(), snapshot: () => (i) => this.pendingAt(i) },
      processing: {
        size: () => this.processing.size,
        // A Map has no index: copy it (newest first) once per listing, not once per job.
        snapshot: () => {
          const jobs = [...this.processing.values()].reverse();
          return (i) => jobs[i];
        },
      },
      completed: latestDueFirst(this.completed),
      dead_letter: latestDueFirst(this.deadLetter),
      retry: latestDueFirst(this.retry),
      delayed: latestDueFirst(this.delayed),
    };
  }

  get(id: string): Job | undefined {
    return this.byId.get(id);
  }

  /** Put a job (new or replayed) into the queue its fields say. */
  place(job: Job): void {
    this.byId.set(job.id, job);
    switch (job.queue) {
      case 'pending':
        this.pending.get(job.priority)!.push(job);
        break;
      case 'processing':
        this.processing.set(job.id, job);
        break;
      case 'completed':
        this.completed.add({ dueAt: job.completedAt ?? 0, seq: job.seq, job });
        break;
      case 'dead_letter':
        this.deadLetter.add({ dueAt: job.completedAt ?? 0, seq: job.seq, job });
        break;
      case 'retry':
        this.retry.add({ dueAt: job.readyAt ?? 0, seq: job.seq, job });
        break;
      case 'delayed':
        this.delayed.add({ dueAt: job.readyAt ?? 0, seq: job.seq, job });
        break;
    }
  }

  /** The highest-priority, oldest ready job, removed from the pending queue. */
  takeNext(): Job | undefined {
    for (const p of this.pendingOrder) {
      const job = this.pending.get(p)!.shift();
      if (job) return job;
    }
    return undefined;
  }

  /** Leaving processing (to completed, dead letter or retry: the caller places it next). */
  finishProcessing(job: Job): void {
    this.processing.delete(job.id);
  }

  /** Delayed and retrying jobs whose time has come, removed from their queues. */
  takeDue(now: number): Job[] {
    return [...this.delayed.takeDue(now), ...this.retry.takeDue(now)].map((w) => w.job);
  }

  nextDueAt(): number | undefined {
    return earliest(this.delayed.nextDueAt(), this.retry.nextDueAt());
  }

  /** When the job that finished first (completed or dead letter) finished, if any is kept. */
  oldestFinishedAt(): number | undefined {
    return earliest(this.completed.nextDueAt(), this.deadLetter.nextDueAt());
  }

  /** Forget every completed and dead-letter job that finished at or before `cutoff`; returns how many. */
  dropFinished(cutoff: number): number {
    const gone = [...this.completed.takeDue(cutoff), ...this.deadLetter.takeDue(cutoff)];
    for (const w of gone) this.byId.delete(w.job.id);
    return gone.length;
  }

  size(queue: QueueName): number {
    return this.listed[queue].size();
  }

  /** Jobs in listing order across `queues`, filtered, from `offset`, at most `limit`. */
  list(queues: readonly QueueName[], match: ((job: Job) => boolean) | null, offset: number, limit: number): Job[] {
    const page: Job[] = [];
    let skip = offset;
    for (const name of queues) {
      const q = this.listed[name];
      const size = q.size();
      const at = q.snapshot();
      if (!match) {
        // Unfiltered: jump straight to the offset.
        if (skip >= size) {
          skip -= size;
          continue;
        }
        for (let i = skip; i < size && page.length < limit; i++) page.push(at(i)!);
        skip = 0;
      } else {
        for (let i = 0; i < size && page.length < limit; i++) {
          const job = at(i)!;
          if (!match(job)) continue;
          if (skip > 0) skip--;
          else page.push(job);
        }
      }
      if (page.length >= limit) break;
    }
    return page;
  }

  /** All jobs, for compaction. */
  all(): IterableIterator<Job> {
    return this.byId.values();
  }

  private pendingCount(): number {
    let n = 0;
    for (const q of this.pending.values()) n += q.size;
    return n;
  }

  private pendingAt(i: number): Job | undefined {
    for (const p of this.pendingOrder) {
      const q = this.pending.get(p)!;
      if (i < q.size) return q.at(i);
      i -= q.size;
    }
    return undefined;
  }
}
