// The servers to switch between and which one is active: built from the settings (see
// core/servers/serverList.ts), the choice remembered per workspace, the local server while it
// runs, and the user's answers about servers that workspace settings name, remembered per origin.
import * as vscode from 'vscode';
import {
  accessFor,
  activeServer,
  buildServerList,
  LOCAL_SERVER_ID,
  userOrigins,
  type Access,
  type Approval,
  type ServerEntry,
  type ServerSettingsInput,
} from '../../core/servers/serverList';

const ACTIVE_STATE = 'riptide.activeServer';
const APPROVALS_STATE = 'riptide.serverApprovals';

export class ServerRegistry implements vscode.Disposable {
  private localServerUrl: string | undefined;
  /** The local server is in use: it was started, or chosen, since. */
  private localChosen = false;
  private all: ServerEntry[] = [];
  private skipped: string[] = [];
  private signature = '';
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the list, the active server or an approval changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly workspaceState: vscode.Memento, private readonly globalState: vscode.Memento) {
    this.rebuild();
  }

  /** The servers that can be chosen (a workspace's server the user chose to ignore is left out). */
  get servers(): ServerEntry[] {
    return this.all.filter((s) => {
      const access = this.accessOf(s);
      return access.contact || access.reason !== 'ignored';
    });
  }

  /** Entries of the settings that were skipped, each saying why. */
  get problems(): readonly string[] {
    return this.skipped;
  }

  get active(): ServerEntry {
    const chosen = this.localChosen && this.localServerUrl ? LOCAL_SERVER_ID : this.workspaceState.get<string>(ACTIVE_STATE);
    return activeServer(this.servers, chosen);
  }

  /** Whether `server` may be contacted, and with its key. */
  accessOf(server: ServerEntry = this.active): Access {
    return accessFor(server, this.approvals(), userOrigins(this.all));
  }

  /** Makes `id` the active server of this workspace. */
  async choose(id: string): Promise<void> {
    this.localChosen = id === LOCAL_SERVER_ID;
    if (id !== LOCAL_SERVER_ID) await this.workspaceState.update(ACTIVE_STATE, id);
    this.fireIfChanged(true);
  }

  /** The local server started (it becomes the active one) or stopped (the previous one is back). */
  setLocalServerUrl(url: string | undefined): void {
    this.localServerUrl = url;
    this.localChosen = url !== undefined;
    this.rebuild();
  }

  /** Settings or workspace trust changed. */
  reload(): void {
    this.rebuild();
  }

  approvals(): Map<string, Approval> {
    return new Map(Object.entries(this.globalState.get<Record<string, Approval>>(APPROVALS_STATE, {})));
  }

  async approve(origin: string, approval: Approval): Promise<void> {
    await this.globalState.update(APPROVALS_STATE, { ...Object.fromEntries(this.approvals()), [origin]: approval });
    this.fireIfChanged(true);
  }

  /** Forgets the answers for these origins: their servers are asked about again. */
  async forget(origins: readonly string[]): Promise<void> {
    const approvals = this.approvals();
    for (const origin of origins) approvals.delete(origin);
    await this.globalState.update(APPROVALS_STATE, Object.fromEntries(approvals));
    this.fireIfChanged(true);
  }

  dispose(): void {
    this.changed.dispose();
  }

  private rebuild(): void {
    const list = buildServerList(readServerSettings(this.localServerUrl));
    this.all = list.servers;
    this.skipped = list.problems;
    this.fireIfChanged(false);
  }

  /** Fires when what the connection depends on moved (or always, after a user's choice). */
  private fireIfChanged(always: boolean): void {
    const active = this.active;
    const signature = JSON.stringify([this.all, this.skipped, active.id, active.url, this.accessOf(active)]);
    if (!always && signature === this.signature) return;
    this.signature = signature;
    this.changed.fire();
  }
}

/**
 * The settings the list is built from. Workspace values count only in a trusted workspace:
 * in Restricted Mode a workspace cannot name servers at all.
 */
function readServerSettings(localServerUrl: string | undefined): ServerSettingsInput {
  const config = vscode.workspace.getConfiguration('riptide');
  const url = config.inspect<unknown>('serverUrl');
  const list = config.inspect<unknown>('servers');
  const trusted = vscode.workspace.isTrusted;
  const file = workspaceSettingsFile();
  return {
    userServers: list?.globalValue,
    workspaceServers: trusted && list?.workspaceValue !== undefined ? { value: list.workspaceValue, file } : undefined,
    userServerUrl: typeof url?.globalValue === 'string' ? url.globalValue : undefined,
    workspaceServerUrl: trusted && typeof url?.workspaceValue === 'string' ? { value: url.workspaceValue, file } : undefined,
    defaultServerUrl: typeof url?.defaultValue === 'string' ? url.defaultValue : 'http://localhost:8080',
    localServerUrl,
  };
}

/** The file that holds this workspace's settings, as a path the user can find. */
export function workspaceSettingsFile(): string {
  const file = vscode.workspace.workspaceFile;
  if (file && file.scheme !== 'untitled') return file.scheme === 'file' ? file.fsPath : file.toString(true);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return 'the workspace settings';
  const settings = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
  return settings.scheme === 'file' ? settings.fsPath : settings.toString(true);
}
