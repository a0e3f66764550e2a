// Numbers and times, written one way wherever they show (views, status bar, notifications,
// webviews). No `vscode` and no Node modules: the webviews bundle this too.
import * as l10n from '@vscode/l10n';

/** "20,000": thousands grouped the same way everywhere, whatever the machine's locale. */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "2025-01-15 10:00:05 UTC"; what it was given when that is not a time. */
export function formatTimestamp(value: string | Date): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? String(value) : l10n.t('{0} UTC', d.toISOString().slice(0, 19).replace('T', ' '));
}

/** "10:00:05 UTC": a time of day, for "updated …" and chart axes. */
export function formatClock(value: string | number | Date): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '—' : l10n.t('{0} UTC', d.toISOString().slice(11, 19));
}
