// The one HTML page both panels start from: a strict CSP with a fresh nonce, the bundled script
// and its stylesheet after the codicons', and an empty <main> the script fills. Set once; updates come by message.
// <main data-l10n> carries the display language's bundle: the script configures @vscode/l10n with it before it renders.
import { randomBytes } from 'node:crypto';
import * as l10n from '@vscode/l10n';

export interface PageResources {
  /** webview.cspSource */
  cspSource: string;
  /** asWebviewUri of dist/webview/<entry>.js and .css */
  scriptUri: string;
  styleUri: string;
  /** asWebviewUri of dist/webview/codicon.css (it loads codicon.ttf beside it: font-src). */
  codiconUri: string;
  title: string;
  /** The display language (`vscode.env.language`), for the page's `lang`. */
  language?: string;
  /** The bundle VS Code loaded for that language (`vscode.l10n.bundle`); none in English. */
  l10nBundle?: Record<string, string>;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

export function pageHtml(r: PageResources, nonce = newNonce()): string {
  const csp = [
    "default-src 'none'",
    `style-src ${r.cspSource}`,
    `font-src ${r.cspSource}`,
    `img-src ${r.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${attr(r.language ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(r.codiconUri)}">
<link rel="stylesheet" href="${attr(r.styleUri)}">
<title>${text(r.title)}</title>
</head>
<body>
<main id="app" aria-live="polite"${r.l10nBundle ? ` data-l10n="${attr(JSON.stringify(r.l10nBundle))}"` : ''}><p class="muted">${text(l10n.t('Loading…'))}</p></main>
<script nonce="${nonce}" src="${attr(r.scriptUri)}"></script>
</body>
</html>`;
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;');
}
