/**
 * `npx react-lightreach-documents-mock` (or `npm run mock-server`): serves the Documents API emulator on loopback
 * HTTP until SIGINT/SIGTERM.
 *
 * Options: `--port <n>` (or env PORT; default 4010), `--storage-port <n>` (default port + 1), `--host <h>`
 * (default 127.0.0.1), `--processing-delay <ms>`, `--help`.
 */
import { USAGE, parseBinArgs, type BinArgs } from './binArgs';
import { startMockServer } from './server';

async function main(): Promise<void> {
  let args: BinArgs;
  try {
    args = parseBinArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const server = await startMockServer({
    port: args.port,
    storagePort: args.storagePort ?? (args.port === 0 ? 0 : args.port + 1),
    host: args.host,
    ...(args.processingDelayMs === undefined ? {} : { processingDelayMs: args.processingDelayMs }),
  });
  process.stdout.write(
    [
      'LightReach Documents API emulator',
      `  base URL:    ${server.url}`,
      `  storage URL: ${server.storageUrl}`,
      `  account id:  ${server.accountId}`,
      `  token:       ${server.token}`,
      `  e.g. curl -H "Authorization: Bearer ${server.token}" ${server.url}/api/v2/accounts/${server.accountId}/documents`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => {
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Failed to start the emulator: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
