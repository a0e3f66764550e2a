// Server text shown as text: what each helper leaves of hostile strings, checked against the
// patterns VS Code itself renders (the notification link pattern is the workbench's own).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { hoverText, labelText, notificationText, plainLine, plainText } from '../../src/core/serverText';

/** The link pattern of VS Code's notification renderer (parseLinkedText in the workbench). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^\)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** What quick picks, trees and the status bar render as an icon. */
const ICON = /(?<!\\)\$\([a-z0-9-]+(?:~[a-z]+)?\)/gi;
const visible = (s: string) => s.replace(/\u200b/g, '');

describe('server text', () => {
  it('notifications: no command, web or file link forms, whatever the text; it reads the same', () => {
    for (const hostile of [
      'job [x](command:workbench.action.terminal.new)',
      '[click](https://evil.example/?a=b "title that swallows the rest") after',
      '[f](file:///etc/passwd)',
      '[[nested]](command:a)](command:b)',
      '[x](COMMAND:riptide.clearApiKey)',
    ]) {
      const shown = notificationText(hostile);
      assert.equal(shown.match(NOTIFICATION_LINK), null, shown);
      assert.equal(visible(shown), hostile);
      assert.ok(!shown.includes('\\'), 'no backslash added');
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('[', ']', '(', ')', 'x', ' ', '"', 'command:', 'https://', '\n') }), (s) => {
        assert.equal(notificationText(s).match(NOTIFICATION_LINK), null);
      }),
    );
  });

  it('labels: no icon syntax survives, and it reads the same', () => {
    const shown = labelText('$(alert) $(sync~spin)job');
    assert.equal(shown.match(ICON), null);
    assert.equal(visible(shown), '$(alert) $(sync~spin)job');
  });

  it('drops controls and bidi overrides; plainLine makes one line, plainText keeps the breaks', () => {
    assert.equal(plainText('a\u202eb\u0007c\r\nd'), 'abc\nd');
    assert.equal(plainLine('a\nb\tc'), 'a b c');
    assert.equal(plainText(undefined), '');
  });

  it('hovers: bare URLs, www. names and e-mail addresses cannot autolink', () => {
    const shown = hoverText('see https://evil.example and www.evil.example or me@evil.example');
    assert.doesNotMatch(shown, /https:\/\//);
    assert.doesNotMatch(shown, /www\./);
    assert.doesNotMatch(shown, /me@e/);
    assert.equal(visible(shown), 'see https://evil.example and www.evil.example or me@evil.example');
  });
});

describe('server text: one helper for every notification and hover', () => {
  it('src/extension shows notifications, progress and Markdown only through src/extension/text.ts', () => {
    const root = path.join(__dirname, '..', '..', '..', 'src', 'extension');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && full !== path.join(root, 'text.ts')) {
          fs.readFileSync(full, 'utf8').split('\n').forEach((line, i) => {
            if (/window\.show(Error|Warning|Information)Message|window\.withProgress|new vscode\.MarkdownString|appendMarkdown/.test(line)) {
              offenders.push(`${path.relative(root, full)}:${i + 1}: ${line.trim()}`);
            }
          });
        }
      }
    };
    walk(root);
    assert.deepEqual(offenders, []);
  });
});
