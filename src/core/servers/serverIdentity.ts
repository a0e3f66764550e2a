// Which server a record belongs to: known jobs and schedules, runs, watched jobs and job panels
// are filed under it. A server's endpoint, not its settings entry (whose URL the user may
// change), except for the built-in local server: it starts on a new port each time but keeps
// the same data file, so its jobs are the same server's jobs after every restart.
import { serverKey } from '../trace/jobSources';
import type { ServerEntry } from './serverList';

/** The local server's identity; never a URL, so no other server's key can equal it. */
export const LOCAL_SERVER_IDENTITY = 'local-server';

export function serverIdentity(server: Pick<ServerEntry, 'source' | 'url'>): string {
  return server.source === 'local' ? LOCAL_SERVER_IDENTITY : serverKey(server.url);
}
