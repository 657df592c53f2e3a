/**
 * The portal's Vite config. Without VITE_LIGHTREACH_BASE_URL, `vite` and `vite preview` start the Documents API
 * emulator (`react-lightreach-documents/mock/server`) inside this process on two loopback ports (API and a separate
 * storage origin, with real CORS, SSE and upload progress) and point the app at it: one command, no other service.
 */
import { defineConfig, loadEnv, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const EMULATOR = { accountId: 'acc_portal', token: 'portal-dev-token' };

function documentsEmulator(port: number, storagePort: number): Plugin {
  let started: Promise<{ close(): Promise<void> }> | undefined;
  const start = async () => {
    const { startMockServer } = await import('react-lightreach-documents/mock/server');
    const server = await startMockServer({ port, storagePort, processingDelayMs: 300, ...EMULATOR });
    await server.mock.seedDocuments([
      { filename: 'march-utility-bill.pdf', type: 'utilityBill', bytes: '%PDF-1.4\n% seeded\n' },
    ]);
    console.log(`  Documents API emulator on ${server.url} (account ${server.accountId})`);
    return server;
  };
  const stopWith = (httpServer: { once(event: 'close', listener: () => void): unknown } | null) =>
    httpServer?.once('close', () => void started?.then((s) => s.close()));
  return {
    name: 'lightreach-documents-emulator',
    configureServer(server) {
      started ??= start();
      stopWith(server.httpServer);
    },
    configurePreviewServer(server) {
      started ??= start();
      stopWith(server.httpServer);
    },
  };
}

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), 'VITE_LIGHTREACH_');
  const real = env.VITE_LIGHTREACH_BASE_URL !== undefined && env.VITE_LIGHTREACH_BASE_URL !== '';
  const port = Number(process.env.LIGHTREACH_EMULATOR_PORT ?? 4020);
  const storagePort = Number(process.env.LIGHTREACH_STORAGE_PORT ?? port + 1);
  return {
    plugins: [react(), ...(real ? [] : [documentsEmulator(port, storagePort)])],
    // Without a real API, the app is built for the emulator (its demo account and token).
    define: real
      ? {}
      : {
          'import.meta.env.VITE_LIGHTREACH_BASE_URL': JSON.stringify(`http://127.0.0.1:${port}`),
          'import.meta.env.VITE_LIGHTREACH_ACCOUNT_ID': JSON.stringify(EMULATOR.accountId),
          'import.meta.env.VITE_LIGHTREACH_DEV_TOKEN': JSON.stringify(EMULATOR.token),
        },
  };
});
