// Hover on a schedule's cron expression: what it means in words, its next runs (UTC) and the
// form the RipTide server wants.
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { analyzeDocument, jobFileKind, toRange } from './diagnostics';

export class CronHover implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (jobFileKind(doc) !== 'schedule') return undefined; // only schedules have cron expressions
    for (const entry of analyzeDocument(doc).entries) {
      const cron = entry.cron;
      if (!cron) continue;
      const range = toRange(cron.range);
      if (!range.contains(position)) continue;
      const md = new vscode.MarkdownString();
      md.appendMarkdown('**');
      md.appendText(cron.description);
      md.appendMarkdown(`** ${vscode.l10n.t('(UTC)')}\n\n${vscode.l10n.t('Next runs:')}\n`);
      for (const run of cron.nextRuns) md.appendMarkdown(`- ${run.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}\n`);
      if (cron.nextRuns.length === 0) md.appendMarkdown(`- ${vscode.l10n.t('none: the expression matches no future time')}\n`);
      md.appendMarkdown('\n');
      md.appendText(
        cron.dialect === 'server'
          ? vscode.l10n.t("Read as the RipTide server's cron: weekdays 1 = Sunday to 7 = Saturday; a restricted day of month and weekday must both match.")
          : vscode.l10n.t('Read as classic cron: weekdays 0 or 7 = Sunday; when both day fields are restricted, either one matches.'),
      );
      if (cron.serverExpression === undefined) {
        md.appendMarkdown('\n\n');
        md.appendText(vscode.l10n.t("It has no equivalent in the RipTide server's dialect (see the problem on it)."));
      } else if (cron.serverExpression !== cron.expression.trim()) {
        md.appendMarkdown('\n\n');
        md.appendText(
          readSettings().cronDialect === 'server'
            ? vscode.l10n.t("The RipTide server's form: {0} (it is sent in that form).", cron.serverExpression)
            : vscode.l10n.t("The RipTide server's form: {0}", cron.serverExpression),
        );
      }
      return new vscode.Hover(md, range);
    }
    return undefined;
  }
}
