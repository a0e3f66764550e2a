// Server text is text: every string a server sent (job names, types, errors, metadata, titles,
// schedule names), and any setting a workspace wrote, goes through one of these before VS Code
// shows it. Each function is for one kind of place, because each place renders something:
// notifications turn `[x](command:...)` into a link, quick picks, tree items and the status bar
// turn `$(name)` into an icon, hovers render Markdown. Nothing here adds a backslash (a Markdown
// escape shown as text would show the backslash): a zero-width space breaks the syntax instead,
// so the text reads the same and means nothing.

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Characters that rewrite what is around them rather than show: C0/C1 controls except tab, and
 * the bidirectional overrides and isolates (which can make `exe.txt` read as `txt.exe`).
 */
const INVISIBLE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085]/g;

/** Text for the log and other plain-text places: controls dropped, line breaks kept. */
export function plainText(value: unknown): string {
  return String(value ?? '').replace(LINE_BREAKS, '\n').replace(INVISIBLE_CONTROLS, '');
}

/** One line of plain text: line breaks and tabs become spaces. */
export function plainLine(value: unknown): string {
  return plainText(value).replace(/[\n\t]+/g, ' ');
}

/**
 * For places that render `$(icon)`: quick-pick labels, descriptions and details, tree labels and
 * descriptions, the status bar. One line; `$(` is broken so no icon (and no spin) appears.
 */
export function labelText(value: unknown): string {
  return plainLine(value).replace(/\$\(/g, `$${ZERO_WIDTH_SPACE}(`);
}

/**
 * For notification messages (showInformationMessage and friends, progress titles): VS Code turns
 * `[label](https://...)`, `[label](command:...)` and `[label](file:...)` into links there, and a
 * link's optional title can swallow the rest of the message. Every `](` is broken, so no link
 * can form; the text shows as written. One line, as notifications show it.
 */
export function notificationText(value: unknown): string {
  return plainLine(value).replace(/\]\(/g, `]${ZERO_WIDTH_SPACE}(`);
}

/**
 * For text appended to a Markdown hover with `appendText` (which escapes Markdown syntax): bare
 * URLs and `www.` names would still become links there, so they are broken too. Line breaks kept.
 */
export function hoverText(value: unknown): string {
  return plainText(value)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`)
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}
