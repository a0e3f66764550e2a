// One read to see whether a server answers, and whether it takes the key: what "Add Server…"
// and "Set API Key" use before they tell the user anything.
import { ApiError, errorMessage, WorkersClient } from '../../api';

export type ProbeOutcome =
  | { kind: 'ok' }
  /** The server answered 401 or 403: a key is missing or refused. */
  | { kind: 'refused'; status: number }
  | { kind: 'failed'; reason: string };

export async function probeServer(url: string, apiKey: string | undefined, timeoutMs = 10_000): Promise<ProbeOutcome> {
  let client: WorkersClient;
  try {
    client = new WorkersClient({ baseUrl: url, apiKey, getRetries: 0, timeoutMs });
  } catch (err) {
    return { kind: 'failed', reason: errorMessage(err) };
  }
  try {
    await client.getQueueStats();
    return { kind: 'ok' };
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return { kind: 'refused', status: err.status };
    return { kind: 'failed', reason: errorMessage(err) };
  } finally {
    await client.close();
  }
}
