/**
 * Mounts the Documents API emulator on Storybook's (or any Vite) dev server, so `npm start` is one command and the
 * browser talks real HTTP to it: XHR upload progress and SSE are real (../shared/STACK.md). Also answers
 * `POST /__lrd/control` (see protocol.ts), through which each story sets up its emulator state.
 *
 * Only type imports here: Storybook evaluates main.ts with Node's loader, which cannot resolve the sources'
 * extensionless imports. The emulator itself is loaded through Vite (emulatorHost.ts).
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { createEmulatorHost } from './emulatorHost';
import type { EmulatorOptions } from './protocol';

export function documentsEmulatorPlugin(defaults: EmulatorOptions = {}): Plugin {
  return {
    name: 'lrd-documents-emulator',
    apply: 'serve',
    configureServer(server) {
      let host: Promise<ReturnType<typeof createEmulatorHost>> | undefined;
      const load = () =>
        (host ??= server
          .ssrLoadModule(fileURLToPath(new URL('./emulatorHost.ts', import.meta.url)))
          .then((mod) =>
            (mod as { createEmulatorHost: typeof createEmulatorHost }).createEmulatorHost(defaults),
          ));
      server.middlewares.use((req, res, next) => {
        if (!(req.url ?? '').startsWith('/__lrd/')) {
          next();
          return;
        }
        load().then(
          (h) => h.handle(req, res, next),
          (error: unknown) => next(error),
        );
      });
      server.httpServer?.once('close', () => void host?.then((h) => h.dispose()));
    },
  };
}
