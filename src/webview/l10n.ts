// The display language in a webview: the host puts the bundle VS Code loaded for it in
// <main data-l10n> (none in English); @vscode/l10n is configured with it before anything renders,
// so the shared labels (status words, durations) come out in the same language as the host's.
import * as l10n from '@vscode/l10n';

export function configureL10n(): void {
  const bundle = document.getElementById('app')?.dataset.l10n;
  if (bundle) l10n.config({ contents: JSON.parse(bundle) as Record<string, string> });
}
