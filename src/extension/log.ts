// The extension's log (RipTide: Show Log). Never given an API key.
import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('RipTide', { log: true });
  return channel;
}
