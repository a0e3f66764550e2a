// Localisation: every user-visible text in package.json is a `%key%` with its English text in
// package.nls.json, and every text in the code goes through l10n.t, exported by @vscode/l10n-dev
// into media/l10n/bundle.l10n.json. A translator adds package.nls.<language>.json and
// media/l10n/bundle.l10n.<language>.json, and nothing else.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { getL10nJson } from '@vscode/l10n-dev';

const root = path.resolve(__dirname, '../../..');
const BUNDLE_DIR = 'media/l10n';
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

const manifest = readJson('package.json') as { displayName: string; description: string; contributes: unknown; capabilities?: unknown };
const manifestTexts = [
  { where: 'displayName', value: manifest.displayName },
  { where: 'description', value: manifest.description },
  ...userVisibleTexts(manifest.contributes, 'contributes'),
  // The workspace-trust editor shows these descriptions.
  ...userVisibleTexts(manifest.capabilities, 'capabilities'),
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

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : /\.ts$/.test(entry.name) ? [full] : [];
  });
}

describe('localisation of the code', () => {
  const bundleFile = path.join(root, BUNDLE_DIR, 'bundle.l10n.json');
  const bundle = JSON.parse(fs.readFileSync(bundleFile, 'utf8')) as Record<string, unknown>;

  it('package.json points VS Code at the bundle folder', () => {
    assert.equal((readJson('package.json') as { l10n?: string }).l10n, `./${BUNDLE_DIR}`);
  });

  it('the committed bundle is what l10n-dev exports from src now (run `npm run l10n`)', async function () {
    this.timeout(120_000); // the export parses with tree-sitter: seconds, more on a busy machine
    // Only the files that translate anything: the export of the others is empty.
    const files = sourceFiles(path.join(root, 'src'))
      .map((file) => ({ contents: fs.readFileSync(file, 'utf8'), extension: '.ts' }))
      .filter((f) => f.contents.includes('l10n.t('));
    const exported = await getL10nJson(files);
    assert.ok(Object.keys(exported).length > 100, 'the export found the texts');
    const missing = Object.keys(exported).filter((key) => !(key in bundle));
    const extra = Object.keys(bundle).filter((key) => !(key in exported));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${BUNDLE_DIR}/bundle.l10n.json is stale: run npm run l10n`);
    assert.deepEqual(bundle, exported);
  });

  it('keeps every translated bundle to keys the English one has', () => {
    const translations = fs.readdirSync(path.join(root, BUNDLE_DIR)).filter((f) => /^bundle\.l10n\.[^.]+\.json$/.test(f));
    for (const file of translations) {
      const keys = Object.keys(JSON.parse(fs.readFileSync(path.join(root, BUNDLE_DIR, file), 'utf8')) as object);
      assert.deepEqual(keys.filter((key) => !(key in bundle)), [], file);
    }
  });

  // A heuristic for the common slips: English text handed straight to the editor's UI.
  const UI_SINK = /(\.(?:showInformationMessage|showWarningMessage|showErrorMessage|setStatusBarMessage)\(\s*|\b(?:title|prompt|placeHolder|openLabel|saveLabel|tooltip|label|description|detail|message)\s*[:=]\s*|new (?:vscode\.TreeItem|MessageNode|Error)\((?:\s*[^,()]+,)?\s*)(['"`])((?:(?!\2).)*)\2/g;
  /** Words in a literal, once interpolations and codicons are taken out: 'Retry', 'No jobs'; not 'JSON', 'job:${id}'. */
  const isText = (literal: string): boolean => {
    if (literal.includes('l10n.t(')) return false;
    const words = literal.replace(/\$\{[^}]*\}|\$\([^)]*\)/g, ' ');
    return /[A-Z][a-z]+|[a-z]{2,}\s+[a-z]{2,}/.test(words);
  };
  const slipsIn = (line: string): boolean => !/^\s*(\/\/|\*)/.test(line) && [...line.matchAll(UI_SINK)].some((m) => isText(m[3]));

  /** The lines of the .ts files under `dirs` that `slips` flags, as "file:line: text". */
  const slipsUnder = (dirs: string[], slips: (line: string) => boolean): string[] =>
    dirs.flatMap((dir) => sourceFiles(path.join(root, dir))).flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (slips(line) ? [`${path.relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
    );

  it('src/extension hands no literal English text to the UI (wrap it in vscode.l10n.t)', () => {
    assert.deepEqual(slipsUnder(['src/extension'], slipsIn), []);
  });

  it('the heuristic catches the usual slips and passes wrapped text', () => {
    const caught = slipsIn;
    assert.ok(caught("void vscode.window.showErrorMessage(`Could not start: ${err}`);"));
    assert.ok(caught("      title: 'Search Jobs',"));
    assert.ok(caught("new MessageNode('jobs:empty', 'The queue is empty')"));
    assert.ok(!caught("void vscode.window.showErrorMessage(vscode.l10n.t('Could not start: {0}', err));"));
    assert.ok(!caught("title: vscode.l10n.t('Search Jobs'),"));
    assert.ok(caught("const item = new vscode.TreeItem('Load more…', collapsed);"));
    assert.ok(caught("{ command: 'riptide.refresh', title: 'Retry' }"));
    assert.ok(!caught("{ label: 'JSON', id: 'json' }"));
    assert.ok(!caught("new MessageNode(`${scope}:auth`, vscode.l10n.t('RipTide needs an API key'))"));
    assert.ok(!caught("const paste = { label: `$(json) ${vscode.l10n.t('Paste a schedule as JSON…')}` };"));
  });

  // The webviews build their DOM by hand, so English reaches the page as children of h(), labels
  // of button(), fact() and figure(), attributes, fallbacks (`?? 'None'`) and capitalised literals
  // after `?`, `:`, `,` or `[`. The texts l10n.t is handed (its first argument) are taken out first.
  const PAGE_SINK = /(\bh\('[a-z0-9]+',\s*(?:null|\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}),\s*|\b(?:button|fact|figure)\(\s*|\breplace\([^,()]+,\s*|'aria-label':\s*|\b(?:title|name|label)\s*:\s*|\?\?\s*|\|\|\s*|[?:,[]\s*(?=['"`][A-Z]))(['"`])((?:(?!\2).)*)\2/g;
  const L10N_ARGUMENT = /\bl10n\.t\((\{[^}]*\}|'(?:[^'\\]|\\.)*'|"[^"]*"|`[^`]*`)/g;
  const pageSlipsIn = (line: string): boolean =>
    !/^\s*(\/\/|\/?\*)/.test(line) && [...line.replace(L10N_ARGUMENT, 'l10n.t(_').matchAll(PAGE_SINK)].some((m) => isText(m[3]));

  it('src/webview and src/common put no literal English on the page (wrap it in l10n.t)', () => {
    assert.deepEqual(slipsUnder(['src/webview', 'src/common'], pageSlipsIn), []);
  });

  // src/api and src/jobfiles hand their words on as error messages, problem messages, quick-fix
  // titles and returned phrases: the same literal-text test on those sinks.
  const MESSAGE_SINK = /(\b(?:title|message|error)\s*[:=]\s*|new \w*Error\((?:\s*[^,()]+,)?\s*|\breturn\s+)(['"`])((?:(?!\2).)*)\2/g;
  const messageSlipsIn = (line: string): boolean => !/^\s*(\/\/|\*)/.test(line) && [...line.matchAll(MESSAGE_SINK)].some((m) => isText(m[3]));

  it('src/api and src/jobfiles put no literal English in their messages (wrap it in l10n.t)', () => {
    assert.deepEqual(slipsUnder(['src/api', 'src/jobfiles'], messageSlipsIn), []);
    assert.ok(messageSlipsIn("throw new RipTideError(`'${url}' is not an http(s) URL`);"));
    assert.ok(messageSlipsIn("    return `the ${label} field takes numbers only, got '${text}'`;"));
    assert.ok(messageSlipsIn("fix: { title: 'Quote the value', span },"));
    assert.ok(!messageSlipsIn("throw new RipTideError(l10n.t(\"'{0}' is not an http(s) URL\", url));"));
    assert.ok(!messageSlipsIn("    return 'null';"));
  });

  it('the page heuristic catches the usual slips and passes wrapped text, classes and selectors', () => {
    const caught = pageSlipsIn;
    assert.ok(caught("replace(metadata, h('h2', null, 'Metadata'), h('p', { class: 'muted' }, 'No metadata.'));"));
    assert.ok(caught("button('Refresh', () => post({ type: 'refresh' }), { icon: 'refresh' }),"));
    assert.ok(caught("fact('Worker', result.worker ?? '—'),"));
    assert.ok(caught("h('span', { class: 'tag', attrs: { 'data-x': '1' } }, 'From cache'),"));
    assert.ok(caught("w.running ? 'Running' : 'Stopped'"));
    assert.ok(caught("[q.pending, 'Waiting'], ['Jobs processed', formatCount(n)],"));
    assert.ok(caught("h('pre', { class: 'text' }, detail.text || '(no text)'),"));
    assert.ok(caught("attrs: { 'aria-label': `Extracted text of URL ${n}` },"));
    assert.ok(!caught("h('h2', null, l10n.t('Metadata')), h('p', { class: 'muted' }, l10n.t('No metadata.')),"));
    assert.ok(!caught("l10n.t({ message: 'Completed', comment: ['The time the job completed at'] }),"));
    assert.ok(!caught("h('p', { class: body.success ? 'message' : 'message bad' }, body.message),"));
    assert.ok(!caught("{ key: 'index', label: '#', numeric: true }, { key: 'url', label: 'URL' },"));
    assert.ok(!caught("codicon(open ? 'chevron-down' : 'chevron-right'),"));
  });
});

describe('localisation of the vscode-free layers', () => {
  // Loaded before l10n is configured, as in the extension host and the webviews.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const l10n = require('@vscode/l10n') as typeof import('@vscode/l10n');
  const labels = require('../../src/common/jobLabels') as typeof import('../../src/common/jobLabels');
  const model = require('../../src/core/views/jobsModel') as typeof import('../../src/core/views/jobsModel');
  const { pageHtml } = require('../../src/core/panels/webviewHtml') as typeof import('../../src/core/panels/webviewHtml');
  const dom = require('../../src/webview/dom') as typeof import('../../src/webview/dom');
  const errors = require('../../src/api/errors') as typeof import('../../src/api/errors');
  const jobfiles = require('../../src/jobfiles') as typeof import('../../src/jobfiles');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const bundle = { Pending: 'Ƥḗḗƞḓīƞɠ', '{0} min': '{0} ḿīƞ', 'in {0}': 'īƞ {0}', 'Loading…': 'Ŀǿǿȧȧḓīƞɠ…' };

  afterEach(() => l10n.config({ contents: {} }));

  it('English without a bundle', () => {
    assert.equal(labels.STATUS_LOOKS.pending.words, 'Pending');
    assert.equal(labels.formatDuration(5 * 60_000), '5 min');
  });

  it('looks texts up when used, so a bundle configured after loading applies', () => {
    l10n.config({ contents: bundle });
    assert.equal(labels.STATUS_LOOKS.pending.words, 'Ƥḗḗƞḓīƞɠ');
    assert.equal(model.GROUPS.find((g) => g.key === 'pending')?.label, 'Ƥḗḗƞḓīƞɠ');
    assert.equal(labels.formatRelative(new Date(Date.now() + 5 * 60_000 + 500)), 'īƞ 5 ḿīƞ');
  });

  it("the webviews' own words come from the bundle, and are English without one", () => {
    assert.equal(dom.formatChars(2048), '2 K characters');
    l10n.config({ contents: { '{0} K characters': '{0} Ḱ ƈħȧȧřȧȧƈŧḗḗřş' } });
    assert.equal(dom.formatChars(2048), '2 Ḱ ƈħȧȧřȧȧƈŧḗḗřş');
  });

  it('src/api and src/jobfiles word errors and problems when made, schema messages included', () => {
    const emptyName = 'name: ""\ncron_expression: "0 0 2 * * *"\njob_template: { type: maintenance, task_type: cache_cleanup, parameters: {} }\n';
    const english = jobfiles.analyzeJobFile(emptyName, 'a.schedule.yaml').problems.map((p) => p.message);
    assert.deepEqual(english, ['name: must not be empty']);
    assert.equal(new errors.UnreachableError('http://127.0.0.1:9', 'ECONNREFUSED').message, 'RipTide at http://127.0.0.1:9 refused the connection: is the server running?');

    l10n.config({
      contents: {
        'must not be empty': 'ḿŭşŧ ƞǿŧ ƀḗ ḗḿƥŧẏ',
        '{0}: {1}': '{0} : {1}',
        'RipTide at {0} refused the connection: is the server running?': 'ŘīƥŦīḓḗ {0} ŗḗƒŭşḗḓ',
        "the list is empty: expected at least one job": 'ḗḿƥŧẏ ŀīşŧ',
      },
    });
    // The schemas were built before the bundle was configured: their messages are looked up per check.
    assert.deepEqual(jobfiles.analyzeJobFile(emptyName, 'a.schedule.yaml').problems.map((p) => p.message), ['name : ḿŭşŧ ƞǿŧ ƀḗ ḗḿƥŧẏ']);
    assert.deepEqual(jobfiles.analyzeJobFile('[]', 'a.job.json').problems.map((p) => p.message), ['ḗḿƥŧẏ ŀīşŧ']);
    assert.equal(new errors.UnreachableError('http://127.0.0.1:9', 'ECONNREFUSED').message, 'ŘīƥŦīḓḗ http://127.0.0.1:9 ŗḗƒŭşḗḓ');
  });

  it('a webview page carries the bundle, escaped, for its script, and its own placeholder text translated', () => {
    l10n.config({ contents: bundle });
    const html = pageHtml({ cspSource: 'vscode-webview:', scriptUri: 's.js', styleUri: 's.css', codiconUri: 'c.css', title: 't', language: 'qps-ploc', l10nBundle: { ...bundle, '<b>': '"&' } });
    assert.match(html, /<html lang="qps-ploc">/);
    assert.match(html, />Ŀǿǿȧȧḓīƞɠ…</);
    const attr = /data-l10n="([^"]*)"/.exec(html)?.[1] ?? '';
    const decoded = attr.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), { ...bundle, '<b>': '"&' });
    assert.ok(!attr.includes('<') && !attr.includes('"'), 'nothing in the bundle can end the attribute');
  });

  it('the diagnosis report, server-list problems and schedule words are looked up when written', () => {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { formatDiagnosis } = require('../../src/core/diagnose/diagnose') as typeof import('../../src/core/diagnose/diagnose');
    const { buildServerList } = require('../../src/core/servers/serverList') as typeof import('../../src/core/servers/serverList');
    const { scheduleWords } = require('../../src/core/trace/scheduleOrigin') as typeof import('../../src/core/trace/scheduleOrigin');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const diagnosis = { server: 'http://127.0.0.1:1', keySet: false, at: new Date(0), checks: [{ id: 'answers' as const, title: 't', outcome: 'passed' as const, detail: 'd' }] };
    const english = formatDiagnosis(diagnosis);
    assert.match(english, /^RipTide connection diagnosis\n/);
    assert.match(english, /1\. \[PASSED \] t\n/);
    l10n.config({
      contents: {
        'RipTide connection diagnosis': 'Ŗīƥŧīḓḗ ḓīȧɠƞǿşīş',
        PASSED: 'ƤȦȦŞŞḖḒ-ƤȦȦŞŞḖḒ',
        'riptide.servers[{0}] in {1}: {2}': '{1} → riptide.servers[{0}]: {2}',
        'user settings': 'ŭşḗř şḗŧŧīƞɠş',
        'Started by schedule {0} (run {1})': 'Şŧȧřŧḗḓ ({1}): {0}',
      },
    });
    const translated = formatDiagnosis(diagnosis);
    assert.match(translated, /^Ŗīƥŧīḓḗ ḓīȧɠƞǿşīş\n/);
    assert.match(translated, /1\. \[ƤȦȦŞŞḖḒ-ƤȦȦŞŞḖḒ\] t\n/, 'the marks are padded to the longest translation');
    const { problems } = buildServerList({ userServers: [{ url: 'http://x' }], defaultServerUrl: 'http://127.0.0.1:8080' });
    assert.deepEqual(problems, ['ŭşḗř şḗŧŧīƞɠş → riptide.servers[0]: "name" is missing or empty']);
    // A server's text is an argument, never a template: its braces stay as they are.
    assert.equal(scheduleWords({ scheduleName: 'nightly {1} {0}', run: 3 }), 'Şŧȧřŧḗḓ (3): nightly {1} {0}');
  });
});
