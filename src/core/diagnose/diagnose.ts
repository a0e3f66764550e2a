// "Diagnose Connection": what a server can and cannot do, checked in order and written as a
// plain-text report a user can read and copy. Each check says passed or failed and what to do.
// Free of `vscode`; the command in src/extension only shows the report.
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

const TITLES: Record<Check['id'], string> = {
  answers: 'The server answers',
  health: 'Health (/healthz) and the worker service',
  workersApi: 'The Workers API is there',
  key: 'The API key is accepted',
  jobReads: 'Jobs can be listed (GET /workers/jobs)',
  rateLimit: 'Rate-limit headroom',
  cron: 'The cron dialect the server accepts',
};

export async function diagnoseConnection(client: WorkersClient, options: DiagnoseOptions): Promise<Diagnosis> {
  const checks: Check[] = [];
  const answers: RawAnswer[] = [];
  const add = (id: Check['id'], outcome: CheckOutcome, detail: string, advice?: string) => checks.push({ id, title: TITLES[id], outcome, detail: plain(detail), advice });
  const skipRest = (reason: string) => {
    for (const id of Object.keys(TITLES) as Check['id'][]) if (!checks.some((c) => c.id === id)) add(id, 'skipped', reason);
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
    add('answers', 'failed', errorMessage(err), 'Check the server URL ("RipTide: Set Server URL"), that the server is running, and that nothing (a proxy, a firewall) is in between. For a local server: "RipTide: Start Local Server".');
    skipRest('The server did not answer.');
    return diagnosis();
  }
  add('answers', 'passed', `HTTP ${health.status} from GET /healthz.`);

  // 2. What /healthz says of the worker service.
  checkHealth(health, add);

  // 3 and 4. The Workers API and the key, from one read of the queue stats.
  const stats = await probe('GET', '/workers/stats/queue');
  const api = checkWorkersApi(stats, options.keySet, add);
  if (api !== 'usable') {
    skipRest(api === 'missing' ? 'The Workers API is not there.' : api === 'key' ? 'The API key was not accepted.' : 'The Workers API did not answer.');
    checkRateLimit(answers, options.budgetPerMinute, add, checks);
    return diagnosis();
  }

  // 5. Job reads (405 on every GET under /workers/jobs: RipTide's request validation).
  const jobs = await probe('GET', '/workers/jobs?limit=1');
  if (askedToWait(jobs)) add('jobReads', 'unknown', `${describe(jobs, 'GET /workers/jobs')} The server asks to wait ${jobs.headers['retry-after']} s.`, AGAIN);
  else if (isOk(jobs)) add('jobReads', 'passed', 'Listing jobs works; job status and results can be read.');
  else if (jobs.status === 405) {
    add(
      'jobReads',
      'failed',
      `HTTP 405 from GET /workers/jobs${jobs.headers.allow ? ` (Allow: ${jobs.headers.allow})` : ''}: this RipTide server refuses every GET under /workers/jobs, a known defect of its request validation.`,
      'Nothing to fix on your side: counts, schedules, worker stats and submission still work. The Jobs view shows the counts only; job status and results cannot be read from this server until RipTide fixes it.',
    );
  } else add('jobReads', 'failed', describe(jobs, 'GET /workers/jobs'), 'See the server\'s log for why it refused.');

  // 7 before 6, so the headroom check sees every answer of the diagnosis.
  await checkCron(probe, add);
  checkRateLimit(answers, options.budgetPerMinute, add, checks);
  checks.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));
  return diagnosis();
}

const ORDER = Object.keys(TITLES) as Check['id'][];

type Add = (id: Check['id'], outcome: CheckOutcome, detail: string, advice?: string) => void;

function checkHealth(health: RawAnswer, add: Add): void {
  if (health.status === 404) {
    add('health', 'unknown', 'This server has no /healthz (the local server in its contract mode has none; a RipTide server has one).');
    return;
  }
  const json = parseJson(health.text);
  if (!isOk(health) || !json || typeof json !== 'object') {
    add('health', 'warning', describe(health, 'GET /healthz'), 'The server answers, but not with a RipTide health report.');
    return;
  }
  const o = json as Record<string, unknown>;
  const overall = typeof o.status === 'string' ? o.status : 'unknown';
  const worker = (o.dependencies as Record<string, unknown> | undefined)?.worker_service as Record<string, unknown> | undefined;
  if (!worker || typeof worker !== 'object') {
    add('health', 'warning', `Overall: ${overall}. The health report says nothing of a worker service.`, 'A RipTide build without its `workers` feature reports no worker service; the next check tells.');
    return;
  }
  const state = typeof worker.status === 'string' ? worker.status : 'unknown';
  const message = typeof worker.message === 'string' ? ` (${worker.message})` : '';
  const healthy = /^(healthy|ok|up)$/i.test(state);
  add(
    'health',
    healthy ? 'passed' : 'failed',
    `Overall: ${overall}. Worker service: ${state}${message}.`,
    healthy ? undefined : 'Start RipTide with its worker service on (WORKERS_ENABLED=true) and check its Redis connection.',
  );
}

function checkWorkersApi(stats: RawAnswer, keySet: boolean, add: Add): 'usable' | 'missing' | 'key' | 'other' {
  const body = errorBody(stats.text);
  if (isOk(stats)) {
    add('workersApi', 'passed', 'GET /workers/stats/queue answers.');
    add('key', 'passed', keySet ? 'The key set for this server is accepted.' : 'No key is set and none is needed: this server does not require authentication.');
    return 'usable';
  }
  if (stats.status === 401) {
    add('workersApi', 'passed', 'The Workers API answers (behind authentication).');
    add(
      'key',
      'failed',
      `HTTP 401 from GET /workers/stats/queue${body.message ? `: ${body.message}` : ''}.`,
      keySet ? 'The server refused the key set for it: set the right one with "RipTide: Set API Key".' : 'This server requires an API key: set one with "RipTide: Set API Key".',
    );
    return 'key';
  }
  if (stats.status === 404) {
    if (body.shape === 'envelope') {
      add(
        'workersApi',
        'failed',
        `HTTP 404 (a JSON error from the router) on GET /workers/stats/queue${body.message ? `: ${body.message}` : ''}: this RipTide server was built without its \`workers\` feature, so none of the /workers routes exist.`,
        'Build RipTide with the `workers` Cargo feature (it is not a default, and the Docker image is built without it), or point the extension at a server that has it.',
      );
    } else {
      add('workersApi', 'failed', describe(stats, 'GET /workers/stats/queue'), 'No Workers API at this URL: check the server URL (and its path prefix, if the API sits behind one).');
    }
    return 'missing';
  }
  if (askedToWait(stats)) {
    add('workersApi', 'warning', `${describe(stats, 'GET /workers/stats/queue')} The server asks to wait ${stats.headers['retry-after']} s.`, 'The server is rate-limiting this key (or is at capacity): run the diagnosis again after the wait, and lower riptide.requestBudgetPerMinute if other clients share the key.');
    return 'other';
  }
  if (stats.status === 503) {
    add(
      'workersApi',
      'failed',
      `${describe(stats, 'GET /workers/stats/queue')} The worker service is off.`,
      'Start RipTide with WORKERS_ENABLED=true (and a reachable Redis); the /workers routes answer 503 until then.',
    );
    return 'missing';
  }
  add('workersApi', 'failed', describe(stats, 'GET /workers/stats/queue'), 'See the server\'s log for why it refused.');
  return 'other';
}

async function checkCron(probe: (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) => Promise<RawAnswer>, add: Add): Promise<void> {
  // A classic five-field expression in a disabled schedule: RipTide's `cron` crate rejects five
  // fields, so nothing is created there; a server that takes it gets the schedule deleted at once
  // (disabled, it cannot run in between).
  const created = await probe('POST', '/workers/schedule', {
    name: CRON_PROBE_NAME,
    cron_expression: '0 0 1 1 *',
    job_template: { type: 'custom', job_name: 'Custom', payload: { diagnosis_probe: true } },
    priority: 'Low',
    enabled: false,
  });
  if (askedToWait(created)) {
    add('cron', 'unknown', `${describe(created, 'POST /workers/schedule')} The server asks to wait ${created.headers['retry-after']} s; nothing was created.`, AGAIN);
    return;
  }
  const server = 'Write schedules in the server dialect (sec min hour day month weekday [year]; weekday 1 = Sunday, or names SUN-SAT; day of month AND day of week). Keep riptide.cronDialect at "server"; job files in classic form are converted on submit.';
  if (created.status === 400 || created.status === 422) {
    const said = errorBody(created.text).message;
    add('cron', 'passed', `The server refused the five-field expression '0 0 1 1 *'${said ? ` (${said})` : ''}: it speaks RipTide's dialect. Nothing was created.`, server);
    return;
  }
  if (isOk(created)) {
    const id = (parseJson(created.text) as { id?: unknown } | undefined)?.id;
    const deleted = typeof id === 'string' ? await probe('DELETE', `/workers/schedule/${encodeURIComponent(id)}`) : undefined;
    const cleanup = deleted && isOk(deleted) ? 'The probe schedule (disabled) was deleted again.' : `The probe schedule "${CRON_PROBE_NAME}" (disabled) could not be deleted: delete it in the Schedules view.`;
    add('cron', deleted && isOk(deleted) ? 'passed' : 'warning', `The server accepted the five-field expression '0 0 1 1 *': it takes classic cron as well. ${cleanup}`, 'Either dialect works here; the server dialect also works on a RipTide server.');
    return;
  }
  add('cron', 'unknown', `${describe(created, 'POST /workers/schedule')} The dialect could not be probed.`, server);
}

const RATE_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit'];

function checkRateLimit(answers: RawAnswer[], budget: number | undefined, add: Add, checks: Check[]): void {
  const ours = budget ? ` The extension keeps to ${budget} requests per minute (riptide.requestBudgetPerMinute).` : '';
  const limited = answers.find((a) => a.status === 429);
  if (limited) {
    checks.push({
      id: 'rateLimit',
      title: TITLES.rateLimit,
      outcome: 'warning',
      detail: plain(`The server answered 429 during the diagnosis${limited.headers['retry-after'] ? ` and asked to wait ${limited.headers['retry-after']} s` : ''}: this key has no headroom left in this window.${ours}`),
      advice: 'Other clients may share the key: lower riptide.requestBudgetPerMinute, or close views you do not need (hidden views send nothing).',
    });
    return;
  }
  const last = [...answers].reverse().find((a) => RATE_HEADERS.some((h) => a.headers[h] !== undefined));
  if (last) {
    const shown = RATE_HEADERS.filter((h) => last.headers[h] !== undefined).map((h) => `${h}: ${last.headers[h]}`).join(', ');
    add('rateLimit', 'passed', `The server announces its limit: ${shown}.${ours}`);
    return;
  }
  add(
    'rateLimit',
    'unknown',
    `The server does not announce its limit (a RipTide server sends Retry-After only with a 429; its default is 100 requests per minute per key).${ours}`,
    'Leave room under the server\'s limit for your other clients using the same key; the extension pauses by itself when the server answers 429.',
  );
}

const AGAIN = 'Run the diagnosis again once the wait has passed.';

/** A 429, or a 503 at capacity: the request was not taken, the server asks to come back later. */
function askedToWait(a: RawAnswer): boolean {
  return (a.status === 429 || a.status === 503) && a.headers['retry-after'] !== undefined;
}

function isOk(a: RawAnswer): boolean {
  return a.status >= 200 && a.status < 300;
}

function describe(a: RawAnswer, endpoint: string): string {
  const said = errorBody(a.text).message;
  return `HTTP ${a.status} from ${endpoint}${said ? `: ${said}` : ''}.`;
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
    return '(not a valid URL)';
  }
}

const MARKS: Record<CheckOutcome, string> = { passed: 'PASSED ', failed: 'FAILED ', warning: 'WARNING', unknown: 'UNKNOWN', skipped: 'SKIPPED' };

/** The report as plain text, to show in a read-only document and to copy. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines = ['RipTide connection diagnosis', '', `Server:  ${d.server}`, `API key: ${d.keySet ? 'set (not shown)' : 'none set'}`, `Checked: ${d.at.toISOString()}`, ''];
  d.checks.forEach((c, i) => {
    lines.push(`${i + 1}. [${MARKS[c.outcome]}] ${c.title}`);
    lines.push(...wrap(c.detail, '     '));
    if (c.advice && c.outcome !== 'passed' && c.outcome !== 'skipped') lines.push(...wrap(`What to do: ${c.advice}`, '     '));
    else if (c.advice && c.id === 'cron') lines.push(...wrap(c.advice, '     '));
    lines.push('');
  });
  const count = (o: CheckOutcome) => d.checks.filter((c) => c.outcome === o).length;
  lines.push(`Summary: ${count('passed')} passed, ${count('failed')} failed, ${count('warning')} warning(s), ${count('unknown')} unknown, ${count('skipped')} skipped.`);
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
  return c ? `${c.title}: ${c.detail}` : undefined;
}
