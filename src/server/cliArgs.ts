// Command-line options of the local server (`npm run server -- --port 8080 ...`).
import { DEFAULT_HOST, DEFAULT_JOB_TTL_SECS, DEFAULT_PORT, DEFAULT_RESULT_TTL_SECS, DEFAULT_WORKERS, MIN_WORKERS, type WorkersServerOptions } from './index';
import { DEFAULT_REQUEST_TIMEOUT_SECS } from './guard';
import type { RiptideModeOptions } from './riptideMode';

export const USAGE = `Usage: riptide-workers-server [options]

Runs a local RipTide-compatible Workers server in the foreground (Ctrl-C stops it).

Options:
  --port <n>          port to listen on, 0 for any free port (default ${DEFAULT_PORT})
  --host <host>       address to bind (default ${DEFAULT_HOST})
  --workers <n>       worker pool size, at least ${MIN_WORKERS} (default ${DEFAULT_WORKERS})
  --api-key <key>     require this API key (X-API-Key or Authorization: Bearer);
                      prefer the RIPTIDE_API_KEY environment variable, which keeps the
                      key out of the process list
  --data-file <path>  keep jobs, results and schedules in this journal file
                      (default: memory only)
  --journal-compact-bytes <n>  with --data-file: compact the journal while running
                      once it is this large and twice its compacted size
                      (default 67108864, 64 MiB)
  --paused            start with the pool taking no jobs
  --result-ttl <s>    seconds a job result is kept (default 3600)
  --job-ttl <s>       seconds a finished (completed or dead-letter) job is kept, then
                      dropped from reads, lists, counts and the journal; at least
                      --result-ttl (default ${DEFAULT_JOB_TTL_SECS}, or --result-ttl if longer)
  --request-timeout <s>  seconds a client has to send a whole request, headers and
                      body, before it is answered 408 and closed (default ${DEFAULT_REQUEST_TIMEOUT_SECS})
  --riptide           answer as the real RipTide server does (its validation, error
                      bodies, rate limit, cron dialect and results quirks)
  --rate-limit <n>    with --riptide: requests per minute per client, 0 for none
                      (default 100)
  --refuse-job-reads  with --riptide: every GET under /workers/jobs answers 405
  --workers-api <b>   with --riptide: 'missing' (JSON 404 on /workers, a build without
                      the workers feature) or 'disabled' (503, WORKERS_ENABLED off)
  --stalled-workers   with --riptide: jobs stay Pending while the pool says it runs
  --quiet             do not log each request (warnings are still printed)
  -h, --help          show this help
`;

export type CliCommand = { help: true } | { help: false; options: WorkersServerOptions; quiet: boolean };

/** Parses argv (without node and script); throws an Error with a message for the user. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = {}): CliCommand {
  const options: WorkersServerOptions = { port: DEFAULT_PORT, host: DEFAULT_HOST };
  let quiet = false;
  const riptideFlags: RiptideModeOptions = {};
  const envKey = env.RIPTIDE_API_KEY;
  if (envKey) options.apiKey = envKey;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return { help: true };
      case '--port':
        options.port = integer(flag, value(), 0, 65535);
        break;
      case '--host':
        options.host = value();
        break;
      case '--workers':
        options.workers = integer(flag, value(), MIN_WORKERS, 1024);
        break;
      case '--api-key':
        options.apiKey = value();
        if (!options.apiKey) throw new Error('--api-key must not be empty');
        break;
      case '--data-file':
        options.dataFile = value();
        break;
      case '--result-ttl':
        options.resultTtlSecs = integer(flag, value(), 1, Number.MAX_SAFE_INTEGER);
        break;
      case '--job-ttl':
        options.jobTtlSecs = integer(flag, value(), 1, Number.MAX_SAFE_INTEGER);
        break;
      case '--request-timeout':
        options.requestTimeoutSecs = integer(flag, value(), 1, 3600);
        break;
      case '--journal-compact-bytes':
        options.journalCompactBytes = integer(flag, value(), 1, Number.MAX_SAFE_INTEGER);
        break;
      case '--paused':
        options.paused = true;
        break;
      case '--riptide':
        options.riptide ??= {};
        break;
      case '--rate-limit':
        riptideFlags.rateLimitPerMinute = integer(flag, value(), 0, 1_000_000);
        break;
      case '--refuse-job-reads':
        riptideFlags.refuseJobReads = true;
        break;
      case '--workers-api': {
        const build = value();
        if (build !== 'present' && build !== 'missing' && build !== 'disabled') throw new Error(`--workers-api must be 'present', 'missing' or 'disabled', got '${build}'`);
        riptideFlags.workersApi = build;
        break;
      }
      case '--stalled-workers':
        riptideFlags.stalledWorkers = true;
        break;
      case '--quiet':
        quiet = true;
        break;
      default:
        throw new Error(`Unknown option '${arg}'`);
    }
  }
  if (Object.keys(riptideFlags).length > 0) {
    if (!options.riptide) throw new Error(`${Object.keys(riptideFlags).map(flagOf).join(', ')} only apply with --riptide`);
    Object.assign(options.riptide, riptideFlags);
  }
  if (options.jobTtlSecs !== undefined && options.jobTtlSecs < (options.resultTtlSecs ?? DEFAULT_RESULT_TTL_SECS)) {
    throw new Error(`--job-ttl (${options.jobTtlSecs}) must be at least --result-ttl (${options.resultTtlSecs ?? DEFAULT_RESULT_TTL_SECS}): a finished job keeps its result`);
  }
  return { help: false, options, quiet };
}

const flagOf = (key: string): string => ({ rateLimitPerMinute: '--rate-limit', refuseJobReads: '--refuse-job-reads', workersApi: '--workers-api', stalledWorkers: '--stalled-workers' })[key] ?? key;

function integer(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min} to ${max}, got '${raw}'`);
  return n;
}
