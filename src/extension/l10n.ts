// The display language for the vscode-free layers (src/core, src/common, src/api, src/jobfiles):
// they translate with @vscode/l10n, which reads the same bundle VS Code loaded for this
// extension (media/l10n/bundle.l10n.<language>.json). Nothing to do in English: the texts in the
// code are the English ones.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { setCronLanguage } from '../api/cron';

export function configureL10n(): void {
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  // Cron meanings in words (hover, CodeLens, Schedules view) come from cronstrue's own locales.
  setCronLanguage(vscode.env.language);
}
