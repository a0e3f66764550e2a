// Command-line options of the local server (`npm run server -- --port 8080 ...`).
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_WORKERS, MIN_WORKERS, type WorkersServerOptions } from './index';

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
  --paused            start with the pool taking no jobs
  --result-ttl <s>    seconds a job result is kept (default 3600)
  --quiet             do not log each request
  -h, --help          show this help
`;

export type CliCommand = { help: true } | { help: false; options: WorkersServerOptions; quiet: boolean };

/** Parses argv (without node and script); throws an Error with a message for the user. */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv = {}): CliCommand {
  const options: WorkersServerOptions = { port: DEFAULT_PORT, host: DEFAULT_HOST };
  let quiet = false;
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
      case '--paused':
        options.paused = true;
        break;
      case '--quiet':
        quiet = true;
        break;
      default:
        throw new Error(`Unknown option '${arg}'`);
    }
  }
  return { help: false, options, quiet };
}

function integer(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new Error(`${flag} must be an integer from ${min} to ${max}, got '${raw}'`);
  return n;
}
