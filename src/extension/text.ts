// The one way the extension shows text that may hold server (or workspace) text: notifications
// through notificationText (no links can form), hovers as Markdown that is not trusted, renders no
// HTML and no icons, with every value appended as escaped text (no bare-URL links either), and
// labels through labelText (no icons). test/unit/serverText.test.ts checks that nothing in
// src/extension calls the notification or MarkdownString APIs around this file.
import * as vscode from 'vscode';
import { hoverText, labelText, notificationText, plainLine, plainText } from '../core/serverText';

export { labelText };

export function showErrorText(message: string, ...items: string[]): Thenable<string | undefined> {
  return vscode.window.showErrorMessage(notificationText(message), ...items);
}

export function showWarningText(message: string, ...items: string[]): Thenable<string | undefined> {
  return vscode.window.showWarningMessage(notificationText(message), ...items);
}

export function showInfoText(message: string, ...items: string[]): Thenable<string | undefined> {
  return vscode.window.showInformationMessage(notificationText(message), ...items);
}

/** A modal question (a dialog: it waits for the answer). */
export function askModal(message: string, detail: string, ...items: string[]): Thenable<string | undefined> {
  // A dialog shows the detail's line breaks: only the controls go.
  return vscode.window.showWarningMessage(notificationText(message), { modal: true, detail: plainText(detail) }, ...items);
}

/** A notification with progress; its title and messages may name server text. */
export function withProgressText<T>(
  title: string,
  options: { cancellable?: boolean },
  task: (report: (message: string, increment?: number) => void, token: vscode.CancellationToken) => Thenable<T>,
): Promise<T> {
  // A Promise, not VS Code's Thenable: callers release what the task held with .finally().
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: notificationText(title), cancellable: options.cancellable }, (progress, token) =>
      task((message, increment) => progress.report({ message: notificationText(message), increment }), token),
    ),
  );
}

/** A hover that shows only text: headings are the extension's own words, values are escaped. */
export class TextTooltip {
  readonly markdown = new vscode.MarkdownString('', false);

  /** `commands`: the only commands its own links may run (see commandLink); none by default. */
  constructor(private readonly commands: readonly string[] = []) {
    this.markdown.isTrusted = commands.length > 0 ? { enabledCommands: [...commands] } : false;
    this.markdown.supportHtml = false;
    this.markdown.supportThemeIcons = false;
  }

  /** The extension's own words, in bold (never pass server text here). */
  heading(ownWords: string): this {
    this.markdown.appendMarkdown(`**${ownWords.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&')}**`);
    return this;
  }

  /** Any text (server text included), shown as it is. */
  text(value: string): this {
    this.markdown.appendText(hoverText(value));
    return this;
  }

  /** A paragraph break. */
  paragraph(): this {
    this.markdown.appendMarkdown('\n\n');
    return this;
  }

  /** A link of the extension's own words to one of the commands given to the constructor (no arguments). */
  commandLink(ownWords: string, command: string): this {
    if (!this.commands.includes(command)) return this.text(ownWords); // not enabled here: words only
    this.markdown.appendMarkdown(`[${ownWords.replace(/[\\[\]()]/g, '')}](command:${command})`);
    return this;
  }

  /** A list item of text. */
  bullet(value: string): this {
    this.markdown.appendMarkdown('\n- ');
    return this.text(value);
  }

  /** A line break inside a paragraph. */
  line(): this {
    this.markdown.appendMarkdown('  \n');
    return this;
  }
}

/** Labels in bold, values as plain text, one row a line. */
export function rowsTooltip(rows: ReadonlyArray<readonly [string, string]>): vscode.MarkdownString {
  const tooltip = new TextTooltip();
  rows.forEach(([label, value], i) => {
    if (i > 0) tooltip.line();
    tooltip.heading(`${label}:`).text(' ').text(value);
  });
  return tooltip.markdown;
}

/**
 * Adds, on a line of its own, one link the extension built itself (its text escaped by the
 * caller) to `command`, the only command the hover may then run.
 */
export function appendCommandLink(tooltip: vscode.MarkdownString, ownLink: string, command: string): void {
  tooltip.isTrusted = { enabledCommands: [command] };
  tooltip.appendMarkdown('  \n');
  tooltip.appendMarkdown(ownLink);
}
