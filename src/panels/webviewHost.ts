// What both panels share on the extension side: webview options limited to the bundle, the page
// set once, and a typed, recorded postMessage (tests read what a panel posted).
import * as vscode from 'vscode';
import { pageHtml } from './webviewHtml';

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
