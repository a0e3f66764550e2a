// The active server came from workspace settings and the user has not agreed to contact it:
// the refresh loop shows this instead of reading, and nothing is sent.
import * as l10n from '@vscode/l10n';
import { RipTideError } from '../../api';
import type { ServerEntry } from './serverList';

export class ServerNotApprovedError extends RipTideError {
  constructor(readonly server: Pick<ServerEntry, 'origin' | 'settingsFile'>, readonly ignored = false) {
    super(
      ignored
        ? l10n.t('{0} (named in {1}) is ignored, as you chose: switch to another server, or revoke that choice with "RipTide: Manage Server Approvals"', server.origin, server.settingsFile ?? '')
        : l10n.t('{0} is named in {1}; it is not contacted until you allow it ("RipTide: Review Workspace Server")', server.origin, server.settingsFile ?? ''),
    );
  }
}
