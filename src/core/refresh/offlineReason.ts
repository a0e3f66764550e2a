// Why RipTide is offline, as one word a `when` clause can test. The views' welcome content is
// static text in package.json, and a TreeView message would hide it, so the reason reaches the
// welcome content through the `riptide.offlineReason` context key.
import { ApiError, TimeoutError, UnreachableError } from '../../api';
import type { RefreshSnapshot } from './refresher';
import { ServerNotApprovedError } from '../servers/notApproved';

export type OfflineReason = 'none' | 'refused' | 'notFound' | 'timeout' | 'httpError' | 'unauthorized' | 'notApproved' | 'other';

export function offlineReason(snapshot: Pick<RefreshSnapshot, 'state' | 'error'>): OfflineReason {
  // Rate-limited is not offline: the welcome content tests riptide.connection for it.
  if (snapshot.state === 'online' || snapshot.state === 'connecting' || snapshot.state === 'rateLimited') return 'none';
  if (snapshot.state === 'unauthorized') return 'unauthorized';
  const error = snapshot.error;
  if (error instanceof ServerNotApprovedError) return 'notApproved';
  if (error instanceof UnreachableError) {
    if (error.code === 'ECONNREFUSED') return 'refused';
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return 'notFound';
    return 'other';
  }
  if (error instanceof TimeoutError) return 'timeout';
  if (error instanceof ApiError) return 'httpError';
  return 'other';
}
