// What the job commands accept as their argument, and the one way to ask for and read a job id.
// No `vscode` here.
import * as l10n from '@vscode/l10n';

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
  if (typeof arg === 'string') {
    const jobId = parseJobId(arg);
    return jobId ? { jobId } : undefined;
  }
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Record<string, unknown>;
  const item = [node.item, node.job].find((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  const pick = (...values: unknown[]) => values.find((v): v is string => typeof v === 'string' && v.length > 0);
  const jobId = pick(node.jobId, item?.job_id, node.kind === 'job' ? node.id : undefined);
  if (!jobId) return undefined;
  return {
    // A node's id is the server's own; lowercased all the same, so one job gets one panel.
    jobId: parseJobId(jobId) ?? jobId,
    typeLabel: pick(node.typeLabel, node.jobType, item?.job_type),
    priority: pick(node.priority, item?.priority),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A job id as the server writes it (a lowercase UUID); trims spaces and quotes around a pasted one. */
export function parseJobId(value: string): string | undefined {
  const v = value.trim().replace(/^["'`]|["'`]$/g, '');
  return UUID.test(v) ? v.toLowerCase() : undefined;
}

export function notAJobIdMessage(value: string): string {
  return l10n.t("'{0}' is not a job id (a UUID such as 7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b).", value);
}

/** An input box as askJobId needs it: `vscode.window.showInputBox` is one. */
export type AskInput = (options: {
  title: string;
  prompt: string;
  placeHolder: string;
  ignoreFocusOut: boolean;
  validateInput(value: string): string | undefined;
}) => PromiseLike<string | undefined>;

/** Asks for a job id (checked as typed); undefined when cancelled or left empty. */
export async function askJobId(ask: AskInput, title: string): Promise<string | undefined> {
  const value = await ask({
    title,
    prompt: l10n.t('Job id (UUID)'),
    placeHolder: '7f8c1a2b-0000-4000-8000-000000000000',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' || parseJobId(v) ? undefined : l10n.t('A job id is a UUID, e.g. 7f8c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b')),
  });
  return value ? parseJobId(value) : undefined;
}
