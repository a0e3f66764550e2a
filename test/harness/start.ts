// `npm start`: the extension as a user gets it, in a real VS Code on this machine. Builds and
// packages the VSIX (the npm script does that first), starts the local Workers server and
// code-server with the VSIX installed on sample-workspace/ (the user settings' riptide.serverUrl
// set to the local server), prints the URL to open, and stops both on Ctrl-C.
//   Ports: RIPTIDE_SERVER_PORT (default 8080) and RIPTIDE_CODE_SERVER_PORT (default 8081);
//   a free port is used instead when the default one is taken.
import * as path from 'node:path';
import { cacheDir, sampleWorkspace } from './paths';
import { freePort, isPortTaken, onShutdown } from './processes';
import { startSession } from './session';

async function portOr(preferred: number): Promise<number> {
  return (await isPortTaken(preferred)) ? freePort() : preferred;
}

async function main(): Promise<void> {
  const session = await startSession({
    workspace: sampleWorkspace,
    // User data and extensions persist between runs of `npm start` (the VSIX is reinstalled each time).
    stateDir: path.join(cacheDir, 'start'),
    workersServerPort: await portOr(Number(process.env.RIPTIDE_SERVER_PORT ?? 8080)),
    codeServerPort: await portOr(Number(process.env.RIPTIDE_CODE_SERVER_PORT ?? 8081)),
    workersServerLog: (line) => console.log(`[workers] ${line}`),
  });
  let stopping = false;
  onShutdown(async () => {
    stopping = true;
    console.log('\nStopping code-server and the local Workers server…');
    await session.dispose();
  });
  console.log(
    [
      '',
      `  Local Workers server:  ${session.workersServer.url}`,
      `  VS Code (code-server): ${session.codeServer.workspaceUrl}`,
      '',
      `  Open the second URL in a browser. The sample workspace is ${path.relative(process.cwd(), sampleWorkspace) || '.'}/;`,
      '  the user settings point riptide.serverUrl at the local server. Ctrl-C stops both.',
      '',
    ].join('\n'),
  );
  const code = await session.codeServer.process.exited;
  if (stopping) return; // Ctrl-C: the shutdown hook is stopping everything and exits.
  console.error(`code-server stopped on its own (exit ${code}); stopping the local server.`);
  await session.dispose();
  process.exit(1);
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
