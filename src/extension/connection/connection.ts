// Which server the extension talks to and with which key: the one WorkersClient, rebuilt when
// the active server, its approval or its key changes. The key is the one stored for the active
// server's origin, so switching servers or changing a URL never carries a key elsewhere; a
// server named by workspace settings is not contacted at all until the user agrees.
import * as vscode from 'vscode';
import { errorMessage, WorkersClient } from '../../api';
import { ServerNotApprovedError } from '../../core/servers/notApproved';
import { serverIdentity } from '../../core/servers/serverIdentity';
import { SERVER_URL_ID, type Access, type CronDialect, type ServerEntry } from '../../core/servers/serverList';
import { log } from '../log';
import type { ApiKeys } from './apiKeys';
import type { ServerRegistry } from './servers';

interface InUse {
  server: ServerEntry;
  access: Access;
  /** The key the client sends: the one stored for server.origin, when access allows one. */
  key: string | undefined;
}

/** The client and identity of one server, kept for a piece of work that must stay on it. */
export interface ServerLease {
  readonly client: WorkersClient;
  /** serverIdentity() of its server: what records of this work are filed under. */
  readonly server: string;
  /** The work is done: the client is closed if another server is in use by now. */
  release(): void;
}

export class Connection implements vscode.Disposable {
  private current: WorkersClient | undefined;
  /** Clients in use by leases, and how many: one replaced meanwhile is closed when the last ends. */
  private readonly leased = new Map<WorkersClient, number>();
  private inUse: InUse;
  /** Counts updates, so a slow key read never applies after a newer change. */
  private updates = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the client was replaced (another server, URL, approval or key). */
  readonly onDidChange = this.changed.event;

  constructor(readonly servers: ServerRegistry, readonly keys: ApiKeys) {
    const server = servers.active;
    this.inUse = { server, access: servers.accessOf(server), key: undefined };
    this.disposables.push(
      servers.onDidChange(() => void this.update()),
      keys.onDidChange((origin) => origin === this.inUse.server.origin && void this.update()),
    );
  }

  /**
   * Reads the active server's key (after activation returned); a client made before that is
   * replaced. The first time, the single key of earlier versions is kept for the server in use
   * then: the user's own serverUrl, never one a workspace named.
   */
  async load(): Promise<void> {
    const inUse = this.servers.active;
    const origin = inUse.source === 'workspace' || inUse.source === 'local' ? this.servers.servers.find((s) => s.id === SERVER_URL_ID)?.origin : inUse.origin;
    await this.keys.migrateLegacyKey(origin || undefined);
    await this.keys.preload();
    await this.update();
  }

  /** The server in use (its URL, name, dialect). */
  get server(): ServerEntry {
    return this.inUse.server;
  }

  get serverUrl(): string {
    return this.inUse.server.url;
  }

  /** What records of the server in use are filed under (see serverIdentity). */
  get serverIdentity(): string {
    return serverIdentity(this.inUse.server);
  }

  get access(): Access {
    return this.inUse.access;
  }

  get usingLocalServer(): boolean {
    return this.inUse.server.source === 'local';
  }

  /** A key is sent to the server in use. */
  get hasApiKey(): boolean {
    return this.inUse.key !== undefined;
  }

  /** The server's cron dialect when its entry names one. */
  get cronDialect(): CronDialect | undefined {
    return this.inUse.server.cronDialect;
  }

  /** Throws ServerNotApprovedError (nothing is sent) while the user has not agreed to the server. */
  get client(): WorkersClient {
    const { server, access, key } = this.inUse;
    if (!access.contact) throw new ServerNotApprovedError(server, access.reason === 'ignored');
    if (!this.current) {
      try {
        this.current = new WorkersClient({ baseUrl: server.url, apiKey: key });
      } catch (err) {
        // An unusable URL: the refresh loop shows the reason where the figures would be.
        log().warn(`Invalid server URL: ${errorMessage(err)}`);
        throw err;
      }
    }
    return this.current;
  }

  /**
   * The client and identity of the server in use, for work that must end on the server it began
   * on (a file's jobs may take minutes to send under a rate limit): choosing another server
   * meanwhile neither sends the rest there nor closes this client until it is released.
   * Throws as `client` does.
   */
  lease(): ServerLease {
    const client = this.client;
    this.leased.set(client, (this.leased.get(client) ?? 0) + 1);
    let released = false;
    return {
      client,
      server: this.serverIdentity,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.leased.get(client) ?? 1) - 1;
        if (left > 0) return void this.leased.set(client, left);
        this.leased.delete(client);
        if (client !== this.current) void client.close();
      },
    };
  }

  /** Stores (or clears) the key of the server in use, for its origin only. */
  async setApiKey(key: string | undefined): Promise<void> {
    await this.keys.set(this.inUse.server.origin, key);
    await this.update();
  }

  /**
   * Brings the client in line with the active server, its approval and its key: at once when
   * the key is known (read before, or none stored), else once it is read.
   */
  update(): Promise<void> {
    const update = ++this.updates;
    const server = this.servers.active;
    const access = this.servers.accessOf(server);
    if (!(access.contact && access.sendKey)) return Promise.resolve(this.apply({ server, access, key: undefined }));
    const known = this.keys.peek(server.origin);
    if (known) return Promise.resolve(this.apply({ server, access, key: known.key }));
    return this.keys.get(server.origin).then((key) => {
      if (update === this.updates) this.apply({ server, access, key }); // else a later change won
    });
  }

  private apply(next: InUse): void {
    if (JSON.stringify([next.server, next.access]) === JSON.stringify([this.inUse.server, this.inUse.access]) && next.key === this.inUse.key) return;
    this.inUse = next;
    const old = this.current;
    this.current = undefined;
    if (old && !this.leased.has(old)) void old.close(); // a leased one is closed when released
    this.changed.fire();
  }

  dispose(): void {
    void this.current?.close();
    for (const client of this.leased.keys()) if (client !== this.current) void client.close();
    this.disposables.forEach((d) => d.dispose());
    this.changed.dispose();
  }
}
