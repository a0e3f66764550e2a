// CLI entry (bundled to dist/server.js): runs the local Workers server in the foreground.
import { USAGE, parseCliArgs } from './cliArgs';
import { startWorkersServer } from './index';
import { readyLine } from './readyLine';

async function main(): Promise<number> {
  let command;
  try {
    command = parseCliArgs(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`Error: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const { options, quiet } = command;
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  const warn = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  let server;
  try {
    server = await startWorkersServer({ ...options, log: quiet ? undefined : log, warn });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const where = `${options.host}:${options.port}`;
    const message =
      err.code === 'EADDRINUSE' ? `port ${options.port} is already in use on ${options.host} (choose another with --port)`
      : err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND' ? `cannot listen on ${where}: address not available`
      : err.code === 'EACCES' ? `permission denied to listen on ${where}`
      : err.message;
    process.stderr.write(`Error: ${message}\n`);
    return 1;
  }
  // The last line of defence: whatever escaped every handler is logged and the server keeps serving.
  process.on('uncaughtException', (err) => warn(`Internal error (the server keeps serving): ${err.stack ?? err.message}`));
  process.on('unhandledRejection', (err) => warn(`Internal error (the server keeps serving): ${(err as Error)?.stack ?? String(err)}`));
  process.stdout.write(readyLine(server.url));
  if (options.apiKey) process.stdout.write('API key required (X-API-Key or Authorization: Bearer)\n');
  if (options.paused) process.stdout.write('Pool paused: jobs are queued but not processed\n');

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`\n${signal} received, stopping\n`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  await server.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`Error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
