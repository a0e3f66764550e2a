// What the job commands accept as their argument. No `vscode` here.

/** Hints from the opener (a Jobs view node knows the type and priority; the status answer does not). */
export interface JobHints {
  typeLabel?: string;
  priority?: string;
}

export interface JobTarget extends JobHints {
  jobId: string;
}

/**
 * A job id string, or a tree node: one with `jobId`, or the Jobs view's entry (`kind: 'job'`
 * with the list item under `item`). The list item's `job_type` and `priority` become hints:
 * the status answer carries neither.
 */
export function jobTargetOf(arg: unknown): JobTarget | undefined {
  if (typeof arg === 'string') return arg.trim() ? { jobId: arg.trim() } : undefined;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Record<string, unknown>;
  const item = [node.item, node.job].find((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v.length > 0);
  const jobId = pick(node.jobId, item?.job_id, node.kind === 'job' ? node.id : undefined);
  if (!jobId) return undefined;
  return {
    jobId,
    typeLabel: pick(node.typeLabel, node.jobType, item?.job_type),
    priority: pick(node.priority, item?.priority),
  };
}
