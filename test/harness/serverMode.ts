// Which local Workers server a test session starts: the faithful contract (the default) or, with
// RIPTIDE_TEST_SERVER_MODE=riptide, its RipTide mode; RIPTIDE_TEST_SERVER_ARGS adds the server's
// own flags (e.g. "--rate-limit 0 --stalled-workers"), read by the server's CLI parser.
import type { WorkersServerOptions } from '../../src/server';
import { parseCliArgs } from '../../src/server/cliArgs';

export type SessionServerOptions = Pick<WorkersServerOptions, 'riptide'>;

export function workersServerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SessionServerOptions {
  const mode = env.RIPTIDE_TEST_SERVER_MODE || 'contract';
  if (mode !== 'contract' && mode !== 'riptide') throw new Error(`RIPTIDE_TEST_SERVER_MODE=${mode}: use "riptide" or "contract"`);
  const args = [...(mode === 'riptide' ? ['--riptide'] : []), ...(env.RIPTIDE_TEST_SERVER_ARGS ?? '').split(/\s+/).filter(Boolean)];
  let parsed;
  try {
    parsed = parseCliArgs(args);
  } catch (error) {
    throw new Error(`RIPTIDE_TEST_SERVER_ARGS: ${(error as Error).message}`);
  }
  if (parsed.help) throw new Error('RIPTIDE_TEST_SERVER_ARGS: --help is not a server option here');
  // Only the mode: the session owns the port, host and log, and a key would need the secret store.
  return { riptide: parsed.options.riptide };
}
