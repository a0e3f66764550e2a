// Hover on a schedule's cron expression: what it means in words, its next runs (UTC) and the
// form the RipTide server wants.
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { TextTooltip } from '../text';
import { analyzeDocument, jobFileKind, toRange } from './diagnostics';

export class CronHover implements vscode.HoverProvider {
  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (jobFileKind(doc) !== 'schedule') return undefined; // only schedules have cron expressions
    for (const entry of analyzeDocument(doc).entries) {
      const cron = entry.cron;
      if (!cron) continue;
      const range = toRange(cron.range);
      if (!range.contains(position)) continue;
      const md = new TextTooltip().heading(cron.description).text(` ${vscode.l10n.t('(UTC)')}`).paragraph().text(vscode.l10n.t('Next runs:'));
      for (const run of cron.nextRuns) md.bullet(run.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'));
      if (cron.nextRuns.length === 0) md.bullet(vscode.l10n.t('none: the expression matches no future time'));
      md.paragraph().text(
        cron.dialect === 'server'
          ? vscode.l10n.t("Read as the RipTide server's cron: weekdays 1 = Sunday to 7 = Saturday; a restricted day of month and weekday must both match.")
          : vscode.l10n.t('Read as classic cron: weekdays 0 or 7 = Sunday; when both day fields are restricted, either one matches.'),
      );
      if (cron.serverExpression === undefined) {
        md.paragraph().text(vscode.l10n.t("It has no equivalent in the RipTide server's dialect (see the problem on it)."));
      } else if (cron.serverExpression !== cron.expression.trim()) {
        md.paragraph().text(
          readSettings().cronDialect === 'server'
            ? vscode.l10n.t("The RipTide server's form: {0} (it is sent in that form).", cron.serverExpression)
            : vscode.l10n.t("The RipTide server's form: {0}", cron.serverExpression),
        );
      }
      return new vscode.Hover(md.markdown, range);
    }
    return undefined;
  }
}
