// The active server came from workspace settings and the user has not agreed to contact it:
// the refresh loop shows this instead of reading, and nothing is sent.
import { RipTideError } from '../../api';
import type { ServerEntry } from './serverList';

export class ServerNotApprovedError extends RipTideError {
  constructor(readonly server: Pick<ServerEntry, 'origin' | 'settingsFile'>, readonly ignored = false) {
    super(
      ignored
        ? `${server.origin} (named in ${server.settingsFile}) is ignored, as you chose: switch to another server, or revoke that choice with "RipTide: Manage Server Approvals"`
        : `${server.origin} is named in ${server.settingsFile}; it is not contacted until you allow it ("RipTide: Review Workspace Server")`,
    );
  }
}
