// The extension's settings under `riptide.`: read once per change (they are asked for on every
// tick, request and cursor move), so changes still apply at once.
import * as vscode from 'vscode';

export interface Settings {
  serverUrl: string;
  pollIntervalSeconds: number;
  requestBudgetPerMinute: number;
  pageSize: number;
  statusBarEnabled: boolean;
  failedThreshold: number;
  notifyOnFailure: boolean;
  notifyOnSuccess: boolean;
  /** The server in use's dialect when its entry names one, else the `riptide.cronDialect` setting. */
  cronDialect: 'server' | 'classic';
}

export const MIN_POLL_INTERVAL_SECONDS = 1;

let serverCronDialect: () => Settings['cronDialect'] | undefined = () => undefined;
let serverBudget: () => number | undefined = () => undefined;

/**
 * The server in use may name its own cron dialect and request budget (its `riptide.servers`
 * entry), which then win over `riptide.cronDialect` and `riptide.requestBudgetPerMinute`.
 */
export function useServerSettings(source: { cronDialect: () => Settings['cronDialect'] | undefined; requestsPerMinute: () => number | undefined }): void {
  serverCronDialect = source.cronDialect;
  serverBudget = source.requestsPerMinute;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Number.isFinite(n) ? n : lo));

/** What the settings say, before the server in use's entry has its say (its budget and dialect). */
let configured: Settings | undefined;
// Registered when this module loads, before activation registers any other listener, so every
// listener of a change reads the new values.
vscode.workspace.onDidChangeConfiguration((e) => {
  if (e.affectsConfiguration('riptide')) configured = undefined;
});

function readConfigured(): Settings {
  const c = vscode.workspace.getConfiguration('riptide');
  return {
    serverUrl: (c.get<string>('serverUrl') || 'http://localhost:8080').trim(),
    pollIntervalSeconds: clamp(c.get<number>('pollIntervalSeconds', 3), MIN_POLL_INTERVAL_SECONDS, 300),
    requestBudgetPerMinute: c.get<number>('requestBudgetPerMinute', 60),
    pageSize: Math.round(clamp(c.get<number>('pageSize', 50), 10, 500)),
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true),
    failedThreshold: Math.max(0, c.get<number>('statusBar.failedThreshold', 1)),
    notifyOnFailure: c.get<boolean>('notifications.onFailure', true),
    notifyOnSuccess: c.get<boolean>('notifications.onSuccess', false),
    cronDialect: c.get<string>('cronDialect') === 'classic' ? 'classic' : 'server',
  };
}

export function readSettings(): Settings {
  const c = (configured ??= readConfigured());
  return {
    ...c,
    requestBudgetPerMinute: Math.round(clamp(serverBudget() ?? c.requestBudgetPerMinute, 5, 10_000)),
    cronDialect: serverCronDialect() ?? c.cronDialect,
  };
}

/** Fires when any `riptide.` setting changes. */
export function onDidChangeSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('riptide')) listener();
  });
}
