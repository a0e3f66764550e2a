// The servers the user can switch between, built from the settings: the user's `riptide.servers`
// list, the workspace's (when it may have one), the `riptide.serverUrl` setting as an unnamed
// entry, and the local server while it runs. Which of them may be contacted, and with a key, is
// decided here too, so the extension and its tests share one rule. No vscode here.
import * as l10n from '@vscode/l10n';
import { originOf } from './origin';

export type CronDialect = 'server' | 'classic';

/** Where an entry came from: only `workspace` entries need the user's approval. */
export type ServerSource = 'local' | 'user' | 'workspace' | 'default';

export interface ServerEntry {
  /** Stable across restarts: what the active choice remembers. */
  id: string;
  /** Short name for the status bar and the quick pick. */
  name: string;
  /** Base URL as written (trimmed), path prefix kept. */
  url: string;
  origin: string;
  source: ServerSource;
  /** The server's cron dialect, when the entry says; otherwise the `riptide.cronDialect` setting. */
  cronDialect?: CronDialect;
  /** Requests per minute the extension may send this server, when the entry says. */
  requestsPerMinute?: number;
  /** The settings file a workspace entry came from, as the user would recognise it. */
  settingsFile?: string;
  /** The `riptide.serverUrl` entry, which has no name of its own. */
  unnamed?: boolean;
}

export interface ScopedValue<T> {
  value: T;
  /** The settings file it came from (for messages). */
  file: string;
}

export interface ServerSettingsInput {
  /** `riptide.servers` in the user settings, as read (not yet checked). */
  userServers?: unknown;
  /** `riptide.servers` in the workspace settings; leave out when workspace settings do not count (Restricted Mode). */
  workspaceServers?: ScopedValue<unknown>;
  /** `riptide.serverUrl` in the user settings. */
  userServerUrl?: string;
  /** `riptide.serverUrl` in the workspace settings; leave out when workspace settings do not count. */
  workspaceServerUrl?: ScopedValue<string>;
  /** The setting's default, used when the user settings have none. */
  defaultServerUrl: string;
  /** The local server's URL while it runs. */
  localServerUrl?: string;
}

export interface ServerList {
  servers: ServerEntry[];
  /** Entries that were skipped, each saying which one and why. */
  problems: string[];
}

export const LOCAL_SERVER_ID = 'local';
export const SERVER_URL_ID = 'serverUrl';
export const WORKSPACE_SERVER_URL_ID = 'workspace:serverUrl';
const MAX_NAME_LENGTH = 60;

export function buildServerList(input: ServerSettingsInput): ServerList {
  const servers: ServerEntry[] = [];
  const problems: string[] = [];
  if (input.localServerUrl) {
    const origin = originOf(input.localServerUrl);
    if (origin) servers.push({ id: LOCAL_SERVER_ID, name: l10n.t('Local server'), url: input.localServerUrl, origin, source: 'local' });
  }
  const userUrl = input.userServerUrl?.trim() || input.defaultServerUrl;
  const userUrlProblem = urlProblem(userUrl);
  servers.push({
    id: SERVER_URL_ID,
    name: shortName(userUrl),
    url: userUrl,
    // An unusable URL is kept (the connection says why it cannot use it) but belongs to no origin.
    origin: userUrlProblem ? '' : originOf(userUrl)!,
    source: input.userServerUrl?.trim() ? 'user' : 'default',
    unnamed: true,
  });
  if (input.workspaceServerUrl?.value.trim()) {
    const url = input.workspaceServerUrl.value.trim();
    const problem = urlProblem(url);
    if (problem) problems.push(l10n.t('riptide.serverUrl in {0}: {1}', input.workspaceServerUrl.file, problem));
    else {
      servers.push({
        id: WORKSPACE_SERVER_URL_ID,
        name: shortName(url),
        url,
        origin: originOf(url)!,
        source: 'workspace',
        settingsFile: input.workspaceServerUrl.file,
        unnamed: true,
      });
    }
  }
  addNamed(servers, problems, input.userServers, 'user', l10n.t('user settings'));
  if (input.workspaceServers) addNamed(servers, problems, input.workspaceServers.value, 'workspace', input.workspaceServers.file);
  return { servers, problems };
}

function addNamed(servers: ServerEntry[], problems: string[], value: unknown, source: 'user' | 'workspace', where: string): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    // The entry's shape is an argument: braces in a message are placeholders.
    problems.push(l10n.t('riptide.servers in {0} must be a list of {1} entries', where, '{ "name", "url" }'));
    return;
  }
  const names = new Set<string>();
  value.forEach((item: unknown, index) => {
    const checked = checkEntry(item);
    if (typeof checked === 'string') {
      problems.push(l10n.t('riptide.servers[{0}] in {1}: {2}', index, where, checked));
      return;
    }
    const key = checked.name.toLowerCase();
    if (names.has(key)) {
      problems.push(l10n.t('riptide.servers[{0}] in {1}: another server is already named "{2}"; this one is left out', index, where, checked.name));
      return;
    }
    names.add(key);
    servers.push({
      ...checked,
      id: `${source}:${checked.name}`,
      origin: originOf(checked.url)!,
      source,
      ...(source === 'workspace' ? { settingsFile: where } : {}),
    });
  });
}

type CheckedEntry = Pick<ServerEntry, 'name' | 'url' | 'cronDialect' | 'requestsPerMinute'>;

function checkEntry(item: unknown): CheckedEntry | string {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return l10n.t('expected an object with "name" and "url"');
  const { name, url, cronDialect, requestsPerMinute } = item as Record<string, unknown>;
  if (typeof name !== 'string' || !name.trim()) return l10n.t('"name" is missing or empty');
  if (name.trim().length > MAX_NAME_LENGTH) return l10n.t('"name" is longer than {0} characters', MAX_NAME_LENGTH);
  if (typeof url !== 'string' || !url.trim()) return l10n.t('"url" is missing or empty');
  const problem = urlProblem(url.trim());
  if (problem) return problem;
  if (cronDialect !== undefined && cronDialect !== 'server' && cronDialect !== 'classic') return l10n.t('"cronDialect" must be "server" or "classic"');
  if (requestsPerMinute !== undefined && !(typeof requestsPerMinute === 'number' && Number.isInteger(requestsPerMinute) && requestsPerMinute >= 1)) {
    return l10n.t('"requestsPerMinute" must be a whole number of at least 1');
  }
  return {
    name: name.trim(),
    url: url.trim(),
    ...(cronDialect ? { cronDialect } : {}),
    ...(requestsPerMinute !== undefined ? { requestsPerMinute } : {}),
  };
}

/** Why a server URL cannot be used, or undefined when it can. */
export function urlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return l10n.t("'{0}' is not a full URL (expected e.g. http://localhost:8080)", value);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return l10n.t("'{0}' must start with http:// or https://", value);
  if (url.username || url.password) return l10n.t('the URL must not carry credentials: the API key is kept in secret storage');
  return undefined;
}

/** The host (and port) of a URL, as the name of an entry that has none. */
function shortName(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host + parsed.pathname.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

// -- Which server is active --------------------------------------------------------------------

/**
 * The active server: the one chosen in this workspace if it is still listed, else the workspace's
 * `riptide.serverUrl` (which overrides the user's, as a setting does), else the user's.
 */
export function activeServer(servers: readonly ServerEntry[], chosenId: string | undefined): ServerEntry {
  return (
    servers.find((s) => s.id === chosenId) ??
    servers.find((s) => s.id === WORKSPACE_SERVER_URL_ID) ??
    servers.find((s) => s.id === SERVER_URL_ID)!
  );
}

// -- Who may be contacted, and with a key ------------------------------------------------------

/** What the user answered for a workspace's server, remembered per origin. */
export type Approval = 'connect' | 'connectWithoutKey' | 'ignore';

export type Access =
  | { contact: true; sendKey: boolean }
  /** Not contacted at all until the user answers. */
  | { contact: false; reason: 'needsApproval' | 'ignored' };

/**
 * Entries from the user's own settings (and the local server) are the user's choice. An entry a
 * workspace named is contacted only once the user approved its origin, or when the user's own
 * settings name that origin already.
 */
export function accessFor(entry: ServerEntry, approvals: ReadonlyMap<string, Approval>, userOrigins: ReadonlySet<string>): Access {
  if (entry.source !== 'workspace') return { contact: true, sendKey: true };
  if (userOrigins.has(entry.origin)) return { contact: true, sendKey: true };
  switch (approvals.get(entry.origin)) {
    case 'connect':
      return { contact: true, sendKey: true };
    case 'connectWithoutKey':
      return { contact: true, sendKey: false };
    case 'ignore':
      return { contact: false, reason: 'ignored' };
    default:
      return { contact: false, reason: 'needsApproval' };
  }
}

/** The origins the user's own settings name (not the default, not the workspace's). */
export function userOrigins(servers: readonly ServerEntry[]): Set<string> {
  return new Set(servers.filter((s) => (s.source === 'user' || s.source === 'local') && s.origin).map((s) => s.origin));
}
