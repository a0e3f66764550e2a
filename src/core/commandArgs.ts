// The arguments that commands take from keybindings.json ("args"), command links
// (`command:riptide.goToJob?["<id>"]`) and other extensions: plain JSON, checked here so that a
// wrong one gets a message naming the command, what it takes and what it got. No `vscode` here.
import * as l10n from '@vscode/l10n';
import { notAJobIdMessage, parseJobId } from './panels/jobTarget';

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (error: string): Checked<never> => ({ ok: false, error });

/** What an argument was, in a message: `42`, `{"id":1}`, `an empty string`. */
export function describeArg(arg: unknown): string {
  if (arg === '') return l10n.t('an empty string');
  try {
    const json = JSON.stringify(arg);
    if (json === undefined) return typeof arg;
    return json.length > 80 ? `${json.slice(0, 80)}…` : json;
  } catch {
    return typeof arg;
  }
}

/** The one property of an object argument that names what a command acts on, e.g. `{ "jobId": "…" }`. */
function property(arg: unknown, names: readonly string[]): unknown {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return undefined;
  const record = arg as Record<string, unknown>;
  return names.map((n) => record[n]).find((v) => v !== undefined);
}

/** A job id: `"<uuid>"` or `{ "jobId": "<uuid>" }`. */
export function jobIdArg(command: string, arg: unknown): Checked<string> {
  const value = typeof arg === 'string' ? arg : property(arg, ['jobId', 'id']);
  if (typeof value !== 'string') return bad(l10n.t('{0} takes a job id, as "<uuid>" or {1}; it got {2}.', command, '{ "jobId": "<uuid>" }', describeArg(arg)));
  const jobId = parseJobId(value);
  return jobId ? ok(jobId) : bad(notAJobIdMessage(value));
}

/** Where a file argument points: a path (absolute, or relative to a workspace folder) or a URI. */
export type FileArg = { path: string } | { uri: string };

/** `"crawl.job.yaml"`, `"/abs/path.job.json"`, `"file:///…"`, `{ "file": "…" }` or `{ "uri": "…" }`. */
export function fileArg(command: string, arg: unknown): Checked<FileArg> {
  const value = typeof arg === 'string' ? arg : property(arg, ['file', 'path', 'uri']);
  if (typeof value !== 'string' || value.trim() === '') {
    return bad(
      l10n.t('{0} takes a job or schedule file, as a path ("jobs/crawl.job.yaml", relative to the workspace folder, or absolute), a URI, or {1}; it got {2}.', command, '{ "file": "…" }', describeArg(arg)),
    );
  }
  const text = value.trim();
  // A scheme of two or more letters: `C:\jobs\a.job.json` stays a path.
  return /^[a-z][a-z0-9+.-]+:/i.test(text) ? ok({ uri: text }) : ok({ path: text });
}

/** A server by its name, `"staging"` or `{ "name": "staging" }`, among the ones configured. */
export function serverNameArg(command: string, arg: unknown, names: readonly string[]): Checked<string> {
  const value = typeof arg === 'string' ? arg : property(arg, ['name', 'server']);
  if (typeof value !== 'string' || value.trim() === '') return bad(l10n.t('{0} takes a server name, as "<name>" or {1}; it got {2}.', command, '{ "name": "<name>" }', describeArg(arg)));
  const name = value.trim();
  const found = names.find((n) => n === name) ?? names.find((n) => n.toLowerCase() === name.toLowerCase());
  if (found) return ok(found);
  return bad(names.length ? l10n.t("No server named '{0}'. The servers are: {1}.", name, names.join(', ')) : l10n.t("No server named '{0}': no servers are configured.", name));
}

/** A command that takes no argument was given one that is not a plain options object. */
export function optionsArg<T extends Record<string, unknown>>(command: string, arg: unknown, allowed: { [K in keyof T]: 'boolean' | 'string' }): Checked<Partial<T>> {
  if (arg === undefined || arg === null) return ok({});
  const keys = Object.keys(allowed);
  const shape = `{ ${keys.map((k) => `"${k}": ${allowed[k]}`).join(', ')} }`;
  if (typeof arg !== 'object' || Array.isArray(arg)) return bad(l10n.t('{0} takes no argument, or {1}; it got {2}.', command, shape, describeArg(arg)));
  for (const [key, value] of Object.entries(arg as Record<string, unknown>)) {
    if (!keys.includes(key)) return bad(l10n.t("{0} takes no argument, or {1}; '{2}' is not one of them.", command, shape, key));
    if (typeof value !== allowed[key]) return bad(l10n.t("{0} takes no argument, or {1}; '{2}' must be a {3}, it is {4}.", command, shape, key, allowed[key], describeArg(value)));
  }
  return ok(arg as Partial<T>);
}
