// The extension's log (RipTide: Show Log). Every line passes through the one redaction function,
// so neither the key in use nor any credential header value a server echoed is ever written, and
// through plainLine, so server text with line breaks or control characters cannot forge lines.
import * as vscode from 'vscode';
import { redactSecrets } from '../api';
import { plainLine } from '../core/serverText';

export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  show(): void;
}

let channel: vscode.LogOutputChannel | undefined;
/** Every key used in this session: a request made with a replaced key may still fail and be logged. */
const secrets = new Set<string>();

const clean = (message: string) => plainLine(redactSecrets(message, [...secrets]));

const redactingLog: Log = {
  info: (m) => output().info(clean(m)),
  warn: (m) => output().warn(clean(m)),
  error: (m) => output().error(clean(m)),
  show: () => output().show(),
};

function output(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('RipTide', { log: true });
  return channel;
}

export function log(): Log {
  return redactingLog;
}

/** A key taken into use (from secret storage): hidden in every later line. */
export function hideInLog(key: string | undefined): void {
  if (key) secrets.add(key);
}
