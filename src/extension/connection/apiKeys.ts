// API keys in SecretStorage, one per server origin (scheme, host, port): a key is read for the
// origin a request goes to, so it can only ever be sent where it was stored. The keys are read
// once and cached; another window storing or clearing one updates the cache.
import * as vscode from 'vscode';
import { hideInLog, log } from '../log';

/** Where versions before per-server keys kept the one key. */
const LEGACY_SECRET = 'riptide.apiKey';
const SECRET_PREFIX = 'riptide.apiKey:';
/** The origins that have a key, so commands can list them (SecretStorage cannot be listed). */
const ORIGINS_STATE = 'riptide.apiKeyOrigins';
const MIGRATED_STATE = 'riptide.apiKeyMigrated';

export class ApiKeys implements vscode.Disposable {
  private readonly cache = new Map<string, string | undefined>();
  private readonly reads = new Map<string, Promise<string | undefined>>();
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the origin whose key was stored or cleared (here or in another window). */
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage, private readonly state: vscode.Memento) {
    this.watcher = secrets.onDidChange(async (e) => {
      if (!e.key.startsWith(SECRET_PREFIX)) return;
      const origin = e.key.slice(SECRET_PREFIX.length);
      this.reads.delete(origin);
      const key = (await secrets.get(e.key)) || undefined;
      hideInLog(key);
      if (this.cache.has(origin) && this.cache.get(origin) === key) return;
      this.cache.set(origin, key);
      this.changed.fire(origin);
    });
  }

  /** The key stored for `origin` (read from secret storage once). */
  get(origin: string): Promise<string | undefined> {
    if (!origin) return Promise.resolve(undefined);
    if (this.cache.has(origin)) return Promise.resolve(this.cache.get(origin));
    let read = this.reads.get(origin);
    if (!read) {
      read = Promise.resolve(this.secrets.get(SECRET_PREFIX + origin)).then((key) => {
        hideInLog(key);
        if (!this.cache.has(origin)) this.cache.set(origin, key || undefined);
        return this.cache.get(origin);
      });
      this.reads.set(origin, read);
    }
    return read;
  }

  /**
   * The key of `origin` when known without reading secret storage: read before, or none stored
   * (the origin is not among those with a key). Undefined when it must be read first.
   */
  peek(origin: string): { key: string | undefined } | undefined {
    if (!origin) return { key: undefined };
    if (this.cache.has(origin)) return { key: this.cache.get(origin) };
    return this.storedOrigins().includes(origin) ? undefined : { key: undefined };
  }

  /** Reads every stored key once, so switching between servers needs no wait. */
  async preload(): Promise<void> {
    await Promise.all(this.storedOrigins().map((origin) => this.get(origin)));
  }

  /** Stores (or with undefined, deletes) the key for `origin`. */
  async set(origin: string, key: string | undefined): Promise<void> {
    hideInLog(key);
    if (key) await this.secrets.store(SECRET_PREFIX + origin, key);
    else await this.secrets.delete(SECRET_PREFIX + origin);
    this.cache.set(origin, key || undefined);
    const origins = new Set(this.storedOrigins());
    if (key) origins.add(origin);
    else origins.delete(origin);
    await this.state.update(ORIGINS_STATE, [...origins].sort());
    log().info(key ? `API key for ${origin} stored in secret storage.` : `API key for ${origin} cleared.`);
    this.changed.fire(origin);
  }

  /** Origins that have a key stored from this editor. */
  storedOrigins(): string[] {
    return this.state.get<string[]>(ORIGINS_STATE, []);
  }

  /**
   * Once: the single key of earlier versions becomes the key of `origin` (the server in use at
   * first start). Returns the origin it was bound to, if there was a key.
   */
  async migrateLegacyKey(origin: string | undefined): Promise<string | undefined> {
    if (this.state.get<boolean>(MIGRATED_STATE)) return undefined;
    const legacy = (await this.secrets.get(LEGACY_SECRET)) || undefined;
    hideInLog(legacy);
    let boundTo: string | undefined;
    if (legacy && origin && !(await this.secrets.get(SECRET_PREFIX + origin))) {
      this.cache.delete(origin);
      this.reads.delete(origin);
      await this.set(origin, legacy);
      log().info(`The API key stored by an earlier version now belongs to ${origin} only.`);
      boundTo = origin;
    }
    if (legacy) await this.secrets.delete(LEGACY_SECRET);
    await this.state.update(MIGRATED_STATE, true);
    return boundTo;
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
