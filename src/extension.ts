import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // The extension proper arrives with the shell issue.
}

export function deactivate(): void {}
