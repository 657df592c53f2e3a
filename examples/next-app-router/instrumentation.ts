/**
 * Runs once when the Next.js server starts (`next dev` or `next start`). Without LIGHTREACH_BASE_URL it starts the
 * Documents API emulator (`react-lightreach-documents/mock/server`) in this process, on two loopback ports (the API
 * and a separate storage origin with real CORS, SSE and upload progress), and seeds a document: one command, no
 * other service to start.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { EMULATOR, usesEmulator } = await import('./lib/documentsConfig');
  if (!usesEmulator()) return;
  const holder = globalThis as { lightreachEmulator?: Promise<unknown> };
  // `next dev` may register again after a reload of this file: one emulator per process.
  holder.lightreachEmulator ??= (async () => {
    const { startMockServer } = await import('react-lightreach-documents/mock/server');
    const server = await startMockServer({
      port: EMULATOR.port,
      storagePort: EMULATOR.storagePort,
      accountId: EMULATOR.accountId,
      token: EMULATOR.token,
      processingDelayMs: 300,
    });
    await server.mock.seedDocuments([
      { filename: 'march-utility-bill.pdf', type: 'utilityBill', bytes: '%PDF-1.4\n% seeded\n' },
    ]);
    console.log(
      `Documents API emulator on ${server.url} (account ${server.accountId}); set LIGHTREACH_BASE_URL for a real API`,
    );
    return server;
  })();
  await holder.lightreachEmulator;
}
