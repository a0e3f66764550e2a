// Localisation of the contributions: every user-visible text in package.json is a `%key%` with its
// English text in package.nls.json, so a translator adds package.nls.<language>.json and nothing else.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

const PLACEHOLDER = /^%([^%]+)%$/;
/** The fields of a contribution that VS Code shows to the user (command titles, view names, welcome content, setting docs…). */
const USER_VISIBLE_FIELDS = new Set([
  'title', 'shortTitle', 'category', 'name', 'contextualTitle', 'contents', 'label', 'displayName', 'altText',
  'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions',
  'deprecationMessage', 'markdownDeprecationMessage', 'errorMessage',
]);

interface Text { where: string; value: string }

/** Every string in a user-visible field below `node`, with its JSON path. */
function userVisibleTexts(node: unknown, where: string, visible = false): Text[] {
  if (typeof node === 'string') return visible ? [{ where, value: node }] : [];
  if (Array.isArray(node)) return node.flatMap((item, i) => userVisibleTexts(item, `${where}[${i}]`, visible));
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => userVisibleTexts(value, `${where}.${key}`, USER_VISIBLE_FIELDS.has(key)));
  }
  return [];
}

/** A package.nls file's entries, each either a string or `{ message, comment }`. */
function nlsMessages(file: string): Map<string, string> {
  const entries = readJson(file) as Record<string, string | { message: string; comment?: string[] }>;
  return new Map(Object.entries(entries).map(([key, entry]) => [key, typeof entry === 'string' ? entry : entry.message]));
}

const manifest = readJson('package.json') as { displayName: string; description: string; contributes: unknown };
const manifestTexts = [
  { where: 'displayName', value: manifest.displayName },
  { where: 'description', value: manifest.description },
  ...userVisibleTexts(manifest.contributes, 'contributes'),
];
const english = nlsMessages('package.nls.json');

describe('localisation of package.json', () => {
  it('finds the contributions it checks', () => {
    assert.ok(manifestTexts.length > 50, `only ${manifestTexts.length} user-visible texts found`);
    assert.ok(manifestTexts.some((t) => t.where.startsWith('contributes.commands[')));
    assert.ok(manifestTexts.some((t) => t.where.startsWith('contributes.viewsWelcome[')));
  });

  it('writes every user-visible text as a %key% placeholder', () => {
    const literal = manifestTexts.filter((t) => !PLACEHOLDER.test(t.value)).map((t) => `${t.where}: ${JSON.stringify(t.value)}`);
    assert.deepEqual(literal, [], 'put the English text in package.nls.json and reference it as "%key%"');
  });

  it('has an English entry in package.nls.json for every %key%', () => {
    const missing = manifestTexts.flatMap((t) => {
      const key = PLACEHOLDER.exec(t.value)?.[1];
      return key !== undefined && !english.has(key) ? [`${t.where}: %${key}%`] : [];
    });
    assert.deepEqual(missing, []);
  });

  it('keeps no package.nls.json entry that package.json does not use', () => {
    const used = new Set(manifestTexts.map((t) => PLACEHOLDER.exec(t.value)?.[1]));
    assert.deepEqual([...english.keys()].filter((key) => !used.has(key)), []);
  });

  it('keeps every translation of package.nls.json to keys the English one has', () => {
    const translations = fs.readdirSync(root).filter((f) => /^package\.nls\.[^.]+\.json$/.test(f));
    for (const file of translations) {
      assert.deepEqual([...nlsMessages(file).keys()].filter((key) => !english.has(key)), [], file);
    }
  });
});
