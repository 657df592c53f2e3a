/**
 * The dev-server side of the Storybook emulator, loaded through Vite (`ssrLoadModule`) by vitePlugin.ts so that
 * TypeScript sources with extensionless imports resolve as they do everywhere else.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createDocumentsApiMock, type DocumentsApiMock } from '../../src/mock';
import { createMockMiddleware, type MockMiddleware } from '../../src/mock/server';
import { applyControl, type ControlRequest, type EmulatorOptions } from './protocol';

export const EMULATOR_PREFIX = '/__lrd';

interface Instance {
  mock: DocumentsApiMock;
  middleware: MockMiddleware;
  origin: string;
  options: EmulatorOptions;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

/** Creates the request handler the plugin mounts: emulator routes under /__lrd, and POST /__lrd/control. */
export function createEmulatorHost(defaults: EmulatorOptions) {
  let instance: Instance | undefined;

  // Created on the first request, on the origin the dev server really listens on (its port may differ from 6006).
  function ensure(req: IncomingMessage, options: EmulatorOptions | undefined): Instance {
    // the Host the page used (localhost or 127.0.0.1): signed URLs must be same-origin with the page
    const origin = `http://${req.headers.host ?? `localhost:${req.socket.localPort ?? 6006}`}`;
    const wanted = { ...defaults, ...options };
    if (
      instance !== undefined &&
      instance.origin === origin &&
      (options === undefined || JSON.stringify(instance.options) === JSON.stringify(wanted))
    ) {
      return instance;
    }
    instance?.mock.dispose();
    const mock = createDocumentsApiMock({
      baseUrl: `${origin}${EMULATOR_PREFIX}/api`,
      storageUrl: `${origin}${EMULATOR_PREFIX}/storage`,
      quiet: true,
      ...wanted,
    });
    instance = { mock, middleware: createMockMiddleware(mock), origin, options: wanted };
    return instance;
  }

  async function control(req: IncomingMessage, res: ServerResponse) {
    try {
      const request = (await readJson(req)) as ControlRequest;
      const current = ensure(req, request.op === 'reset' ? (request.options ?? {}) : undefined);
      const connection = await applyControl(current.mock, request);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(connection));
    } catch (error) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: String(error) }));
    }
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (!path.startsWith(`${EMULATOR_PREFIX}/`)) {
        next();
        return;
      }
      if (path === `${EMULATOR_PREFIX}/control` && req.method === 'POST') {
        void control(req, res);
        return;
      }
      ensure(req, undefined).middleware(req, res, next);
    },
    dispose(): void {
      instance?.mock.dispose();
      instance = undefined;
    },
  };
}
