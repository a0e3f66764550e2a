// Which server the extension talks to and with which key: the one WorkersClient, rebuilt when
// the URL, the key or the local server changes. The key lives only in SecretStorage.
import * as vscode from 'vscode';
import { errorMessage, WorkersClient } from '../../api';
import { hideInLog, log } from '../log';
import { readSettings } from '../settings';

const API_KEY_SECRET = 'riptide.apiKey';

export class Connection implements vscode.Disposable {
  private current: WorkersClient | undefined;
  private builtFor: string | undefined;
  private apiKey: string | undefined;
  private localServerUrl: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the client was replaced (new URL, key or local server). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Reads the stored key (after activation returned); a client made before that is replaced. */
  async load(): Promise<void> {
    const key = (await this.secrets.get(API_KEY_SECRET)) || undefined;
    if (key === this.apiKey) return;
    this.useKey(key);
    if (this.current) this.rebuild();
  }

  /** The URL in use: the local server while it runs, else the setting. */
  get serverUrl(): string {
    return this.localServerUrl ?? readSettings().serverUrl;
  }

  get usingLocalServer(): boolean {
    return this.localServerUrl !== undefined;
  }

  get hasApiKey(): boolean {
    return this.apiKey !== undefined;
  }

  get client(): WorkersClient {
    if (!this.current) {
      try {
        this.builtFor = this.serverUrl;
        this.current = new WorkersClient({ baseUrl: this.builtFor, apiKey: this.apiKey });
      } catch (err) {
        // An unusable URL: the refresh loop shows the reason where the figures would be.
        log().warn(`Invalid server URL: ${errorMessage(err)}`);
        throw err;
      }
    }
    return this.current;
  }

  async setApiKey(key: string | undefined): Promise<void> {
    if (key) await this.secrets.store(API_KEY_SECRET, key);
    else await this.secrets.delete(API_KEY_SECRET);
    this.useKey(key || undefined);
    log().info(key ? 'API key stored in secret storage.' : 'API key cleared.');
    this.rebuild();
  }

  setLocalServerUrl(url: string | undefined): void {
    this.localServerUrl = url;
    this.rebuild();
  }

  /** Called when settings changed; rebuilds only when the URL in use changed. */
  settingsChanged(): void {
    if (this.builtFor === this.serverUrl) return;
    this.rebuild();
  }

  /** Another window stored or cleared the key. */
  watchSecrets(): vscode.Disposable {
    return this.secrets.onDidChange(async (e) => {
      if (e.key !== API_KEY_SECRET) return;
      const key = (await this.secrets.get(API_KEY_SECRET)) || undefined;
      if (key === this.apiKey) return;
      this.useKey(key);
      this.rebuild();
    });
  }

  private useKey(key: string | undefined): void {
    this.apiKey = key;
    hideInLog(key);
  }

  private rebuild(): void {
    const old = this.current;
    this.current = undefined;
    this.builtFor = undefined;
    void old?.close();
    this.changed.fire();
  }

  dispose(): void {
    void this.current?.close();
    this.changed.dispose();
  }
}
