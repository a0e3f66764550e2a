// RipTide marks a job whose processor reported an error as Completed, with a result saying
// success: false, so its own totals ("0 failed", "100 % success") hide them. This counts the
// ones this window has seen (Jobs view, watched jobs, job panels), so the status bar, the
// Workers view and the dashboard can say so beside the server's figures. No `vscode` here.
import type { JobResult, JobStatusName } from '../../api';

/** Job ids kept to count each job once; past this the oldest are forgotten (still counted). */
const MAX_REMEMBERED = 100_000;

export class CompletedFailures {
  private readonly ids = new Set<string>();
  private forgotten = 0;
  private readonly listeners = new Set<() => void>();

  /** A result read for a job in `status`: counted once when the job is Completed and the result failed. */
  record(status: JobStatusName, result: JobResult): void {
    if (status !== 'Completed' || result.success || this.ids.has(result.job_id)) return;
    this.ids.add(result.job_id);
    if (this.ids.size > MAX_REMEMBERED) {
      this.ids.delete(this.ids.values().next().value as string);
      this.forgotten++;
    }
    for (const listener of this.listeners) listener();
  }

  /** How many completed jobs with a failed result this window has seen. */
  get count(): number {
    return this.ids.size + this.forgotten;
  }

  /** Called after the count grew; returns the unsubscribe. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
