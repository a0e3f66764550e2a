// "Diagnose Connection": what a server can and cannot do, checked in order and written as a
// plain-text report a user can read and copy. Each check says passed or failed and what to do.
// Free of `vscode`; the command in src/extension only shows the report. Texts go through
// @vscode/l10n and are looked up when a check is written, never at module load.
import * as l10n from '@vscode/l10n';
import { CancelledError, errorBody, errorMessage, type RawAnswer, type WorkersClient } from '../../api';

export type CheckOutcome = 'passed' | 'failed' | 'warning' | 'unknown' | 'skipped';

export interface Check {
  id: 'answers' | 'health' | 'workersApi' | 'key' | 'jobReads' | 'rateLimit' | 'cron';
  title: string;
  outcome: CheckOutcome;
  /** What was seen (server text included, always as plain text). */
  detail: string;
  /** What to do about it, when there is something to do. */
  advice?: string;
}

export interface Diagnosis {
  /** The server URL without credentials, query or fragment. */
  server: string;
  keySet: boolean;
  at: Date;
  checks: Check[];
}

export interface DiagnoseOptions {
  serverUrl: string;
  /** Whether an API key is set for this server (the key itself never reaches the report). */
  keySet: boolean;
  /** The extension's request budget per minute, for the rate-limit check. */
  budgetPerMinute?: number;
  signal?: AbortSignal;
}

/** The name of the schedule the cron check creates (disabled) and deletes at once. */
export const CRON_PROBE_NAME = 'riptide-jobs diagnosis probe (disabled, safe to delete)';

/** The checks, in the order the report lists them. */
const ORDER: readonly Check['id'][] = ['answers', 'health', 'workersApi', 'key', 'jobReads', 'rateLimit', 'cron'];

/** A check's title in the display language. */
function titleOf(id: Check['id']): string {
  switch (id) {
    case 'answers':
      return l10n.t('The server answers');
    case 'health':
      return l10n.t('Health (/healthz) and the worker service');
    case 'workersApi':
      return l10n.t('The Workers API is there');
    case 'key':
      return l10n.t('The API key is accepted');
    case 'jobReads':
      return l10n.t('Jobs can be listed (GET /workers/jobs)');
    case 'rateLimit':
      return l10n.t('Rate-limit headroom');
    case 'cron':
      return l10n.t('The cron dialect the server accepts');
  }
}

export async function diagnoseConnection(client: WorkersClient, options: DiagnoseOptions): Promise<Diagnosis> {
  const checks: Check[] = [];
  const answers: RawAnswer[] = [];
  const add = (id: Check['id'], outcome: CheckOutcome, detail: string, advice?: string) => checks.push({ id, title: titleOf(id), outcome, detail: plain(detail), advice });
  const skipRest = (reason: string) => {
    for (const id of ORDER) if (!checks.some((c) => c.id === id)) add(id, 'skipped', reason);
  };
  const probe = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => {
    const answer = await client.probe(method, path, { signal: options.signal, body });
    answers.push(answer);
    return answer;
  };
  const diagnosis = (): Diagnosis => ({ server: safeUrl(options.serverUrl), keySet: options.keySet, at: new Date(), checks });

  // 1. The server answers at all (/healthz is public on RipTide; any answer will do here).
  let health: RawAnswer;
  try {
    health = await probe('GET', '/healthz');
  } catch (err) {
    if (err instanceof CancelledError) throw err;
    add('answers', 'failed', errorMessage(err), l10n.t('Check the server URL ("RipTide: Set Server URL"), that the server is running, and that nothing (a proxy, a firewall) is in between. For a local server: "RipTide: Start Local Server".'));
    skipRest(l10n.t('The server did not answer.'));
    return diagnosis();
  }
  add('answers', 'passed', l10n.t('HTTP {0} from {1}.', health.status, 'GET /healthz'));

  // 2. What /healthz says of the worker service.
  checkHealth(health, add);

  // 3 and 4. The Workers API and the key, from one read of the queue stats.
  const stats = await probe('GET', '/workers/stats/queue');
  const api = checkWorkersApi(stats, options.keySet, add);
  if (api !== 'usable') {
    skipRest(api === 'missing' ? l10n.t('The Workers API is not there.') : api === 'key' ? l10n.t('The API key was not accepted.') : l10n.t('The Workers API did not answer.'));
    checkRateLimit(answers, options.budgetPerMinute, add, checks);
    return diagnosis();
  }

  // 5. Job reads (405 on every GET under /workers/jobs: RipTide's request validation).
  const jobs = await probe('GET', '/workers/jobs?limit=1');
  if (askedToWait(jobs)) add('jobReads', 'unknown', askedToWaitWords(jobs, 'GET /workers/jobs'), again());
  else if (isOk(jobs)) add('jobReads', 'passed', l10n.t('Listing jobs works; job status and results can be read.'));
  else if (jobs.status === 405) {
    add(
      'jobReads',
      'failed',
      jobs.headers.allow
        ? l10n.t('HTTP 405 from GET /workers/jobs (Allow: {0}): this RipTide server refuses every GET under /workers/jobs, a known defect of its request validation.', jobs.headers.allow)
        : l10n.t('HTTP 405 from GET /workers/jobs: this RipTide server refuses every GET under /workers/jobs, a known defect of its request validation.'),
      l10n.t('Nothing to fix on your side: counts, schedules, worker stats and submission still work. The Jobs view shows the counts only; job status and results cannot be read from this server until RipTide fixes it.'),
    );
  } else add('jobReads', 'failed', describe(jobs, 'GET /workers/jobs'), seeTheLog());

  // 7 before 6, so the headroom check sees every answer of the diagnosis.
  await checkCron(probe, add);
  checkRateLimit(answers, options.budgetPerMinute, add, checks);
  checks.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
  return diagnosis();
}

type Add = (id: Check['id'], outcome: CheckOutcome, detail: string, advice?: string) => void;

function checkHealth(health: RawAnswer, add: Add): void {
  if (health.status === 404) {
    add('health', 'unknown', l10n.t('This server has no /healthz (the local server in its contract mode has none; a RipTide server has one).'));
    return;
  }
  const json = parseJson(health.text);
  if (!isOk(health) || !json || typeof json !== 'object') {
    add('health', 'warning', describe(health, 'GET /healthz'), l10n.t('The server answers, but not with a RipTide health report.'));
    return;
  }
  const o = json as Record<string, unknown>;
  const overall = typeof o.status === 'string' ? o.status : l10n.t('unknown');
  const worker = (o.dependencies as Record<string, unknown> | undefined)?.worker_service as Record<string, unknown> | undefined;
  if (!worker || typeof worker !== 'object') {
    add('health', 'warning', l10n.t('Overall: {0}. The health report says nothing of a worker service.', overall), l10n.t('A RipTide build without its `workers` feature reports no worker service; the next check tells.'));
    return;
  }
  const state = typeof worker.status === 'string' ? worker.status : undefined;
  const healthy = state !== undefined && /^(healthy|ok|up)$/i.test(state);
  const said = { overall, state: state ?? l10n.t('unknown'), message: typeof worker.message === 'string' ? worker.message : '' };
  add(
    'health',
    healthy ? 'passed' : 'failed',
    said.message ? l10n.t('Overall: {overall}. Worker service: {state} ({message}).', said) : l10n.t('Overall: {overall}. Worker service: {state}.', said),
    healthy ? undefined : l10n.t('Start RipTide with its worker service on (WORKERS_ENABLED=true) and check its Redis connection.'),
  );
}

function checkWorkersApi(stats: RawAnswer, keySet: boolean, add: Add): 'usable' | 'missing' | 'key' | 'other' {
  const body = errorBody(stats.text);
  if (isOk(stats)) {
    add('workersApi', 'passed', l10n.t('{0} answers.', 'GET /workers/stats/queue'));
    add('key', 'passed', keySet ? l10n.t('The key set for this server is accepted.') : l10n.t('No key is set and none is needed: this server does not require authentication.'));
    return 'usable';
  }
  if (stats.status === 401) {
    add('workersApi', 'passed', l10n.t('The Workers API answers (behind authentication).'));
    add(
      'key',
      'failed',
      describe(stats, 'GET /workers/stats/queue'),
      keySet ? l10n.t('The server refused the key set for it: set the right one with "RipTide: Set API Key".') : l10n.t('This server requires an API key: set one with "RipTide: Set API Key".'),
    );
    return 'key';
  }
  if (stats.status === 404) {
    if (body.shape === 'envelope') {
      add(
        'workersApi',
        'failed',
        body.message
          ? l10n.t('HTTP 404 (a JSON error from the router) on GET /workers/stats/queue: {0}: this RipTide server was built without its `workers` feature, so none of the /workers routes exist.', body.message)
          : l10n.t('HTTP 404 (a JSON error from the router) on GET /workers/stats/queue: this RipTide server was built without its `workers` feature, so none of the /workers routes exist.'),
        l10n.t('Build RipTide with the `workers` Cargo feature (it is not a default, and the Docker image is built without it), or point the extension at a server that has it.'),
      );
    } else {
      add('workersApi', 'failed', describe(stats, 'GET /workers/stats/queue'), l10n.t('No Workers API at this URL: check the server URL (and its path prefix, if the API sits behind one).'));
    }
    return 'missing';
  }
  if (askedToWait(stats)) {
    add('workersApi', 'warning', askedToWaitWords(stats, 'GET /workers/stats/queue'), l10n.t('The server is rate-limiting this key (or is at capacity): run the diagnosis again after the wait, and lower riptide.requestBudgetPerMinute if other clients share the key.'));
    return 'other';
  }
  if (stats.status === 503) {
    add(
      'workersApi',
      'failed',
      l10n.t('{0} The worker service is off.', describe(stats, 'GET /workers/stats/queue')),
      l10n.t('Start RipTide with WORKERS_ENABLED=true (and a reachable Redis); the /workers routes answer 503 until then.'),
    );
    return 'missing';
  }
  add('workersApi', 'failed', describe(stats, 'GET /workers/stats/queue'), seeTheLog());
  return 'other';
}

/** A classic five-field expression (once a year): RipTide's dialect has six or seven fields. */
const CLASSIC_PROBE = '0 0 1 1 *';

async function checkCron(probe: (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => Promise<RawAnswer>, add: Add): Promise<void> {
  // A classic five-field expression in a disabled schedule: RipTide's `cron` crate rejects five
  // fields, so nothing is created there; a server that takes it gets the schedule deleted at once
  // (disabled, it cannot run in between).
  const created = await probe('POST', '/workers/schedule', {
    name: CRON_PROBE_NAME,
    cron_expression: CLASSIC_PROBE,
    job_template: { type: 'custom', job_name: 'Custom', payload: { diagnosis_probe: true } },
    priority: 'Low',
    enabled: false,
  });
  if (askedToWait(created)) {
    add('cron', 'unknown', l10n.t('{0} The server asks to wait {1} s; nothing was created.', describe(created, 'POST /workers/schedule'), created.headers['retry-after'] ?? ''), again());
    return;
  }
  const server = l10n.t('Write schedules in the server dialect (sec min hour day month weekday [year]; weekday 1 = Sunday, or names SUN-SAT; day of month AND day of week). Keep riptide.cronDialect at "server"; job files in classic form are converted on submit.');
  if (created.status === 400 || created.status === 422) {
    const said = errorBody(created.text).message;
    const detail = said
      ? l10n.t("The server refused the five-field expression '{0}' ({1}): it speaks RipTide's dialect. Nothing was created.", CLASSIC_PROBE, said)
      : l10n.t("The server refused the five-field expression '{0}': it speaks RipTide's dialect. Nothing was created.", CLASSIC_PROBE);
    add('cron', 'passed', detail, server);
    return;
  }
  if (isOk(created)) {
    const id = (parseJson(created.text) as { id?: unknown } | undefined)?.id;
    const deleted = typeof id === 'string' ? await probe('DELETE', `/workers/schedule/${encodeURIComponent(id)}`) : undefined;
    const cleanedUp = deleted !== undefined && isOk(deleted);
    const detail = cleanedUp
      ? l10n.t("The server accepted the five-field expression '{0}': it takes classic cron as well. The probe schedule (disabled) was deleted again.", CLASSIC_PROBE)
      : l10n.t('The server accepted the five-field expression \'{0}\': it takes classic cron as well. The probe schedule "{1}" (disabled) could not be deleted: delete it in the Schedules view.', CLASSIC_PROBE, CRON_PROBE_NAME);
    add('cron', cleanedUp ? 'passed' : 'warning', detail, l10n.t('Either dialect works here; the server dialect also works on a RipTide server.'));
    return;
  }
  add('cron', 'unknown', l10n.t('{0} The dialect could not be probed.', describe(created, 'POST /workers/schedule')), server);
}

const RATE_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit'];

function checkRateLimit(answers: RawAnswer[], budget: number | undefined, add: Add, checks: Check[]): void {
  // The extension's own budget, as a sentence after what the server said.
  const withOurs = (said: string) => (budget ? `${said} ${l10n.t('The extension keeps to {0} requests per minute (riptide.requestBudgetPerMinute).', budget)}` : said);
  const limited = answers.find((a) => a.status === 429);
  if (limited) {
    const wait = limited.headers['retry-after'];
    checks.push({
      id: 'rateLimit',
      title: titleOf('rateLimit'),
      outcome: 'warning',
      detail: plain(
        withOurs(
          wait
            ? l10n.t('The server answered 429 during the diagnosis and asked to wait {0} s: this key has no headroom left in this window.', wait)
            : l10n.t('The server answered 429 during the diagnosis: this key has no headroom left in this window.'),
        ),
      ),
      advice: l10n.t('Other clients may share the key: lower riptide.requestBudgetPerMinute, or close views you do not need (hidden views send nothing).'),
    });
    return;
  }
  const last = [...answers].reverse().find((a) => RATE_HEADERS.some((h) => a.headers[h] !== undefined));
  if (last) {
    const shown = RATE_HEADERS.filter((h) => last.headers[h] !== undefined).map((h) => `${h}: ${last.headers[h]}`).join(', ');
    add('rateLimit', 'passed', withOurs(l10n.t('The server announces its limit: {0}.', shown)));
    return;
  }
  add(
    'rateLimit',
    'unknown',
    withOurs(l10n.t('The server does not announce its limit (a RipTide server sends Retry-After only with a 429; its default is 100 requests per minute per key).')),
    l10n.t("Leave room under the server's limit for your other clients using the same key; the extension pauses by itself when the server answers 429."),
  );
}

function again(): string {
  return l10n.t('Run the diagnosis again once the wait has passed.');
}

function seeTheLog(): string {
  return l10n.t("See the server's log for why it refused.");
}

/** "HTTP 429 from GET /workers/jobs. The server asks to wait 30 s." */
function askedToWaitWords(a: RawAnswer, endpoint: string): string {
  return l10n.t('{0} The server asks to wait {1} s.', describe(a, endpoint), a.headers['retry-after'] ?? '');
}

/** A 429, or a 503 at capacity: the request was not taken, the server asks to come back later. */
function askedToWait(a: RawAnswer): boolean {
  return (a.status === 429 || a.status === 503) && a.headers['retry-after'] !== undefined;
}

function isOk(a: RawAnswer): boolean {
  return a.status >= 200 && a.status < 300;
}

function describe(a: RawAnswer, endpoint: string): string {
  const said = errorBody(a.text).message;
  return said ? l10n.t('HTTP {0} from {1}: {2}.', a.status, endpoint, said) : l10n.t('HTTP {0} from {1}.', a.status, endpoint);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Server text as one line of plain text: no control characters (the report is plain text anyway). */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/** The URL without user name, password, query or fragment. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return l10n.t('(not a valid URL)');
  }
}

/** An outcome as the report marks it: PASSED, FAILED... */
function markOf(outcome: CheckOutcome): string {
  switch (outcome) {
    case 'passed':
      return l10n.t('PASSED');
    case 'failed':
      return l10n.t('FAILED');
    case 'warning':
      return l10n.t('WARNING');
    case 'unknown':
      return l10n.t('UNKNOWN');
    case 'skipped':
      return l10n.t('SKIPPED');
  }
}

const OUTCOMES: readonly CheckOutcome[] = ['passed', 'failed', 'warning', 'unknown', 'skipped'];

/** The report as plain text, to show in a read-only document and to copy. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines = [
    l10n.t('RipTide connection diagnosis'),
    '',
    l10n.t('Server:  {0}', d.server),
    d.keySet ? l10n.t('API key: set (not shown)') : l10n.t('API key: none set'),
    l10n.t('Checked: {0}', d.at.toISOString()),
    '',
  ];
  // The marks padded to one width, so the titles line up.
  const width = Math.max(...OUTCOMES.map((o) => markOf(o).length));
  d.checks.forEach((c, i) => {
    lines.push(`${i + 1}. [${markOf(c.outcome).padEnd(width)}] ${c.title}`);
    lines.push(...wrap(c.detail, '     '));
    if (c.advice && c.outcome !== 'passed' && c.outcome !== 'skipped') lines.push(...wrap(l10n.t('What to do: {0}', c.advice), '     '));
    else if (c.advice && c.id === 'cron') lines.push(...wrap(c.advice, '     '));
    lines.push('');
  });
  const count = (o: CheckOutcome) => d.checks.filter((c) => c.outcome === o).length;
  lines.push(
    l10n.t('Summary: {passed} passed, {failed} failed, {warning} warning(s), {unknown} unknown, {skipped} skipped.', {
      passed: count('passed'),
      failed: count('failed'),
      warning: count('warning'),
      unknown: count('unknown'),
      skipped: count('skipped'),
    }),
  );
  return lines.join('\n') + '\n';
}

function wrap(text: string, indent: string, width = 96): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

/** A one-line summary of the first failure, for notifications. */
export function firstProblem(d: Diagnosis): string | undefined {
  const c = d.checks.find((x) => x.outcome === 'failed');
  return c ? l10n.t('{title}: {detail}', { title: c.title, detail: c.detail }) : undefined;
}
