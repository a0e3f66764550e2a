// The one cron module. Two dialects, each with its own rules, both evaluated in UTC:
// - classic (5 fields, min hour day month weekday): 0 and 7 are Sunday, and when both day fields
//   are restricted a day matches either one (OR). Checked and evaluated by croner as it is.
// - server (6 or 7 fields, sec min hour day month weekday [year]): the RipTide server's, which is
//   the Rust `cron` crate 0.13. Weekdays run 1 = Sunday to 7 = Saturday, both day fields must
//   match (AND), `?` only in the day fields, no L, W or #. The crate's grammar is checked here
//   (croner accepts more than it does); the value sets it yields are evaluated by croner in its
//   Quartz weekday numbering (`alternativeWeekdays`) with AND of the day fields (`domAndDow`).
// Nicknames (@daily ...) mean the same in both; the server takes five of them, in lower case.
// Problems are worded through @vscode/l10n when found; descriptions in words follow the display
// language set by setCronLanguage (English unless the extension says otherwise).
import * as l10n from '@vscode/l10n';
import { Cron, CronPattern } from 'croner';
import cronstrue from 'cronstrue';

export type CronDialect = 'classic' | 'server';

/** Offsets into the expression as given (before trimming). */
export interface CronSpan {
  start: number;
  end: number;
}

export type CronAnalysis =
  | { ok: true; dialect: CronDialect; fields: 5 | 6 | 7; nickname?: string }
  | { ok: false; error: string; span: CronSpan };

export type CronConversion = { ok: true; expression: string } | { ok: false; error: string; span: CronSpan };

/** A server-dialect weekday field written with numbers whose classic reading differs. */
export interface WeekdayHint {
  message: string;
  span: CronSpan;
  /** The whole expression with the weekdays of the classic reading written as names. */
  suggestion?: string;
}

// ---------------------------------------------------------------------------------------------
// Fields of the text

interface Token {
  text: string;
  start: number;
  end: number;
}

function tokens(expr: string): Token[] {
  return [...expr.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

function wholeSpan(expr: string, toks: Token[]): CronSpan {
  return toks.length ? { start: toks[0].start, end: toks[toks.length - 1].end } : { start: 0, end: expr.length };
}

/** Each nickname as the classic 5 fields it stands for; the server takes those it names as they are. */
const NICKNAMES: Record<string, { classic: string; server: boolean }> = {
  '@yearly': { classic: '0 0 1 1 *', server: true },
  '@annually': { classic: '0 0 1 1 *', server: false },
  '@monthly': { classic: '0 0 1 * *', server: true },
  '@weekly': { classic: '0 0 * * 0', server: true },
  '@daily': { classic: '0 0 * * *', server: true },
  '@midnight': { classic: '0 0 * * *', server: false },
  '@hourly': { classic: '0 * * * *', server: true },
};
const SERVER_NICKNAME_FOR: Record<string, string> = { '@annually': '@yearly', '@midnight': '@daily' };

// ---------------------------------------------------------------------------------------------
// The server dialect: the `cron` crate's grammar

interface FieldSpec {
  /** The field's name in messages, looked up when used. */
  label: () => string;
  min: number;
  max: number;
  names?: Record<string, number>;
  /** `?` allowed (the two day fields). */
  any?: boolean;
}

const DAY_NAMES: Record<string, number> = {
  sun: 1, sunday: 1, mon: 2, monday: 2, tue: 3, tues: 3, tuesday: 3, wed: 4, wednesday: 4,
  thu: 5, thurs: 5, thursday: 5, fri: 6, friday: 6, sat: 7, saturday: 7,
};
const MONTH_NAMES: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

const SERVER_FIELDS: FieldSpec[] = [
  { label: () => l10n.t('seconds'), min: 0, max: 59 },
  { label: () => l10n.t('minutes'), min: 0, max: 59 },
  { label: () => l10n.t('hours'), min: 0, max: 23 },
  { label: () => l10n.t('day of month'), min: 1, max: 31, any: true },
  { label: () => l10n.t('month'), min: 1, max: 12, names: MONTH_NAMES },
  { label: () => l10n.t('day of week'), min: 1, max: 7, names: DAY_NAMES, any: true },
  { label: () => l10n.t('year'), min: 1970, max: 2100 },
];
const DOW = 5;

/** A Quartz-only character of a field, named for a message. */
function unsupportedWords(character: 'L' | 'W' | '#'): string {
  switch (character) {
    case 'L':
      return l10n.t("'L' (last)");
    case 'W':
      return l10n.t("'W' (nearest weekday)");
    case '#':
      return l10n.t("'#' (nth weekday of the month)");
  }
}

interface FieldValues {
  values: Set<number>;
  /** Written as `*` or `?` alone. */
  star: boolean;
}

type FieldResult = FieldValues | { error: string; offset: number; length: number };

/** One server-dialect field, as the crate reads it: a list of `*`, `?`, n, a-b, NAME, NAME-NAME, each but a NAME with an optional /step. */
function parseServerField(text: string, spec: FieldSpec): FieldResult {
  const values = new Set<number>();
  let offset = 0;
  const items = text.split(',');
  for (const item of items) {
    const fail = (error: string): FieldResult => ({ error, offset, length: Math.max(item.length, 1) });
    const result = parseServerItem(item, spec);
    if (typeof result === 'string') return fail(result);
    for (const v of result) values.add(v);
    offset += item.length + 1;
  }
  return { values, star: items.length === 1 && (text === '*' || (text === '?' && !!spec.any)) };
}

function parseServerItem(item: string, spec: FieldSpec): number[] | string {
  if (item === '') return l10n.t('an empty item in the {0} field (two commas, or one at an end)', spec.label());
  const unsupported = item.includes('#') ? '#' : /^(L(-\d+)?|LW|\d+W|\d+L|[A-Za-z]{3}L)$/i.test(item) ? (/W$/i.test(item) ? 'W' : 'L') : undefined;
  if (unsupported) return l10n.t("'{0}': the RipTide server's cron has no {1}; write the {2} out instead", item, unsupportedWords(unsupported), spec.label());
  const slash = item.indexOf('/');
  const base = slash < 0 ? item : item.slice(0, slash);
  let step: number | undefined;
  if (slash >= 0) {
    const stepText = item.slice(slash + 1);
    if (!/^\d+$/.test(stepText)) return l10n.t("'{0}': the step after '/' must be a number", item);
    step = Number(stepText);
    if (step < 1 || step > spec.max) return l10n.t("'{0}': the step in the {1} field must be between 1 and {2}", item, spec.label(), spec.max);
  }
  const range = (from: number, to: number): number[] => {
    const out: number[] = [];
    for (let v = from; v <= to; v += step ?? 1) out.push(v);
    return out;
  };
  if (base === '*' || base === '?') {
    if (base === '?' && !spec.any) return l10n.t("'?' is allowed only in the day-of-month and day-of-week fields on the RipTide server: write '*' in the {0} field", spec.label());
    return range(spec.min, spec.max);
  }
  const number = (text: string): number | string => {
    const n = Number(text);
    if (spec === SERVER_FIELDS[DOW] && n === 0) {
      return l10n.t('weekday 0 is not valid on the RipTide server: it counts 1 = Sunday to 7 = Saturday (write SUN for Sunday)');
    }
    if (n < spec.min || n > spec.max) return l10n.t('{0} {1} is out of range ({2}-{3})', spec.label(), text, spec.min, spec.max);
    return n;
  };
  const name = (text: string): number | string => {
    if (!spec.names) return l10n.t("the {0} field takes numbers only, got '{1}'", spec.label(), text);
    const n = spec.names[text.toLowerCase()];
    if (n === undefined) return spec === SERVER_FIELDS[DOW] ? l10n.t("'{0}' is not a day of the week (SUN to SAT)", text) : l10n.t("'{0}' is not a month (JAN to DEC)", text);
    return n;
  };
  let m: RegExpExecArray | null;
  if ((m = /^(\d+)$/.exec(base))) {
    const n = number(m[1]);
    if (typeof n === 'string') return n;
    return step === undefined ? [n] : range(n, spec.max); // a point with a step runs from it to the field's end
  }
  if ((m = /^([A-Za-z]+)$/.exec(base))) {
    if (step !== undefined) return l10n.t("'{0}': a step needs '*', a number or a range before the '/' on the RipTide server, not a name", item);
    const n = name(m[1]);
    return typeof n === 'string' ? n : [n];
  }
  if ((m = /^(\d+)-(\d+)$/.exec(base)) || (m = /^([A-Za-z]+)-([A-Za-z]+)$/.exec(base))) {
    const read = /^\d/.test(m[1]) ? number : name;
    const from = read(m[1]);
    if (typeof from === 'string') return from;
    const to = read(m[2]);
    if (typeof to === 'string') return to;
    if (from > to) return l10n.t("the range '{0}' in the {1} field runs backwards: the RipTide server needs the earlier value first", base, spec.label());
    return range(from, to);
  }
  if (/^[A-Za-z]+-\d+$|^\d+-[A-Za-z]+$/.test(base)) return l10n.t("'{0}': a range takes numbers on both sides or names on both sides", item);
  return l10n.t("'{0}' is not a value, a range (a-b), a step (*/n) or a list in the {1} field", item, spec.label());
}

interface ServerParse {
  fields: FieldValues[];
}

function parseServer(expr: string, toks: Token[]): ServerParse | { error: string; span: CronSpan } {
  if (toks.length !== 6 && toks.length !== 7) {
    return { error: l10n.t("the RipTide server's cron has 6 or 7 fields (sec min hour day month weekday [year]), got {0}", toks.length), span: wholeSpan(expr, toks) };
  }
  const fields: FieldValues[] = [];
  for (let i = 0; i < toks.length; i++) {
    const result = parseServerField(toks[i].text, SERVER_FIELDS[i]);
    if ('error' in result) {
      const start = toks[i].start + result.offset;
      return { error: result.error, span: { start, end: Math.min(start + result.length, toks[i].end) } };
    }
    fields.push(result);
  }
  return { fields };
}

// ---------------------------------------------------------------------------------------------
// Croner, for both dialects

const CLASSIC_OPTIONS = { mode: '5-part' } as const;
// utcOffset 0 gives the same dates as timezone 'UTC' without going through Intl (much faster).
const RUN_OPTIONS = { utcOffset: 0, paused: true } as const;

/** croner's message without its prefix. */
function cronerMessage(err: unknown): string {
  return String((err as Error)?.message ?? err).replace(/^CronPattern: /, '');
}

const classicPatterns = new Map<string, CronPattern | Error>();

/** croner's reading of a classic expression (throws croner's error). Cached: analysis, conversion and hints share it. */
function classicPattern(expr5: string): CronPattern {
  let pattern = classicPatterns.get(expr5);
  if (!pattern) {
    try {
      pattern = new CronPattern(expr5, undefined, CLASSIC_OPTIONS);
    } catch (err) {
      pattern = err as Error;
    }
    if (classicPatterns.size > 1000) classicPatterns.clear();
    classicPatterns.set(expr5, pattern);
  }
  if (pattern instanceof Error) throw pattern;
  return pattern;
}

/** The croner pattern of a parsed server expression: its value sets, weekdays numbered 1 = Sunday. */
function serverCronerPattern(parsed: ServerParse): string {
  return parsed.fields
    .map((f, i) => (f.values.size === SERVER_FIELDS[i].max - SERVER_FIELDS[i].min + 1 ? '*' : [...f.values].sort((a, b) => a - b).join(',')))
    .join(' ');
}

/** A croner job for an expression, and whether its day and month fields rule out every date. */
interface Evaluator {
  cron: Cron;
  neverFires: boolean;
}

const compiled = new Map<string, Evaluator | string>();

/** The croner job that evaluates `expr` in its own dialect, or the reason there is none. Cached. */
function evaluator(expr: string): Evaluator | string {
  const key = expr.trim();
  let job = compiled.get(key);
  if (job !== undefined) return job;
  const analysis = analyzeCron(expr);
  if (!analysis.ok) job = analysis.error;
  else {
    let cron: Cron;
    if (analysis.nickname) cron = new Cron(NICKNAMES[analysis.nickname].classic, { ...RUN_OPTIONS, ...CLASSIC_OPTIONS });
    else if (analysis.dialect === 'classic') cron = new Cron(key, { ...RUN_OPTIONS, ...CLASSIC_OPTIONS });
    else {
      const parsed = parseServer(expr, tokens(expr)) as ServerParse;
      cron = new Cron(serverCronerPattern(parsed), { ...RUN_OPTIONS, mode: '6-or-7-parts', alternativeWeekdays: true, domAndDow: true });
    }
    job = { cron, neverFires: neverOnTheCalendar(expr) };
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(key, job);
  return job;
}

// ---------------------------------------------------------------------------------------------
// Public API

const analyses = new Map<string, CronAnalysis>();

/** Checks an expression in the dialect its form says (5 fields: classic; 6 or 7: server). Never throws. Cached. */
export function analyzeCron(expr: string): CronAnalysis {
  let analysis = analyses.get(expr);
  if (!analysis) {
    if (analyses.size > 1000) analyses.clear();
    analysis = analyzeUncached(expr);
    analyses.set(expr, analysis);
  }
  return analysis;
}

function analyzeUncached(expr: string): CronAnalysis {
  const toks = tokens(expr);
  if (toks.length === 1 && toks[0].text.startsWith('@')) {
    const nickname = toks[0].text.toLowerCase();
    if (NICKNAMES[nickname]) return { ok: true, dialect: NICKNAMES[nickname].server && toks[0].text === nickname ? 'server' : 'classic', fields: 5, nickname };
    return { ok: false, error: l10n.t("'{0}' is not a cron nickname (@yearly, @monthly, @weekly, @daily, @hourly)", toks[0].text), span: wholeSpan(expr, toks) };
  }
  if (toks.length === 5) {
    const problem = classicProblem(expr, toks);
    return problem ? { ok: false, ...problem } : { ok: true, dialect: 'classic', fields: 5 };
  }
  if (toks.length === 6 || toks.length === 7) {
    const parsed = parseServer(expr, toks);
    return 'error' in parsed ? { ok: false, ...parsed } : { ok: true, dialect: 'server', fields: toks.length };
  }
  return { ok: false, error: l10n.t('expected 5 fields (min hour day month weekday) or 6-7 with leading seconds, got {0}', toks.length), span: wholeSpan(expr, toks) };
}

/** croner's complaint about a classic expression, placed on the field it is about when one alone fails. */
function classicProblem(expr: string, toks: Token[]): { error: string; span: CronSpan } | undefined {
  try {
    classicPattern(toks.map((t) => t.text).join(' '));
    return undefined;
  } catch (err) {
    const error = cronerMessage(err);
    const failing = toks.filter((_, i) => {
      try {
        classicPattern(toks.map((t, j) => (j === i ? t.text : '*')).join(' '));
        return false;
      } catch {
        return true;
      }
    });
    return { error, span: failing.length === 1 ? { start: failing[0].start, end: failing[0].end } : wholeSpan(expr, toks) };
  }
}

/**
 * Whether the target server takes the expression: RipTide's takes only its own dialect; the local
 * server in its contract mode takes either. The one place server-side cron checks live.
 */
export function scheduleCronError(expr: string, serverDialectOnly: boolean): string | undefined {
  const analysis = analyzeCron(expr);
  if (!analysis.ok) return l10n.t("Invalid cron expression '{0}': {1}", expr, analysis.error);
  if (serverDialectOnly && analysis.dialect !== 'server') {
    return analysis.nickname
      ? l10n.t("Invalid cron expression '{0}': the nicknames taken are @yearly, @monthly, @weekly, @daily and @hourly (in lower case)", expr)
      : l10n.t("Invalid cron expression '{0}': expected 6 or 7 fields (sec min hour day month weekday [year]), got 5", expr);
  }
  return undefined;
}

/** The next `count` run times after `from` (UTC), by the rules of the expression's dialect. Throws an Error naming the problem for an invalid expression. */
export function nextRuns(expr: string, count: number, from: Date = new Date()): Date[] {
  const job = evaluator(expr);
  if (typeof job === 'string') throw new Error(l10n.t("Invalid cron expression '{0}': {1}", expr, job));
  // Known at once, without croner's search through the years (tens of ms per expression).
  if (job.neverFires) return [];
  return job.cron.nextRuns(count, from);
}

/** The most days each month can have (February in a leap year). */
const MOST_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether the day-of-month and month fields alone rule out every date (the 31st of February),
 * read by the dialect's own parser. In classic cron a restricted weekday may match instead of
 * the day (OR), and `L`/`W` always find a day: those are left to croner.
 */
function neverOnTheCalendar(expr: string): boolean {
  const analysis = analyzeCron(expr);
  if (!analysis.ok || analysis.nickname) return false;
  let days: number[];
  let months: number[];
  if (analysis.dialect === 'server') {
    const parsed = parseServer(expr, tokens(expr)) as ServerParse;
    days = [...parsed.fields[3].values];
    months = [...parsed.fields[4].values];
  } else {
    const p = classicPattern(tokens(expr).map((t) => t.text).join(' '));
    if (!p.starDOW || p.lastDayOfMonth || p.nearestWeekdays.some(Boolean)) return false;
    days = indexesOf(p.day, 1);
    months = indexesOf(p.month, 1);
  }
  return !months.some((m) => days.some((d) => d <= MOST_DAYS[m - 1]));
}

let displayLanguage = 'en';

/**
 * The language describeCron writes in: VS Code's display language (`vscode.env.language`: "en",
 * "de", "pt-br", "zh-cn"), set once at activation. One cronstrue has no locale for is English.
 */
export function setCronLanguage(language: string): void {
  displayLanguage = language;
}

type Describer = typeof cronstrue;
let describerWithLocales: Describer | undefined;

/**
 * cronstrue's locale for a display language ("pt-br" is pt_BR, "de-ch" is de), or undefined for
 * English and for a language it has no locale for. Its build with every locale (some 200 KB) is
 * loaded on the first non-English description only.
 */
function localeOf(language: string): { describer: Describer; locale: string } | undefined {
  const [primary, region] = language.toLowerCase().split(/[-_]/);
  if (!primary || primary === 'en') return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  describerWithLocales ??= (require('cronstrue/i18n') as typeof import('cronstrue/i18n')).default;
  const known = Object.keys(describerWithLocales.locales);
  const locale = [region ? `${primary}_${region}` : primary, primary].map((name) => known.find((k) => k.toLowerCase() === name)).find(Boolean);
  return locale ? { describer: describerWithLocales, locale } : undefined;
}

/**
 * The expression in words ("At 02:00 AM"), read by its dialect's rules, in `language` (by default
 * the one set by setCronLanguage); a fallback sentence for one that cannot be read.
 */
export function describeCron(expr: string, language: string = displayLanguage): string {
  const analysis = analyzeCron(expr);
  const localised = localeOf(language);
  const describer = localised?.describer ?? cronstrue;
  // English keeps its 12-hour clock; another locale its own default.
  const base = localised ? { locale: localised.locale } : { use24HourTimeFormat: false };
  try {
    if (!analysis.ok) throw new Error(analysis.error);
    if (analysis.nickname) return describer.toString(NICKNAMES[analysis.nickname].classic, base);
    if (analysis.dialect === 'classic') return describer.toString(expr.trim(), base);
    return describer.toString(shortNames(expr), { ...base, dayOfWeekStartIndexZero: false, logicalAndDayFields: true });
  } catch {
    return l10n.t("'{0}' (no description available)", expr.trim());
  }
}

/** The server-dialect text with long and four-letter names shortened to the three letters cronstrue reads. */
function shortNames(expr: string): string {
  return tokens(expr)
    .map((t, i) => (i === 4 || i === DOW ? t.text.replace(/[A-Za-z]+/g, (n) => n.slice(0, 3).toUpperCase()) : t.text))
    .join(' ');
}

const DAY_ABBR = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A weekday index (0 = Sunday) in words, looked up when used. */
function dayWords(day: number): string {
  return [l10n.t('Sunday'), l10n.t('Monday'), l10n.t('Tuesday'), l10n.t('Wednesday'), l10n.t('Thursday'), l10n.t('Friday'), l10n.t('Saturday')][day];
}

/** Consecutive runs of a sorted set of weekday indexes (0 = Sunday). */
function runsOf(days: number[]): number[][] {
  const runs: number[][] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && last[last.length - 1] === d - 1) last.push(d);
    else runs.push([d]);
  }
  return runs;
}

/** Weekday indexes (0 = Sunday) as server-dialect names: MON-FRI, SUN,SAT. */
function weekdayNames(days: number[]): string {
  return runsOf(days)
    .map((r) => (r.length >= 3 ? `${DAY_ABBR[r[0]]}-${DAY_ABBR[r[r.length - 1]]}` : r.map((d) => DAY_ABBR[d]).join(',')))
    .join(',');
}

/** Weekday indexes (0 = Sunday) in words: "Sunday to Thursday", "Monday, Wednesday and Friday". */
function weekdayWords(days: number[]): string {
  const parts = runsOf(days).flatMap((r) => (r.length >= 3 ? [l10n.t('{0} to {1}', dayWords(r[0]), dayWords(r[r.length - 1]))] : r.map(dayWords)));
  return parts.length === 1 ? parts[0] : l10n.t('{0} and {1}', parts.slice(0, -1).join(', '), parts[parts.length - 1]);
}

function indexesOf(flags: number[], offset = 0): number[] {
  return flags.flatMap((v, i) => (v ? [i + offset] : []));
}

function sameSet(a: Iterable<number>, b: Iterable<number>): boolean {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** A value set written compactly: 1-5,7,9. */
function numbersText(values: number[]): string {
  return runsOf(values)
    .map((r) => (r.length >= 3 ? `${r[0]}-${r[r.length - 1]}` : r.join(',')))
    .join(',');
}

/**
 * The same schedule in the server's dialect: a classic expression gains a leading seconds field
 * and its weekdays are written as names (the server counts 1 = Sunday); a nickname stays one.
 * When the meaning cannot be kept (classic OR of both day fields, L, W or #), the reason and
 * where. A server-dialect expression comes back as it is.
 */
export function toServerDialect(expr: string): CronConversion {
  const analysis = analyzeCron(expr);
  if (!analysis.ok) return analysis;
  const toks = tokens(expr);
  if (analysis.nickname) return { ok: true, expression: SERVER_NICKNAME_FOR[analysis.nickname] ?? analysis.nickname };
  if (analysis.dialect === 'server') return { ok: true, expression: toks.map((t) => t.text).join(' ') };

  const p = classicPattern(toks.map((t) => t.text).join(' '));
  const span = (i: number): CronSpan => ({ start: toks[i].start, end: toks[i].end });
  const [, , domTok, , dowTok] = toks;
  if (p.lastDayOfMonth || p.nearestWeekdays.some(Boolean) || /[LW]/i.test(domTok.text)) {
    return { ok: false, error: l10n.t("the day of month '{0}' has no equivalent on the RipTide server: its cron has no 'L' (last) or 'W' (nearest weekday)", domTok.text), span: span(2) };
  }
  // croner marks a plain weekday with every occurrence bit (63); fewer bits are # (nth), 32 is L.
  if (p.lastWeekday || p.dayOfWeek.some((v) => v !== 0 && v !== 63) || /[L#]/i.test(dowTok.text)) {
    return { ok: false, error: l10n.t("the weekday '{0}' has no equivalent on the RipTide server: its cron has no 'L' (last) or '#' (nth weekday of the month)", dowTok.text), span: span(4) };
  }
  const days = indexesOf(p.dayOfWeek);
  const dom = indexesOf(p.day, 1);
  const orOfDays = !p.starDOM && !p.starDOW && !p.useAndLogic;
  const everyDay = orOfDays && (days.length === 7 || dom.length === 31);
  if (orOfDays && !everyDay) {
    const [m, h, , mon] = toks.map((t) => t.text);
    return {
      ok: false,
      error: l10n.t(
        "classic cron runs this on day of month '{0}' OR on weekday '{1}'; the RipTide server runs a schedule only when both match, so it cannot be written in its dialect: make two schedules instead ('{2}' and '{3}')",
        domTok.text,
        dowTok.text,
        `0 ${m} ${h} ${domTok.text} ${mon} *`,
        `0 ${m} ${h} * ${mon} ${weekdayNames(days)}`,
      ),
      span: { start: domTok.start, end: dowTok.end },
    };
  }
  // Each field kept as written when the server reads the same values from it, else rewritten from them.
  const sets = [indexesOf(p.minute), indexesOf(p.hour), dom, indexesOf(p.month, 1)];
  const out = ['0'];
  for (let i = 0; i < 4; i++) {
    const spec = SERVER_FIELDS[i + 1];
    const text = everyDay && i === 2 ? '*' : toks[i].text;
    const read = parseServerField(text, spec);
    const values = everyDay && i === 2 ? range(1, 31) : sets[i];
    if (!('error' in read) && sameSet(read.values, values)) out.push(text);
    else out.push(values.length === spec.max - spec.min + 1 ? '*' : numbersText(values));
  }
  if (everyDay || p.starDOW || days.length === 7) out.push(p.starDOW && dowTok.text === '?' ? '?' : '*');
  else {
    const read = parseServerField(dowTok.text.replace(/^\+/, ''), SERVER_FIELDS[DOW]);
    const serverDays = 'error' in read ? undefined : [...read.values].map((d) => d - 1);
    out.push(serverDays && sameSet(serverDays, days) ? dowTok.text.replace(/^\+/, '') : weekdayNames(days));
  }
  return { ok: true, expression: out.join(' ') };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * For a server-dialect expression whose weekday field uses numbers that mean other days in
 * classic numbering: the days it runs on there, and the names of the classic reading.
 */
export function weekdayHint(expr: string): WeekdayHint | undefined {
  const analysis = analyzeCron(expr);
  if (!analysis.ok || analysis.dialect !== 'server' || analysis.nickname) return undefined;
  const toks = tokens(expr);
  const dow = toks[DOW];
  if (!/\d/.test(dow.text)) return undefined;
  const parsed = parseServerField(dow.text, SERVER_FIELDS[DOW]) as FieldValues;
  const serverDays = [...parsed.values].map((d) => d - 1).sort((a, b) => a - b);
  let classicDays: number[] | undefined;
  try {
    classicDays = indexesOf(classicPattern(`* * * * ${dow.text}`).dayOfWeek);
  } catch {
    classicDays = undefined; // not a classic weekday field: only the server's reading to show
  }
  if (classicDays && sameSet(classicDays, serverDays)) return undefined;
  const span = { start: dow.start, end: dow.end };
  const runs = weekdayWords(serverDays);
  if (!classicDays || classicDays.length === 0) {
    const message = l10n.t(
      "weekday '{0}' runs {1} on the RipTide server, which counts 1 = Sunday to 7 = Saturday; write the days as names ({2}) to make it plain",
      dow.text,
      runs,
      weekdayNames(serverDays),
    );
    return { message, span };
  }
  const names = classicDays.length === 7 ? '*' : weekdayNames(classicDays);
  const suggestion = toks.map((t, i) => (i === DOW ? names : t.text)).join(' ');
  const message = l10n.t("weekday '{0}' runs {1} on the RipTide server, which counts 1 = Sunday to 7 = Saturday; did you mean {2}?", dow.text, runs, names);
  return { message, span, suggestion };
}
