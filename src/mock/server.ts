/**
 * `react-lightreach-documents/mock/server`: the emulator over real loopback HTTP (Node only), for browser tests,
 * local development and Storybook. Real HTTP gives real XHR upload progress and real SSE streaming.
 *
 * Two listeners: the API origin (`url`) and a separate storage origin (`storageUrl`) for signed upload and view
 * URLs, both answering CORS for localhost pages. `createMockMiddleware` mounts the same emulator on an existing
 * Connect-style dev server (Vite, Storybook) instead.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDocumentsApiMock } from './documentsApiMock';
import { allowLocalOrigins, applyCors, serveNodeRequest, type OriginPolicy } from './nodeHttp';
import type { DocumentsApiMock, DocumentsApiMockOptions } from './types';

export { allowLocalOrigins, type OriginPolicy } from './nodeHttp';

/** Options of {@link startMockServer}: the emulator's options plus where to listen. */
export interface MockServerOptions extends DocumentsApiMockOptions {
  /** Port of the API origin; `0` picks a free one. Defaults to `0`. */
  port?: number;
  /** Port of the storage origin; `0` picks a free one. Defaults to `0`. */
  storagePort?: number;
  /** Interface to listen on. Defaults to `'127.0.0.1'`. */
  host?: string;
  /** Which browser origins get CORS headers. Defaults to any localhost / 127.0.0.1 origin. */
  allowOrigin?: OriginPolicy;
}

/** A running emulator server. */
export interface MockServer {
  /** The API origin, e.g. `http://127.0.0.1:5123` (use as the client's `baseUrl`). */
  url: string;
  /** The storage origin signed URLs point at. */
  storageUrl: string;
  /** The seeded account. */
  accountId: string;
  /** A token for that account. */
  token: string;
  /** The emulator behind the server (db, control, …). */
  mock: DocumentsApiMock;
  /** Closes open streams and connections, clears timers and stops listening. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function hardenServer(server: Server): void {
  // Malformed HTTP never reaches the handlers: answer 400 and drop the socket instead of crashing.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}

function publicHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the emulator on two loopback ports (API and storage). `baseUrl`/`storageUrl` options are ignored: the
 * server's own origins are used.
 *
 * @example
 * const server = await startMockServer({ processingDelayMs: 20 });
 * const client = createDocumentsClient({ baseUrl: server.url, accountId: server.accountId, getAccessToken: () => server.token });
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const {
    port = 0,
    storagePort = 0,
    host = '127.0.0.1',
    allowOrigin = allowLocalOrigins,
    ...mockOptions
  } = options;
  // Requests that arrive before the emulator exists (between listen and creation) get 503.
  const state: { mock?: DocumentsApiMock } = {};
  const listener =
    (origin: () => string) =>
    (req: IncomingMessage, res: ServerResponse): void => {
      if (applyCors(req, res, allowOrigin)) return;
      const mock = state.mock;
      if (mock === undefined) {
        res.writeHead(503).end();
        return;
      }
      let url: URL;
      try {
        // The emulator's own origin, whatever Host the client used (localhost vs 127.0.0.1).
        url = new URL(req.url ?? '/', origin());
      } catch {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"statusCode":400,"message":"Bad URL"}');
        return;
      }
      void serveNodeRequest(mock, req, res, url);
    };
  let apiOrigin = '';
  let storageOrigin = '';
  const api = createServer(listener(() => apiOrigin));
  const storage = createServer(listener(() => storageOrigin));
  hardenServer(api);
  hardenServer(storage);
  try {
    const apiPort = await listen(api, port, host);
    const storagePortBound = await listen(storage, storagePort, host);
    apiOrigin = `http://${publicHost(host)}:${apiPort}`;
    storageOrigin = `http://${publicHost(host)}:${storagePortBound}`;
  } catch (error) {
    await Promise.all([closeServer(api), closeServer(storage)]);
    throw error;
  }
  const created = createDocumentsApiMock({ ...mockOptions, baseUrl: apiOrigin, storageUrl: storageOrigin });
  state.mock = created;
  let closing: Promise<void> | undefined;
  return {
    url: apiOrigin,
    storageUrl: storageOrigin,
    accountId: created.accountId,
    token: created.token,
    mock: created,
    close() {
      closing ??= (async () => {
        created.dispose();
        await Promise.all([closeServer(api), closeServer(storage)]);
      })();
      return closing;
    },
  };
}

/** A Connect/Express/Vite-style middleware. */
export type MockMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (err?: unknown) => void,
) => void;

/**
 * Mounts an emulator on an existing dev server (Vite's `configureServer`, Storybook's `viteFinal`, Express): it
 * answers requests under the mock's `baseUrl` path + `/api/` and under its `storageUrl` path, with CORS, and calls
 * `next()` for everything else. Create the mock with path-prefixed URLs on the dev server's origin, e.g.
 * `baseUrl: 'http://localhost:6006/__lrd/api'`, `storageUrl: 'http://localhost:6006/__lrd/storage'`.
 *
 * @example
 * // vite.config.ts
 * const mock = createDocumentsApiMock({ baseUrl: 'http://localhost:5173/__lrd/api', storageUrl: 'http://localhost:5173/__lrd/storage' });
 * export default { plugins: [{ name: 'lrd-mock', configureServer: (server) => { server.middlewares.use(createMockMiddleware(mock)); } }] };
 */
export function createMockMiddleware(
  mock: DocumentsApiMock,
  options: { allowOrigin?: OriginPolicy } = {},
): MockMiddleware {
  const allowOrigin = options.allowOrigin ?? allowLocalOrigins;
  const apiBase = new URL(mock.baseUrl);
  const storageBase = new URL(mock.storageUrl);
  const apiPrefix = `${apiBase.pathname.replace(/\/+$/, '')}/api/`;
  const storagePath = storageBase.pathname.replace(/\/+$/, '');
  // Without a path prefix the storage shares the dev server's root: claim only its two folders.
  const storagePrefixes = storagePath === '' ? ['/upload/', '/view/'] : [`${storagePath}/`];
  return (req, res, next) => {
    // Connect strips a mount path from req.url; originalUrl keeps the full path the prefixes are matched against.
    const fullUrl = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
    const path = fullUrl.split('?')[0] ?? '/';
    const origin = path.startsWith(apiPrefix)
      ? apiBase.origin
      : storagePrefixes.some((p) => path.startsWith(p))
        ? storageBase.origin
        : undefined;
    if (origin === undefined) {
      next();
      return;
    }
    try {
      if (applyCors(req, res, allowOrigin)) return;
      void serveNodeRequest(mock, req, res, new URL(fullUrl, origin), () => {
        next();
      });
    } catch (error) {
      next(error);
    }
  };
}
