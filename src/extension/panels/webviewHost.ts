// What both panels share on the extension side: webview options limited to the bundle, the page
// set once, a typed, recorded postMessage (tests read what a panel posted), and the life of a
// panel that reads on the refresher's ticks.
import * as vscode from 'vscode';
import type { QueueStats, WorkersClient } from '../../api';
import type { Refresher, RefreshSnapshot, RefreshTask } from '../../core/refresh/refresher';
import { pageHtml } from '../../core/panels/webviewHtml';

/** dist/webview: the only folder the webviews may load from. */
export function bundleDir(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [bundleDir(extensionUri)] };
}

/** Sets the options and the page once; `entry` is the bundle name (job, dashboard). */
export function initWebview(webview: vscode.Webview, extensionUri: vscode.Uri, entry: 'job' | 'dashboard', title: string): void {
  webview.options = webviewOptions(extensionUri);
  const dir = bundleDir(extensionUri);
  webview.html = pageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dir, `${entry}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dir, `${entry}.css`)).toString(),
    codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(dir, 'codicon.css')).toString(),
    title,
    language: vscode.env.language,
    l10nBundle: vscode.l10n.bundle,
  });
}

/** Posts typed messages to a webview and keeps the last ones for tests. */
export class Poster<T extends { type: string }> {
  readonly posted: T[] = [];
  private closed = false;

  constructor(private readonly webview: () => vscode.Webview, private readonly keep = 200) {}

  /** The panel closed: its webview throws when touched, so posts from now on do nothing. */
  close(): void {
    this.closed = true;
  }

  post(message: T): void {
    if (this.closed) return;
    this.posted.push(message);
    if (this.posted.length > this.keep) this.posted.splice(0, this.posted.length - this.keep);
    // A hidden webview drops messages; it asks again with 'ready' when it comes back.
    void this.webview().postMessage(message).then(undefined, () => undefined);
  }

  /** The last message of a type, if any. */
  last<K extends T['type']>(type: K): Extract<T, { type: K }> | undefined {
    for (let i = this.posted.length - 1; i >= 0; i--) {
      if (this.posted[i].type === type) return this.posted[i] as Extract<T, { type: K }>;
    }
    return undefined;
  }
}

/**
 * A panel that reads on the refresher's ticks: registered as a task while open, woken when it
 * shows, its reads stopped and its posts dropped once closed.
 */
export abstract class RefreshedPanel<Out extends { type: string }, In> implements RefreshTask, vscode.Disposable {
  /** An open panel's reads come before a view's when the request budget is short. */
  readonly want = 2;
  readonly poster: Poster<Out>;
  /** A read is asked for (on opening, "refresh"): the next tick runs this task even while hidden. */
  protected readWanted = true;
  /** Aborted on close: reads in flight stop, and nothing is posted to the disposed webview. */
  protected readonly abort = new AbortController();
  protected readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  constructor(
    readonly id: string,
    readonly panel: vscode.WebviewPanel,
    protected readonly refresher: Refresher,
    page: { extensionUri: vscode.Uri; entry: 'job' | 'dashboard'; title: string },
  ) {
    this.poster = new Poster(() => panel.webview);
    initWebview(panel.webview, page.extensionUri, page.entry, page.title);
    this.disposables.push(
      refresher.register(this),
      panel.webview.onDidReceiveMessage((m: In) => void this.handleMessage(m)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible && this.isActive()) refresher.wake();
      }),
      refresher.onDidRefresh((s) => this.onRefreshed(s)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  abstract isActive(): boolean;
  abstract run(client: WorkersClient, stats: QueueStats, signal: AbortSignal): Promise<void>;
  /** What the webview asked for (public so tests can act as the webview). */
  abstract handleMessage(message: In): Promise<void>;
  /** A tick ended (online or not). */
  protected abstract onRefreshed(snapshot: RefreshSnapshot): void;

  protected get closed(): boolean {
    return this.abort.signal.aborted;
  }

  /** Reads now, on a tick of the refresher (the status bar and views get the same tick); resolves when it is done. */
  refresh(): Promise<void> {
    this.readWanted = true;
    return this.refresher.refreshNow();
  }

  dispose(): void {
    this.abort.abort();
    this.poster.close();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.disposed.fire();
    this.disposed.dispose();
  }
}
